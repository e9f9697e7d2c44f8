package io.hardmax.datasets.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GeneratorsTest {

  @Test
  void meansAreAtExactlyTheRequestedSeparation() {
    Random random = new Random(2);
    for (int k = 1; k <= 5; k++) {
      for (int d = Math.max(1, k - 1); d <= 6; d++) {
        MixtureInstance m = MixtureGenerator.generate(k, d, 10, 3.0, random);
        assertThat(m.components()).isEqualTo(k);
        for (int a = 0; a < k; a++) {
          for (int b = a + 1; b < k; b++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
              s += Math.pow(m.means()[a][j] - m.means()[b][j], 2);
            }
            assertThat(Math.sqrt(s)).as("k %d d %d pair %d %d", k, d, a, b).isCloseTo(3.0, within(1e-9));
          }
        }
      }
    }
  }

  @Test
  void pointsScatterWithUnitVarianceAroundTheirMeans() {
    MixtureInstance m = MixtureGenerator.generate(3, 4, 20_000, 5, new Random(8));
    double sq = 0;
    int[] counts = new int[3];
    for (int i = 0; i < m.points().length; i++) {
      counts[m.labels()[i]]++;
      for (int j = 0; j < 4; j++) {
        sq += Math.pow(m.points()[i][j] - m.means()[m.labels()[i]][j], 2);
      }
    }
    assertThat(sq / (20_000 * 4)).isCloseTo(1.0, within(0.03));
    for (int c : counts) {
      assertThat(c / 20_000.0).isCloseTo(1 / 3.0, within(0.02));
    }
  }

  @Test
  void sameSeedSameInstance() {
    MixtureInstance a = MixtureGenerator.generate(2, 3, 5, 2, new Random(4));
    MixtureInstance b = MixtureGenerator.generate(2, 3, 5, 2, new Random(4));
    assertThat(a.points()).isDeepEqualTo(b.points());
    CovarianceInstance c = CovarianceGenerator.generate(3, 4, new Random(4));
    CovarianceInstance e = CovarianceGenerator.generate(3, 4, new Random(4));
    assertThat(c.points()).isDeepEqualTo(e.points());
  }

  @Test
  void covarianceInstanceIsLTimesZ() {
    CovarianceInstance c = CovarianceGenerator.generate(4, 50_000, new Random(6));
    double[][] l = c.mixing();
    // population covariance is L L^T; compare the sample estimate
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        double pop = 0;
        for (int m = 0; m < 4; m++) {
          pop += l[i][m] * l[j][m];
        }
        double s = 0;
        for (double[] x : c.points()) {
          s += x[i] * x[j];
        }
        s /= c.points().length;
        assertThat(s).as("entry %d %d", i, j).isCloseTo(pop, within(0.05 * (1 + Math.abs(pop))));
      }
    }
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> MixtureGenerator.generate(4, 2, 10, 1, new Random(0)))
        .hasMessageContaining("k = 4, d = 2");
    assertThatThrownBy(() -> MixtureGenerator.generate(2, 2, 10, -1, new Random(0)))
        .hasMessageContaining("found -1.0");
    assertThatThrownBy(() -> CovarianceGenerator.generate(2, 1, new Random(0))).hasMessageContaining("n = 1");
  }
}
