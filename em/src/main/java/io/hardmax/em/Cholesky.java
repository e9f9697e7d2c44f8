package io.hardmax.em;

import java.util.Optional;

/** Cholesky factor {@code L} (lower triangular, {@code A = L L^T}) of a symmetric positive definite matrix. */
record Cholesky(double[][] lower, double logDeterminant) {

  /** Factors {@code a} [d][d]; empty when a pivot is not positive and finite (not positive definite). */
  static Optional<Cholesky> of(double[][] a) {
    int d = a.length;
    double[][] l = new double[d][d];
    double logDet = 0;
    for (int i = 0; i < d; i++) {
      for (int j = 0; j <= i; j++) {
        double s = a[i][j];
        for (int m = 0; m < j; m++) {
          s -= l[i][m] * l[j][m];
        }
        if (i == j) {
          if (!(s > 0) || !Double.isFinite(s)) {
            return Optional.empty();
          }
          l[i][i] = Math.sqrt(s);
          logDet += 2 * Math.log(l[i][i]);
        } else {
          l[i][j] = s / l[j][j];
        }
      }
    }
    return Optional.of(new Cholesky(l, logDet));
  }

  /** {@code (x - mu)^T A^{-1} (x - mu)} by forward substitution. */
  double mahalanobis(double[] x, double[] mu) {
    int d = lower.length;
    double[] z = new double[d];
    double s = 0;
    for (int i = 0; i < d; i++) {
      double t = x[i] - mu[i];
      for (int m = 0; m < i; m++) {
        t -= lower[i][m] * z[m];
      }
      z[i] = t / lower[i][i];
      s += z[i] * z[i];
    }
    return s;
  }
}
