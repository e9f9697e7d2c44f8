package io.hardmax.em;

/**
 * Configuration of {@link GmmTrainer}, validated here and nowhere else.
 *
 * @param components     number of mixture components K, &gt;= 1
 * @param covarianceType shape of the covariances
 * @param tolerance      stop when the mean per-point log-likelihood rises by less than this; &gt; 0
 * @param maxIterations  cap on EM iterations (M-steps); &gt;= 1
 * @param jitter         added to every covariance diagonal after each M-step; &gt;= 0
 */
public record GmmConfig(int components, CovarianceType covarianceType, double tolerance, int maxIterations,
    double jitter) {

  /** Default tolerance on the per-point log-likelihood. */
  public static final double DEFAULT_TOLERANCE = 1e-8;
  /** Default iteration cap. */
  public static final int DEFAULT_MAX_ITERATIONS = 500;
  /** Default covariance jitter. */
  public static final double DEFAULT_JITTER = 1e-6;

  public GmmConfig {
    if (components < 1) {
      throw new IllegalArgumentException("components must be >= 1, found " + components);
    }
    if (covarianceType == null) {
      throw new IllegalArgumentException("covarianceType must be set, found null");
    }
    if (!(tolerance > 0)) {
      throw new IllegalArgumentException("tolerance must be > 0, found " + tolerance);
    }
    if (maxIterations < 1) {
      throw new IllegalArgumentException("maxIterations must be >= 1, found " + maxIterations);
    }
    if (!(jitter >= 0) || !Double.isFinite(jitter)) {
      throw new IllegalArgumentException("jitter must be finite and >= 0, found " + jitter);
    }
  }

  /** K components of the given type with the default tolerance, cap and jitter. */
  public static GmmConfig of(int components, CovarianceType type) {
    return new GmmConfig(components, type, DEFAULT_TOLERANCE, DEFAULT_MAX_ITERATIONS, DEFAULT_JITTER);
  }
}
