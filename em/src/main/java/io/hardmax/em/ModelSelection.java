package io.hardmax.em;

import java.util.ArrayList;
import java.util.List;

/**
 * Chooses the number of mixture components by the Bayesian information criterion (Schwarz, "Estimating the
 * dimension of a model", Ann. Stat. 1978): fit K = 1..maxK and keep the lowest {@code -2 logL + p ln n}.
 */
public final class ModelSelection {

  private ModelSelection() {}

  /**
   * Result of a BIC scan.
   *
   * @param best the fit with the lowest BIC (ties: the smaller K)
   * @param fits every fit, index K - 1
   */
  public record BicChoice(GaussianMixture best, List<GaussianMixture> fits) {
    /** The chosen number of components. */
    public int components() {
      return best.components();
    }
  }

  /**
   * Fits K = 1..maxK with the given covariance type and default tolerance, cap and jitter.
   *
   * @param x    points [n][d]
   * @param maxK largest K tried, 1 &lt;= maxK &lt;= n
   * @param type covariance type
   * @param seed seed of every fit's initialisation
   */
  public static BicChoice byBic(double[][] x, int maxK, CovarianceType type, long seed) {
    if (maxK < 1) {
      throw new IllegalArgumentException("maxK must be >= 1, found " + maxK);
    }
    List<GaussianMixture> fits = new ArrayList<>();
    GaussianMixture best = null;
    for (int k = 1; k <= maxK; k++) {
      GaussianMixture m = new GmmTrainer(GmmConfig.of(k, type)).fit(x, seed);
      fits.add(m);
      if (best == null || m.bic() < best.bic()) {
        best = m;
      }
    }
    return new BicChoice(best, List.copyOf(fits));
  }
}
