package io.hardmax.em;

/**
 * Best one-to-one matching of true labels to predicted clusters by brute force over all K! permutations
 * (K &lt;= {@link Misclustering#MAX_K}); ties go to the first permutation in the enumeration order.
 */
public final class LabelMatching {

  private LabelMatching() {}

  /**
   * @param gain gain[t][c] of sending true label t to cluster c, [K][K], finite
   * @return perm with perm[t] the cluster of true label t, maximising {@code sum_t gain[t][perm[t]]}
   */
  public static int[] bestPermutation(double[][] gain) {
    int k = gain.length;
    if (k < 1 || k > Misclustering.MAX_K) {
      throw new IllegalArgumentException("K must be in [1, " + Misclustering.MAX_K + "], found " + k);
    }
    for (int t = 0; t < k; t++) {
      if (gain[t].length != k) {
        throw new IllegalArgumentException("gain row " + t + " has " + gain[t].length + " entries, expected " + k);
      }
      for (double g : gain[t]) {
        if (!Double.isFinite(g)) {
          throw new IllegalArgumentException("gain row " + t + " has a non-finite entry " + g);
        }
      }
    }
    int[] perm = new int[k];
    for (int i = 0; i < k; i++) {
      perm[i] = i;
    }
    int[] best = perm.clone();
    double[] bestValue = {Double.NEGATIVE_INFINITY};
    search(gain, perm, 0, best, bestValue);
    return best;
  }

  private static void search(double[][] gain, int[] perm, int pos, int[] best, double[] bestValue) {
    if (pos == perm.length) {
      double s = 0;
      for (int t = 0; t < perm.length; t++) {
        s += gain[t][perm[t]];
      }
      if (s > bestValue[0]) {
        bestValue[0] = s;
        System.arraycopy(perm, 0, best, 0, perm.length);
      }
      return;
    }
    for (int i = pos; i < perm.length; i++) {
      swap(perm, pos, i);
      search(gain, perm, pos + 1, best, bestValue);
      swap(perm, pos, i);
    }
  }

  private static void swap(int[] a, int i, int j) {
    int t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}
