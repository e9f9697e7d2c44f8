package io.hardmax.spectral;

import java.util.Random;

/**
 * The power method with Hotelling deflation for the top-k eigenpairs (largest eigenvalues) of a symmetric
 * positive semi-definite matrix (Golub and Van Loan, <i>Matrix Computations</i>, 4th ed., sections 8.2.1 and
 * 8.2.4). For an indefinite matrix it returns the pairs of largest magnitude; covariance matrices, the use in
 * hardmax, are positive semi-definite.
 *
 * <p>Each pair is iterated until the change of the unit vector (up to sign) is below the tolerance or the cap is
 * reached; the pair is then deflated, {@code A <- A - lambda v v^T}. The start vectors come from the passed-in
 * seed. All arithmetic is in {@code double}.
 */
public final class PowerMethod {

  private PowerMethod() {}

  /**
   * Top-k eigenpairs of symmetric {@code a}.
   *
   * @param a         symmetric matrix [n][n] (symmetry is checked to 1e-9 relative)
   * @param k         number of pairs, 1 &lt;= k &lt;= n
   * @param tolerance stop a pair when {@code min(||v' - v||, ||v' + v||) < tolerance}; &gt; 0
   * @param maxIter   iteration cap per pair; &gt;= 1
   * @param seed      seed of the random start vectors
   */
  public static EigenResult topK(double[][] a, int k, double tolerance, int maxIter, long seed) {
    int n = checkSymmetric(a);
    if (k < 1 || k > n) {
      throw new IllegalArgumentException("k must be in [1, " + n + "], found " + k);
    }
    if (!(tolerance > 0)) {
      throw new IllegalArgumentException("tolerance must be > 0, found " + tolerance);
    }
    if (maxIter < 1) {
      throw new IllegalArgumentException("maxIter must be >= 1, found " + maxIter);
    }
    Random random = new Random(seed);
    double[][] work = copy(a);
    double[] values = new double[k];
    double[][] vectors = new double[k][];
    boolean converged = true;
    int total = 0;
    double[] next = new double[n];
    for (int p = 0; p < k; p++) {
      double[] v = randomUnit(n, random);
      boolean done = false;
      int it = 0;
      while (it < maxIter) {
        multiply(work, v, next);
        it++;
        double norm = norm(next);
        if (norm == 0) {
          // v lies in the null space of the deflated matrix: eigenvalue 0, v is an eigenvector
          done = true;
          break;
        }
        double plus = 0;
        double minus = 0;
        for (int i = 0; i < n; i++) {
          double x = next[i] / norm;
          plus += (x - v[i]) * (x - v[i]);
          minus += (x + v[i]) * (x + v[i]);
          next[i] = x;
        }
        double[] t = v;
        v = next;
        next = t;
        if (Math.sqrt(Math.min(plus, minus)) < tolerance) {
          done = true;
          break;
        }
      }
      total += it;
      converged &= done;
      orthogonalise(v, vectors, p);
      fixSign(v);
      multiply(work, v, next);
      values[p] = dot(v, next);
      vectors[p] = v.clone();
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          work[i][j] -= values[p] * v[i] * v[j];
        }
      }
    }
    return new EigenResult(values, vectors, converged, total, maxResidual(a, values, vectors));
  }

  /**
   * Exactly {@code steps} power iterations per pair from the given start vectors, with deflation by the
   * previous pairs' estimates and no stopping rule: the classical baseline for a transformer of {@code steps}
   * layers (paper 2 in {@code shared/PAPERS.md}). {@code converged} reports whether the last step moved each
   * vector by less than 1e-8.
   *
   * @param a     symmetric matrix [n][n]
   * @param k     number of pairs
   * @param steps iterations per pair, &gt;= 1
   * @param seed  seed of the random start vectors
   */
  public static EigenResult fixedSteps(double[][] a, int k, int steps, long seed) {
    int n = checkSymmetric(a);
    if (k < 1 || k > n) {
      throw new IllegalArgumentException("k must be in [1, " + n + "], found " + k);
    }
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be >= 1, found " + steps);
    }
    Random random = new Random(seed);
    double[][] work = copy(a);
    double[] values = new double[k];
    double[][] vectors = new double[k][];
    double[] next = new double[n];
    boolean converged = true;
    for (int p = 0; p < k; p++) {
      double[] v = randomUnit(n, random);
      double move = Double.POSITIVE_INFINITY;
      for (int s = 0; s < steps; s++) {
        multiply(work, v, next);
        double norm = norm(next);
        if (norm == 0) {
          move = 0;
          break;
        }
        double plus = 0;
        double minus = 0;
        for (int i = 0; i < n; i++) {
          double x = next[i] / norm;
          plus += (x - v[i]) * (x - v[i]);
          minus += (x + v[i]) * (x + v[i]);
          next[i] = x;
        }
        move = Math.sqrt(Math.min(plus, minus));
        double[] t = v;
        v = next;
        next = t;
      }
      converged &= move < 1e-8;
      fixSign(v);
      multiply(work, v, next);
      values[p] = dot(v, next);
      vectors[p] = v.clone();
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          work[i][j] -= values[p] * v[i] * v[j];
        }
      }
    }
    return new EigenResult(values, vectors, converged, steps * k, maxResidual(a, values, vectors));
  }

  /** Flips {@code v} in place so its component of largest magnitude is positive (ties: lowest index). */
  public static void fixSign(double[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (Math.abs(v[i]) > Math.abs(v[best])) {
        best = i;
      }
    }
    if (v[best] < 0) {
      for (int i = 0; i < v.length; i++) {
        v[i] = -v[i];
      }
    }
  }

  static int checkSymmetric(double[][] a) {
    int n = a.length;
    if (n == 0) {
      throw new IllegalArgumentException("matrix must have at least one row, found 0");
    }
    double scale = 0;
    for (int i = 0; i < n; i++) {
      if (a[i].length != n) {
        throw new IllegalArgumentException("matrix must be square: row " + i + " has " + a[i].length
            + " columns, expected " + n);
      }
      for (int j = 0; j < n; j++) {
        if (!Double.isFinite(a[i][j])) {
          throw new IllegalArgumentException("matrix entry (" + i + ", " + j + ") is not finite: " + a[i][j]);
        }
        scale = Math.max(scale, Math.abs(a[i][j]));
      }
    }
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        if (Math.abs(a[i][j] - a[j][i]) > 1e-9 * Math.max(scale, 1e-300)) {
          throw new IllegalArgumentException("matrix must be symmetric: a[" + i + "][" + j + "] = " + a[i][j]
              + " but a[" + j + "][" + i + "] = " + a[j][i]);
        }
      }
    }
    return n;
  }

  private static void orthogonalise(double[] v, double[][] previous, int count) {
    // removes round-off drift towards earlier vectors (deflation leaves them as eigenvalue-0 directions)
    for (int q = 0; q < count; q++) {
      double d = dot(v, previous[q]);
      for (int i = 0; i < v.length; i++) {
        v[i] -= d * previous[q][i];
      }
    }
    double norm = norm(v);
    if (norm > 0) {
      for (int i = 0; i < v.length; i++) {
        v[i] /= norm;
      }
    }
  }

  static double maxResidual(double[][] a, double[] values, double[][] vectors) {
    int n = a.length;
    double[] av = new double[n];
    double worst = 0;
    for (int p = 0; p < values.length; p++) {
      multiply(a, vectors[p], av);
      double r = 0;
      for (int i = 0; i < n; i++) {
        double d = av[i] - values[p] * vectors[p][i];
        r += d * d;
      }
      worst = Math.max(worst, Math.sqrt(r));
    }
    return worst;
  }

  private static double[] randomUnit(int n, Random random) {
    double[] v = new double[n];
    double norm = 0;
    while (norm == 0) {
      for (int i = 0; i < n; i++) {
        v[i] = random.nextGaussian();
      }
      norm = norm(v);
    }
    for (int i = 0; i < n; i++) {
      v[i] /= norm;
    }
    return v;
  }

  static void multiply(double[][] a, double[] v, double[] out) {
    for (int i = 0; i < a.length; i++) {
      double s = 0;
      double[] row = a[i];
      for (int j = 0; j < v.length; j++) {
        s += row[j] * v[j];
      }
      out[i] = s;
    }
  }

  /** Dot product of two vectors of equal length. */
  public static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** Euclidean norm. */
  public static double norm(double[] v) {
    return Math.sqrt(dot(v, v));
  }

  private static double[][] copy(double[][] a) {
    double[][] c = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i].clone();
    }
    return c;
  }
}
