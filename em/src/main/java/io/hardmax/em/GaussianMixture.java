package io.hardmax.em;

import java.util.List;

/**
 * A fitted Gaussian mixture (immutable), with the record of the fit.
 *
 * @param config             the configuration it was fitted with
 * @param seed               seed of the k-means++ initialisation
 * @param weights            mixing weights, [K], summing to 1
 * @param means              component means, [K][d]
 * @param covariances        component covariances, [K][d][d] (diagonal for SPHERICAL and DIAGONAL), jitter
 *                           included
 * @param logLikelihood      total log-likelihood of the training points under these parameters
 * @param logLikelihoodTrace total log-likelihood after initialisation and after every M-step, [iterations + 1]
 * @param converged          whether the tolerance was met before the cap
 * @param iterations         number of M-steps
 * @param points             number of training points
 * @param bic                Bayesian information criterion, {@code -2 logL + p ln n} (lower is better)
 */
public record GaussianMixture(GmmConfig config, long seed, double[] weights, double[][] means,
    double[][][] covariances, double logLikelihood, List<Double> logLikelihoodTrace, boolean converged,
    int iterations, int points, double bic) {

  /** Number of components. */
  public int components() {
    return weights.length;
  }

  /** Number of free parameters: K - 1 weights, K d means, K times the covariance parameters. */
  public static long parameters(int k, int d, CovarianceType type) {
    return (k - 1) + (long) k * d + (long) k * type.parameters(d);
  }

  /** Posterior probability of each component for point {@code x}, [K]. */
  public double[] responsibilities(double[] x) {
    double[] logp = new double[weights.length];
    GmmTrainer.logJoint(x, this, factors(), logp);
    double lse = GmmTrainer.logSumExp(logp);
    for (int c = 0; c < logp.length; c++) {
      logp[c] = Math.exp(logp[c] - lse);
    }
    return logp;
  }

  /** Most probable component of each point (ties: the lowest index), [n]. */
  public int[] predict(double[][] x) {
    Cholesky[] f = factors();
    double[] logp = new double[weights.length];
    int[] labels = new int[x.length];
    for (int i = 0; i < x.length; i++) {
      if (x[i].length != means[0].length) {
        throw new IllegalArgumentException("point " + i + " has dimension " + x[i].length + ", the mixture has "
            + means[0].length);
      }
      GmmTrainer.logJoint(x[i], this, f, logp);
      int best = 0;
      for (int c = 1; c < logp.length; c++) {
        if (logp[c] > logp[best]) {
          best = c;
        }
      }
      labels[i] = best;
    }
    return labels;
  }

  private Cholesky[] factors() {
    Cholesky[] f = new Cholesky[covariances.length];
    for (int c = 0; c < f.length; c++) {
      int comp = c;
      f[c] = Cholesky.of(covariances[c]).orElseThrow(() -> new IllegalStateException(
          "covariance of component " + comp + " is not positive definite"));
    }
    return f;
  }
}
