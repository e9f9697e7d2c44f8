package io.hardmax.datasets.synthetic;

/**
 * One Gaussian-mixture instance.
 *
 * @param points     sample points, [n][d]
 * @param labels     the component each point was drawn from, [n], in [0, K)
 * @param means      component means, [K][d]; every pair at distance &gt;= the requested separation
 * @param separation the requested minimum distance between means, in units of sigma
 */
public record MixtureInstance(double[][] points, int[] labels, double[][] means, double separation) {

  /** Number of components. */
  public int components() {
    return means.length;
  }
}
