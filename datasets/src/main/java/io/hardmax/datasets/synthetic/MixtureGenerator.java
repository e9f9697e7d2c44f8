package io.hardmax.datasets.synthetic;

import java.util.Random;

/**
 * Spherical Gaussian mixtures (sigma = 1) with equal weights and a minimum separation {@code Delta} of the means.
 * The means are the vertices of a regular simplex with edge {@code Delta}, randomly rotated: every pair is at
 * distance exactly {@code Delta}, so Delta is both the minimum and the typical separation (for K = 2 the Bayes
 * error is {@code Phi(-Delta / 2)}). Needs {@code d >= K - 1}.
 */
public final class MixtureGenerator {

  private MixtureGenerator() {}

  /**
   * Draws an instance; labels are drawn uniformly (equal weights).
   *
   * @param k          components, &gt;= 1
   * @param d          dimension, &gt;= max(1, k - 1)
   * @param n          points, &gt;= 1
   * @param separation distance between every pair of means, &gt;= 0, in units of sigma
   * @param random     the caller's random stream
   */
  public static MixtureInstance generate(int k, int d, int n, double separation, Random random) {
    if (k < 1 || d < Math.max(1, k - 1) || n < 1) {
      throw new IllegalArgumentException("need k >= 1, d >= max(1, k - 1), n >= 1; found k = " + k + ", d = " + d
          + ", n = " + n);
    }
    if (!(separation >= 0) || !Double.isFinite(separation)) {
      throw new IllegalArgumentException("separation must be finite and >= 0, found " + separation);
    }
    // regular simplex: vertices e_c - centroid in R^k (pairwise distance sqrt 2) have coordinates in an
    // orthonormal basis of the (k-1)-dimensional sum-zero subspace; a random orthonormal (k-1)-frame of R^d
    // embeds them isometrically
    double[][] basis = sumZeroBasis(k); // [k-1][k]
    double[][] frame = randomOrthonormal(k - 1, d, random); // [k-1][d]
    double scale = separation / Math.sqrt(2);
    double[][] means = new double[k][d];
    for (int c = 0; c < k; c++) {
      for (int b = 0; b < k - 1; b++) {
        double coord = 0;
        for (int a = 0; a < k; a++) {
          coord += basis[b][a] * (((a == c) ? 1.0 : 0.0) - 1.0 / k);
        }
        for (int j = 0; j < d; j++) {
          means[c][j] += scale * coord * frame[b][j];
        }
      }
    }
    double[][] points = new double[n][d];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = random.nextInt(k);
      for (int j = 0; j < d; j++) {
        points[i][j] = means[labels[i]][j] + random.nextGaussian();
      }
    }
    return new MixtureInstance(points, labels, means, separation);
  }

  /** Orthonormal basis [k-1][k] of the vectors of R^k whose components sum to zero (Gram-Schmidt). */
  private static double[][] sumZeroBasis(int k) {
    double[][] basis = new double[k - 1][k];
    for (int b = 0; b < k - 1; b++) {
      // e_b - e_{k-1} spans the subspace; orthonormalise
      basis[b][b] = 1;
      basis[b][k - 1] = -1;
      orthonormalise(basis, b);
    }
    return basis;
  }

  /** {@code rows} random orthonormal vectors in R^d, [rows][d], rows &lt;= d. */
  private static double[][] randomOrthonormal(int rows, int d, Random random) {
    double[][] q = new double[rows][d];
    for (int r = 0; r < rows; r++) {
      do {
        for (int j = 0; j < d; j++) {
          q[r][j] = random.nextGaussian();
        }
      } while (!orthonormalise(q, r));
    }
    return q;
  }

  /** Orthogonalises row r against rows [0, r) and normalises it; false when it became (nearly) zero. */
  private static boolean orthonormalise(double[][] q, int r) {
    int d = q[r].length;
    for (int p = 0; p < r; p++) {
      double dot = 0;
      for (int j = 0; j < d; j++) {
        dot += q[r][j] * q[p][j];
      }
      for (int j = 0; j < d; j++) {
        q[r][j] -= dot * q[p][j];
      }
    }
    double norm = 0;
    for (int j = 0; j < d; j++) {
      norm += q[r][j] * q[r][j];
    }
    norm = Math.sqrt(norm);
    if (norm < 1e-8) {
      return false;
    }
    for (int j = 0; j < d; j++) {
      q[r][j] /= norm;
    }
    return true;
  }
}
