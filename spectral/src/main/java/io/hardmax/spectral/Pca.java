package io.hardmax.spectral;

/**
 * Principal component analysis by the power method on the sample covariance (Pearson 1901; Jolliffe,
 * <i>Principal Component Analysis</i>, 2nd ed., chapter 1). Immutable; {@link #project} maps a point to its
 * coordinates on the components.
 *
 * @param mean                   column means of the fitted rows, [d]
 * @param components             unit principal axes, [k][d], signs fixed (largest magnitude component positive)
 * @param explainedVariance      variance along each axis (eigenvalues of the covariance, divisor n - 1), [k]
 * @param explainedVarianceRatio {@code explainedVariance[i]} over the total variance (trace), [k]
 * @param totalVariance          trace of the sample covariance
 * @param eigen                  the power-method result (converged, iterations, residual)
 */
public record Pca(double[] mean, double[][] components, double[] explainedVariance, double[] explainedVarianceRatio,
    double totalVariance, EigenResult eigen) {

  /** Tolerance of the power method used by {@link #fit}. */
  public static final double TOLERANCE = 1e-10;

  /** Iteration cap per component of the power method used by {@link #fit}. */
  public static final int MAX_ITERATIONS = 10_000;

  /**
   * Fits {@code k} components to the rows.
   *
   * @param rows data [n][d], n &gt;= 2, all rows of equal length, finite
   * @param k    number of components, 1 &lt;= k &lt;= d
   * @param seed seed of the power method's start vectors
   */
  public static Pca fit(double[][] rows, int k, long seed) {
    double[] mean = mean(rows);
    double[][] cov = covariance(rows, mean);
    int d = mean.length;
    if (k < 1 || k > d) {
      throw new IllegalArgumentException("PCA needs 1 <= k <= d = " + d + ", found k = " + k);
    }
    double trace = 0;
    for (int i = 0; i < d; i++) {
      trace += cov[i][i];
    }
    EigenResult eigen = PowerMethod.topK(cov, k, TOLERANCE, MAX_ITERATIONS, seed);
    double[] variance = new double[k];
    double[] ratio = new double[k];
    for (int i = 0; i < k; i++) {
      variance[i] = Math.max(0, eigen.values()[i]);
      ratio[i] = trace > 0 ? variance[i] / trace : 0;
    }
    return new Pca(mean, eigen.vectors(), variance, ratio, trace, eigen);
  }

  /** Number of components. */
  public int k() {
    return components.length;
  }

  /** Coordinates of {@code x} on the components, [k]: {@code components (x - mean)}. */
  public double[] project(double[] x) {
    if (x.length != mean.length) {
      throw new IllegalArgumentException("point has dimension " + x.length + ", PCA was fitted in dimension "
          + mean.length);
    }
    double[] out = new double[components.length];
    for (int c = 0; c < components.length; c++) {
      double s = 0;
      for (int i = 0; i < x.length; i++) {
        s += components[c][i] * (x[i] - mean[i]);
      }
      out[c] = s;
    }
    return out;
  }

  /** Column means of {@code rows}, [d]; validates the shape. */
  public static double[] mean(double[][] rows) {
    if (rows.length < 2) {
      throw new IllegalArgumentException("need at least 2 rows, found " + rows.length);
    }
    int d = rows[0].length;
    if (d == 0) {
      throw new IllegalArgumentException("rows must have at least one column, row 0 has 0");
    }
    double[] mean = new double[d];
    for (int r = 0; r < rows.length; r++) {
      if (rows[r].length != d) {
        throw new IllegalArgumentException("row " + r + " has " + rows[r].length + " columns, expected " + d);
      }
      for (int i = 0; i < d; i++) {
        if (!Double.isFinite(rows[r][i])) {
          throw new IllegalArgumentException("row " + r + " column " + i + " is not finite: " + rows[r][i]);
        }
        mean[i] += rows[r][i];
      }
    }
    for (int i = 0; i < d; i++) {
      mean[i] /= rows.length;
    }
    return mean;
  }

  /** Sample covariance (divisor n - 1) of {@code rows} around {@code mean}, [d][d]. */
  public static double[][] covariance(double[][] rows, double[] mean) {
    int d = mean.length;
    double[][] cov = new double[d][d];
    double[] c = new double[d];
    for (double[] row : rows) {
      for (int i = 0; i < d; i++) {
        c[i] = row[i] - mean[i];
      }
      for (int i = 0; i < d; i++) {
        for (int j = i; j < d; j++) {
          cov[i][j] += c[i] * c[j];
        }
      }
    }
    for (int i = 0; i < d; i++) {
      for (int j = i; j < d; j++) {
        cov[i][j] /= rows.length - 1;
        cov[j][i] = cov[i][j];
      }
    }
    return cov;
  }
}
