package io.hardmax.spectral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;

class PowerMethodTest {

  /** Random covariance-like SPD matrix B B^T / n with distinct eigenvalues (almost surely). */
  static double[][] randomSpd(int n, Random random) {
    double[][] b = new double[n][n + 3];
    for (double[] row : b) {
      for (int j = 0; j < row.length; j++) {
        row[j] = random.nextGaussian();
      }
    }
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        for (int m = 0; m < n + 3; m++) {
          a[i][j] += b[i][m] * b[j][m];
        }
        a[i][j] /= n;
      }
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        a[i][j] = a[j][i];
      }
    }
    return a;
  }

  @Test
  void topEigenpairsMatchLapackWithinTolerance() {
    long seed = 20261122L;
    Random random = new Random(seed);
    for (int trial = 0; trial < 5; trial++) {
      int n = 6 + trial;
      double[][] a = randomSpd(n, random);
      int k = 3;
      EigenResult r = PowerMethod.topK(a, k, 1e-12, 100_000, seed + trial);
      assertThat(r.converged()).as("seed %d trial %d", seed, trial).isTrue();
      assertThat(r.residual()).isLessThan(1e-6);

      INDArray m = Nd4j.create(a).castTo(DataType.DOUBLE);
      INDArray vecs = m.dup();
      INDArray vals = Eigen.symmetricGeneralizedEigenvalues(vecs, true); // ascending; columns of vecs
      for (int p = 0; p < k; p++) {
        int col = n - 1 - p;
        assertThat(r.values()[p]).as("eigenvalue %d", p).isCloseTo(vals.getDouble(col), within(1e-6));
        double[] ref = vecs.getColumn(col).toDoubleVector();
        PowerMethod.fixSign(ref);
        for (int i = 0; i < n; i++) {
          assertThat(r.vectors()[p][i]).as("vector %d component %d", p, i).isCloseTo(ref[i], within(1e-6));
        }
        // A v = lambda v
        double[] av = new double[n];
        PowerMethod.multiply(a, r.vectors()[p], av);
        for (int i = 0; i < n; i++) {
          assertThat(av[i]).isCloseTo(r.values()[p] * r.vectors()[p][i], within(1e-6));
        }
      }
      for (int p = 0; p < k; p++) {
        for (int q = 0; q < k; q++) {
          assertThat(PowerMethod.dot(r.vectors()[p], r.vectors()[q])).isCloseTo(p == q ? 1 : 0, within(1e-6));
        }
      }
    }
  }

  @Test
  void signsAreFixedAndIndependentOfTheSeed() {
    double[][] a = randomSpd(5, new Random(7));
    EigenResult r1 = PowerMethod.topK(a, 2, 1e-12, 100_000, 1);
    EigenResult r2 = PowerMethod.topK(a, 2, 1e-12, 100_000, 99);
    for (int p = 0; p < 2; p++) {
      for (int i = 0; i < 5; i++) {
        assertThat(r1.vectors()[p][i]).isCloseTo(r2.vectors()[p][i], within(1e-8));
      }
    }
  }

  @Test
  void diagonalMatrixGolden() {
    double[][] a = {{1, 0, 0}, {0, 5, 0}, {0, 0, 3}};
    EigenResult r = PowerMethod.topK(a, 3, 1e-13, 10_000, 42);
    assertThat(r.values()).containsExactly(new double[] {5, 3, 1}, within(1e-9));
    assertThat(r.vectors()[0]).containsExactly(new double[] {0, 1, 0}, within(1e-6));
    assertThat(r.vectors()[1]).containsExactly(new double[] {0, 0, 1}, within(1e-6));
    assertThat(r.vectors()[2]).containsExactly(new double[] {1, 0, 0}, within(1e-6));
  }

  @Test
  void capReportsNotConverged() {
    double[][] a = {{1, 0}, {0, 0.999999}};
    EigenResult r = PowerMethod.topK(a, 1, 1e-15, 3, 5);
    assertThat(r.converged()).isFalse();
    assertThat(r.iterations()).isEqualTo(3);
  }

  @Test
  void fixedStepsImprovesWithMoreSteps() {
    double[][] a = randomSpd(8, new Random(3));
    EigenResult exact = PowerMethod.topK(a, 1, 1e-12, 100_000, 0);
    double c2 = Math.abs(PowerMethod.dot(PowerMethod.fixedSteps(a, 1, 1, 11).vectors()[0], exact.vectors()[0]));
    double c50 = Math.abs(PowerMethod.dot(PowerMethod.fixedSteps(a, 1, 50, 11).vectors()[0], exact.vectors()[0]));
    assertThat(c50).isGreaterThan(c2).isGreaterThan(0.99);
  }

  @Test
  void rejectsBadInput() {
    assertThatThrownBy(() -> PowerMethod.topK(new double[][] {{1, 2}, {0, 1}}, 1, 1e-9, 10, 0))
        .hasMessageContaining("symmetric");
    assertThatThrownBy(() -> PowerMethod.topK(new double[][] {{1, 0}, {0, 1}}, 3, 1e-9, 10, 0))
        .hasMessageContaining("k must be in [1, 2], found 3");
    assertThatThrownBy(() -> PowerMethod.topK(new double[][] {{1, 0}}, 1, 1e-9, 10, 0))
        .hasMessageContaining("square");
  }
}
