package io.hardmax.em;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GmmTrainerTest {

  static final double[][] MEANS = {{0, 0}, {8, 0}, {0, 8}};

  static double[][] data(int n, Random random, int[] labels) {
    double[][] x = new double[n][2];
    for (int i = 0; i < n; i++) {
      int c = i % MEANS.length;
      labels[i] = c;
      x[i][0] = MEANS[c][0] + random.nextGaussian();
      x[i][1] = MEANS[c][1] + (c == 1 ? 0.5 : 1) * random.nextGaussian();
    }
    return x;
  }

  @ParameterizedTest
  @EnumSource(CovarianceType.class)
  void recoversKnownMeansAndTheLikelihoodNeverDecreases(CovarianceType type) {
    long seed = 1234;
    int n = 900;
    int[] labels = new int[n];
    double[][] x = data(n, new Random(seed), labels);
    GaussianMixture m = new GmmTrainer(GmmConfig.of(3, type)).fit(x, seed);
    assertThat(m.converged()).isTrue();
    // each true mean has a fitted mean within 0.25 (standard error ~ 1/sqrt(300) = 0.06)
    for (double[] mu : MEANS) {
      double best = Double.POSITIVE_INFINITY;
      for (double[] fitted : m.means()) {
        best = Math.min(best, Math.hypot(fitted[0] - mu[0], fitted[1] - mu[1]));
      }
      assertThat(best).as("distance of fitted means to true mean (%s, %s), type %s", mu[0], mu[1], type)
          .isLessThan(0.25);
    }
    List<Double> trace = m.logLikelihoodTrace();
    assertThat(trace).hasSize(m.iterations() + 1);
    for (int t = 1; t < trace.size(); t++) {
      // monotone up to round-off and the 1e-6 jitter: 1e-9 per point
      assertThat(trace.get(t)).as("iteration %d of %s", t, type).isGreaterThanOrEqualTo(trace.get(t - 1) - 1e-9 * n);
    }
    assertThat(m.logLikelihood()).isEqualTo(trace.get(trace.size() - 1));
    assertThat(Misclustering.rate(labels, m.predict(x), 3)).isLessThan(0.01);
    double sum = 0;
    for (double w : m.weights()) {
      sum += w;
    }
    assertThat(sum).isCloseTo(1, within(1e-12));
    double[] r = m.responsibilities(x[0]);
    assertThat(r[0] + r[1] + r[2]).isCloseTo(1, within(1e-12));
  }

  @Test
  void likelihoodIsMonotoneOnOverlappingDataFromManySeeds() {
    Random random = new Random(5);
    double[][] x = new double[300][3];
    for (double[] row : x) {
      for (int j = 0; j < 3; j++) {
        row[j] = random.nextGaussian() + (random.nextBoolean() ? 1 : 0);
      }
    }
    for (CovarianceType type : CovarianceType.values()) {
      for (long seed = 0; seed < 5; seed++) {
        GaussianMixture m = new GmmTrainer(new GmmConfig(4, type, 1e-10, 200, 1e-6)).fit(x, seed);
        List<Double> trace = m.logLikelihoodTrace();
        for (int t = 1; t < trace.size(); t++) {
          assertThat(trace.get(t)).as("seed %d type %s iteration %d", seed, type, t)
              .isGreaterThanOrEqualTo(trace.get(t - 1) - 1e-9 * x.length);
        }
      }
    }
  }

  @Test
  void sameSeedSameFit() {
    int[] labels = new int[300];
    double[][] x = data(300, new Random(9), labels);
    GaussianMixture a = new GmmTrainer(GmmConfig.of(3, CovarianceType.FULL)).fit(x, 77);
    GaussianMixture b = new GmmTrainer(GmmConfig.of(3, CovarianceType.FULL)).fit(x, 77);
    assertThat(a.means()).isDeepEqualTo(b.means());
    assertThat(a.logLikelihoodTrace()).isEqualTo(b.logLikelihoodTrace());
  }

  @Test
  void bicPicksTheTrueNumberOfComponents() {
    int[] labels = new int[600];
    double[][] x = data(600, new Random(21), labels);
    for (CovarianceType type : CovarianceType.values()) {
      ModelSelection.BicChoice choice = ModelSelection.byBic(x, 5, type, 3);
      assertThat(choice.components()).as("type %s", type).isEqualTo(3);
      assertThat(choice.fits()).hasSize(5);
    }
  }

  @Test
  void goldenSingleComponent() {
    double[][] x = {{0, 0}, {2, 0}, {0, 2}, {2, 2}};
    GaussianMixture m = new GmmTrainer(new GmmConfig(1, CovarianceType.FULL, 1e-10, 10, 0)).fit(x, 0);
    assertThat(m.means()[0]).containsExactly(new double[] {1, 1}, within(1e-12));
    assertThat(m.covariances()[0][0]).containsExactly(new double[] {1, 0}, within(1e-12));
    assertThat(m.covariances()[0][1]).containsExactly(new double[] {0, 1}, within(1e-12));
    // four points at squared distance 2 from the mean, unit covariance: 4 * (-log(2 pi) - 1)
    assertThat(m.logLikelihood()).isCloseTo(4 * (-Math.log(2 * Math.PI) - 1), within(1e-9));
    assertThat(m.bic()).isCloseTo(-2 * m.logLikelihood() + 5 * Math.log(4), within(1e-9));
  }

  @Test
  void rejectsBadConfigurationAndData() {
    assertThatThrownBy(() -> new GmmConfig(0, CovarianceType.FULL, 1e-6, 10, 0))
        .hasMessageContaining("components must be >= 1, found 0");
    assertThatThrownBy(() -> new GmmConfig(2, CovarianceType.FULL, 0, 10, 0))
        .hasMessageContaining("tolerance must be > 0");
    assertThatThrownBy(() -> new GmmTrainer(GmmConfig.of(3, CovarianceType.FULL)).fit(new double[][] {{1}, {2}}, 0))
        .hasMessageContaining("at least as many points as clusters (3), found 2");
    assertThatThrownBy(() -> new GmmTrainer(GmmConfig.of(1, CovarianceType.FULL))
        .fit(new double[][] {{1, 2}, {Double.NaN, 0}}, 0)).hasMessageContaining("point 1 coordinate 0");
  }
}
