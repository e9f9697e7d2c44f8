package io.hardmax.eval.report;

/**
 * The first two principal components of a set of rows, by power iteration with deflation on the covariance
 * matrix (deterministic start, fixed sign: the largest-magnitude component of each axis is positive). Used to
 * draw trajectories of d > 2 in the plane.
 *
 * @param mean   the centre subtracted before projecting
 * @param axes   two orthonormal principal directions
 * @param explainedShare share of the total variance the two axes explain
 */
public record Pca2(double[] mean, double[][] axes, double explainedShare) {

  private static final int MAX_ITER = 500;
  private static final double TOL = 1e-12;

  /** Fits on rows of equal length (at least one row). */
  public static Pca2 fit(double[][] rows) {
    int n = rows.length;
    int d = rows[0].length;
    double[] mean = new double[d];
    for (double[] r : rows) {
      for (int j = 0; j < d; j++) {
        mean[j] += r[j] / n;
      }
    }
    double[][] cov = new double[d][d];
    for (double[] r : rows) {
      for (int a = 0; a < d; a++) {
        double da = r[a] - mean[a];
        for (int b = 0; b < d; b++) {
          cov[a][b] += da * (r[b] - mean[b]) / n;
        }
      }
    }
    double trace = 0;
    for (int a = 0; a < d; a++) {
      trace += cov[a][a];
    }
    double[][] axes = new double[2][];
    double explained = 0;
    for (int k = 0; k < 2; k++) {
      double[] x = new double[d];
      for (int j = 0; j < d; j++) {
        x[j] = 1.0 / Math.sqrt(d) * (1 + 0.01 * j);
      }
      if (k == 1) {
        orth(x, axes[0]);
      }
      normalise(x);
      double lambda = 0;
      for (int it = 0; it < MAX_ITER; it++) {
        double[] y = new double[d];
        for (int a = 0; a < d; a++) {
          double s = 0;
          for (int b = 0; b < d; b++) {
            s += cov[a][b] * x[b];
          }
          y[a] = s;
        }
        if (k == 1) {
          orth(y, axes[0]);
        }
        double norm = normalise(y);
        double diff = 0;
        for (int j = 0; j < d; j++) {
          diff = Math.max(diff, Math.abs(y[j] - x[j]));
        }
        x = y;
        lambda = norm;
        if (norm == 0 || diff < TOL) {
          break;
        }
      }
      if (lambda == 0) {
        x = new double[d];
        x[Math.min(k, d - 1)] = 1;
      }
      int big = 0;
      for (int j = 1; j < d; j++) {
        if (Math.abs(x[j]) > Math.abs(x[big])) {
          big = j;
        }
      }
      if (x[big] < 0) {
        for (int j = 0; j < d; j++) {
          x[j] = -x[j];
        }
      }
      axes[k] = x;
      explained += lambda;
    }
    return new Pca2(mean, axes, trace == 0 ? 1 : Math.min(1, explained / trace));
  }

  /** Coordinates of {@code x} on the two axes. */
  public double[] project(double[] x) {
    double[] p = new double[2];
    for (int k = 0; k < 2; k++) {
      double s = 0;
      for (int j = 0; j < x.length; j++) {
        s += (x[j] - mean[j]) * axes[k][j];
      }
      p[k] = s;
    }
    return p;
  }

  private static void orth(double[] x, double[] u) {
    double dot = 0;
    for (int j = 0; j < x.length; j++) {
      dot += x[j] * u[j];
    }
    for (int j = 0; j < x.length; j++) {
      x[j] -= dot * u[j];
    }
  }

  private static double normalise(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v * v;
    }
    s = Math.sqrt(s);
    if (s > 0) {
      for (int j = 0; j < x.length; j++) {
        x[j] /= s;
      }
    }
    return s;
  }
}
