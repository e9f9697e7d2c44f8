package io.hardmax.datasets.synthetic;

import java.util.Random;

/**
 * Covariance instances of the spectral-transformer experiment (paper 2 in {@code shared/PAPERS.md}): draw
 * {@code L = G + 0.1 I} with G standard normal [d][d], then n points {@code x = L z}, {@code z ~ N(0, I_d)}. The
 * targets (top eigenvectors of the sample covariance) are computed by the caller.
 */
public final class CovarianceGenerator {

  private CovarianceGenerator() {}

  /**
   * @param d      dimension, &gt;= 1
   * @param n      points, &gt;= 2
   * @param random the caller's random stream
   */
  public static CovarianceInstance generate(int d, int n, Random random) {
    if (d < 1 || n < 2) {
      throw new IllegalArgumentException("need d >= 1 and n >= 2, found d = " + d + ", n = " + n);
    }
    double[][] l = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        l[i][j] = random.nextGaussian() + (i == j ? 0.1 : 0.0);
      }
    }
    double[][] x = new double[n][d];
    double[] z = new double[d];
    for (int s = 0; s < n; s++) {
      for (int j = 0; j < d; j++) {
        z[j] = random.nextGaussian();
      }
      for (int i = 0; i < d; i++) {
        double v = 0;
        for (int j = 0; j < d; j++) {
          v += l[i][j] * z[j];
        }
        x[s][i] = v;
      }
    }
    return new CovarianceInstance(x, l);
  }
}
