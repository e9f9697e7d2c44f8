package io.hardmax.spectral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PcaTest {

  @Test
  void recoversTheAxesOfAnElongatedCloud() {
    Random random = new Random(11);
    int n = 4000;
    double[][] rows = new double[n][3];
    for (double[] r : rows) {
      r[0] = 10 + 3 * random.nextGaussian();
      r[1] = -2 + 1 * random.nextGaussian();
      r[2] = 0.1 * random.nextGaussian();
    }
    Pca pca = Pca.fit(rows, 2, 5);
    assertThat(pca.mean()).containsExactly(new double[] {10, -2, 0}, within(0.15));
    assertThat(Math.abs(pca.components()[0][0])).isGreaterThan(0.999);
    assertThat(Math.abs(pca.components()[1][1])).isGreaterThan(0.999);
    assertThat(pca.explainedVariance()[0]).isCloseTo(9, within(0.5));
    assertThat(pca.explainedVariance()[1]).isCloseTo(1, within(0.1));
    assertThat(pca.explainedVarianceRatio()[0] + pca.explainedVarianceRatio()[1]).isCloseTo(1.0, within(0.01));
    // the projection of the mean is the origin, and projecting is linear along the first axis
    assertThat(pca.project(pca.mean())).containsExactly(new double[] {0, 0}, within(1e-12));
    double[] shifted = pca.mean().clone();
    shifted[0] += 2;
    assertThat(Math.abs(pca.project(shifted)[0])).isCloseTo(2, within(0.01));
    assertThat(pca.eigen().converged()).isTrue();
  }

  @Test
  void goldenTwoPoints() {
    Pca pca = Pca.fit(new double[][] {{0, 0}, {2, 2}}, 1, 0);
    double s = Math.sqrt(0.5);
    assertThat(pca.components()[0]).containsExactly(new double[] {s, s}, within(1e-9));
    assertThat(pca.explainedVariance()[0]).isCloseTo(4.0, within(1e-9));
    assertThat(pca.project(new double[] {2, 2})[0]).isCloseTo(Math.sqrt(2), within(1e-9));
  }

  @Test
  void rejectsBadShapes() {
    assertThatThrownBy(() -> Pca.fit(new double[][] {{1, 2}}, 1, 0)).hasMessageContaining("at least 2 rows");
    assertThatThrownBy(() -> Pca.fit(new double[][] {{1, 2}, {3}}, 1, 0))
        .hasMessageContaining("row 1 has 1 columns, expected 2");
    assertThatThrownBy(() -> Pca.fit(new double[][] {{1, 2}, {3, 4}}, 3, 0)).hasMessageContaining("k = 3");
    Pca pca = Pca.fit(new double[][] {{1, 2}, {3, 4}}, 1, 0);
    assertThatThrownBy(() -> pca.project(new double[3])).hasMessageContaining("dimension 3");
  }

  @Test
  void spectralClusteringSeparatesTwoComponents() {
    Random random = new Random(17);
    int n = 400;
    double[][] rows = new double[n][5];
    int[] truth = new int[n];
    for (int i = 0; i < n; i++) {
      truth[i] = i % 2;
      for (int j = 0; j < 5; j++) {
        rows[i][j] = random.nextGaussian() + (j == 0 ? (truth[i] == 1 ? 4 : -4) : 0);
      }
    }
    int[] labels = SpectralClustering.twoWay(rows, 3);
    int agree = 0;
    for (int i = 0; i < n; i++) {
      agree += labels[i] == truth[i] ? 1 : 0;
    }
    double error = Math.min(agree, n - agree) / (double) n;
    assertThat(error).isLessThan(0.01); // Bayes error Phi(-4) = 3e-5
  }
}
