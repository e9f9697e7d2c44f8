package io.hardmax.eval.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Pca2Test {
  @Test
  void recoversKnownAxesWithFixedSigns() {
    // variance 9 along e3, 4 along e1, 0.01 along e2 and e4
    SplittableRandom rnd = new SplittableRandom(5);
    double[][] rows = new double[2000][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = new double[] {2 * g(rnd) + 1, 0.1 * g(rnd), 3 * g(rnd) - 2, 0.1 * g(rnd)};
    }
    Pca2 p = Pca2.fit(rows);
    assertThat(Math.abs(p.axes()[0][2])).isCloseTo(1, within(1e-2));
    assertThat(p.axes()[0][2]).isPositive();
    assertThat(Math.abs(p.axes()[1][0])).isCloseTo(1, within(1e-2));
    double dot = 0;
    for (int j = 0; j < 4; j++) {
      dot += p.axes()[0][j] * p.axes()[1][j];
    }
    assertThat(dot).isCloseTo(0, within(1e-9));
    assertThat(p.explainedShare()).isGreaterThan(0.99);
    assertThat(p.project(p.mean())).containsExactly(new double[] {0, 0}, within(1e-12));
  }

  @Test
  void svgAndPngComeFromOneDrawingAndEscapeText() {
    Canvas c = new Canvas(100, 50).text(10, 20, "<script>alert(1)</script>", 10, "#000000", "start", false)
        .circle(5, 5, 2, "#ff0000", null, "a & b");
    assertThat(c.toSvg()).contains("&lt;script&gt;").doesNotContain("<script>").contains("a &amp; b");
    byte[] png = c.toPng();
    assertThat(png[1]).isEqualTo((byte) 'P');
  }

  private static double g(SplittableRandom r) {
    return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
  }
}
