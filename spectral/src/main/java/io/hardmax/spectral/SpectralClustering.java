package io.hardmax.spectral;

/**
 * Two-way spectral clustering of a two-component mixture: the label of a point is the sign of its projection on
 * the top eigenvector of the centred data's covariance (the first principal axis). For two well separated
 * components of equal weight the top axis points along the difference of the means, so the sign splits them
 * (see e.g. Vempala and Wang, "A spectral algorithm for learning mixture models", JCSS 2004).
 */
public final class SpectralClustering {

  private SpectralClustering() {}

  /**
   * Labels each row 0 or 1.
   *
   * @param rows data [n][d], n &gt;= 2
   * @param seed seed of the power method
   * @return labels [n]: 1 where the projection on the top axis is &gt; 0, else 0
   */
  public static int[] twoWay(double[][] rows, long seed) {
    Pca pca = Pca.fit(rows, 1, seed);
    int[] labels = new int[rows.length];
    for (int r = 0; r < rows.length; r++) {
      labels[r] = pca.project(rows[r])[0] > 0 ? 1 : 0;
    }
    return labels;
  }
}
