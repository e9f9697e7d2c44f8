package io.hardmax.em;

/**
 * Misclustering rate: the fraction of points whose predicted cluster differs from the true one under the best
 * one-to-one matching of predicted to true labels (brute force over all K! permutations, K &lt;= 8).
 */
public final class Misclustering {

  /** Largest K handled by the brute-force matching. */
  public static final int MAX_K = 8;

  private Misclustering() {}

  /**
   * @param truth     true labels in [0, k), [n]
   * @param predicted predicted labels in [0, k), [n]
   * @param k         number of labels, 1 &lt;= k &lt;= {@link #MAX_K}
   * @return the smallest error rate over all relabellings of {@code predicted}, in [0, 1]
   */
  public static double rate(int[] truth, int[] predicted, int k) {
    if (k < 1 || k > MAX_K) {
      throw new IllegalArgumentException("k must be in [1, " + MAX_K + "], found " + k);
    }
    if (truth.length != predicted.length || truth.length == 0) {
      throw new IllegalArgumentException("label arrays must be non-empty and of equal length, found "
          + truth.length + " true and " + predicted.length + " predicted");
    }
    int[][] counts = new int[k][k]; // counts[predicted][true]
    for (int i = 0; i < truth.length; i++) {
      if (truth[i] < 0 || truth[i] >= k || predicted[i] < 0 || predicted[i] >= k) {
        throw new IllegalArgumentException("label at index " + i + " outside [0, " + k + "): true " + truth[i]
            + ", predicted " + predicted[i]);
      }
      counts[predicted[i]][truth[i]]++;
    }
    int[] perm = new int[k];
    for (int i = 0; i < k; i++) {
      perm[i] = i;
    }
    int best = bestMatch(counts, perm, 0);
    return 1.0 - (double) best / truth.length;
  }

  private static int bestMatch(int[][] counts, int[] perm, int pos) {
    if (pos == perm.length) {
      int s = 0;
      for (int p = 0; p < perm.length; p++) {
        s += counts[p][perm[p]];
      }
      return s;
    }
    int best = 0;
    for (int i = pos; i < perm.length; i++) {
      swap(perm, pos, i);
      best = Math.max(best, bestMatch(counts, perm, pos + 1));
      swap(perm, pos, i);
    }
    return best;
  }

  private static void swap(int[] a, int i, int j) {
    int t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}
