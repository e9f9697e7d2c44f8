package io.hardmax.eval.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CanvasTest {
  @Test
  void svgAndPngComeFromOneDrawingAndEscapeText() {
    Canvas c = new Canvas(100, 50).text(10, 20, "<script>alert(1)</script>", 10, "#000000", "start", false)
        .circle(5, 5, 2, "#ff0000", null, "a & b");
    assertThat(c.toSvg()).contains("&lt;script&gt;").doesNotContain("<script>").contains("a &amp; b");
    byte[] png = c.toPng();
    assertThat(png[1]).isEqualTo((byte) 'P');
  }
}
