package io.hardmax.spectral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SpectralTransformerTest {

  /** Covariance instance x = L z with L = G + 0.1 I (shared/DATA.md), inlined: attention does not see datasets. */
  static List<SpectralTransformer.Instance> instances(int count, int d, int n, int k, Random random) {
    List<SpectralTransformer.Instance> list = new ArrayList<>();
    for (int t = 0; t < count; t++) {
      double[][] l = new double[d][d];
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          l[i][j] = random.nextGaussian() + (i == j ? 0.1 : 0);
        }
      }
      double[][] x = new double[n][d];
      for (double[] row : x) {
        double[] z = new double[d];
        for (int j = 0; j < d; j++) {
          z[j] = random.nextGaussian();
        }
        PowerMethod.multiply(l, z, row);
      }
      list.add(SpectralTransformer.Instance.of(x, k, random.nextLong()));
    }
    return list;
  }

  @Test
  void trainedTransformerBeatsRandomDirectionsByAWideMargin() {
    long seed = 31;
    Random random = new Random(seed);
    SpectralTransformer model = SpectralTransformer.train(instances(60, 10, 10, 3, random), 6, 3, 1);
    List<SpectralTransformer.Instance> test = instances(200, 10, 10, 3, random);
    double[] cos = model.meanAbsCos(test);
    double[] plain = SpectralTransformer.powerIteration(6, 3).meanAbsCos(test);
    // a random unit vector in R^10 has E|cos| of about 0.25
    for (int p = 0; p < 3; p++) {
      assertThat(cos[p]).as("index %d, seed %d", p, seed).isGreaterThan(0.8);
    }
    assertThat(cos[0] + cos[1] + cos[2]).isGreaterThan(plain[0] + plain[1] + plain[2] - 0.02);
  }

  @Test
  void withManyLayersItConvergesToTheEigenvectors() {
    double[][] x = instances(1, 6, 40, 2, new Random(4)).get(0).points();
    double[][] cov = Pca.covariance(x, Pca.mean(x));
    EigenResult exact = PowerMethod.topK(cov, 2, 1e-13, 100_000, 1);
    double[][] out = SpectralTransformer.powerIteration(2000, 2).forward(x);
    for (int p = 0; p < 2; p++) {
      assertThat(out[p]).containsExactly(exact.vectors()[p], within(1e-6));
    }
  }

  @Test
  void goldenOutputForAFixedInput() {
    double[][] x = {{2, 0, 0}, {-2, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 0.5}, {0, 0, -0.5}};
    double[][] out = new SpectralTransformer(new double[] {-0.5, 0, 0, 0, 0, 0, 0, 0}, 2).forward(x);
    // the input basis already diagonalises C = diag(8, 2, 0.5) / 6, so the start vectors e1, e2 are fixed points
    assertThat(out[0]).containsExactly(new double[] {1, 0, 0}, within(1e-12));
    assertThat(out[1]).containsExactly(new double[] {0, 1, 0}, within(1e-12));
  }

  @Test
  void rejectsBadParameters() {
    assertThatThrownBy(() -> new SpectralTransformer(new double[] {Double.NaN}, 1))
        .hasMessageContaining("shift of layer 0 must be finite");
    assertThatThrownBy(() -> new SpectralTransformer(new double[] {0}, 3).forward(new double[][] {{1, 2}, {3, 4}}))
        .hasMessageContaining("dimension 2 is smaller than k = 3");
  }
}
