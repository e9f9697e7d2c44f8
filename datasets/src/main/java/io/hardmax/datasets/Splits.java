package io.hardmax.datasets;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded, stratified splits: carving a validation part out of training data (never out of test data). */
public final class Splits {
  private Splits() {}

  /**
   * A split and how it was made.
   *
   * @param train      the remaining training reviews, in input order
   * @param validation the validation reviews, in input order
   * @param fraction   the requested validation fraction
   * @param seed       the seed that chose them
   */
  public record Split(List<Review> train, List<Review> validation, double fraction, long seed) {}

  /**
   * Carves {@code fraction} of each label (and of unlabeled reviews) out as validation, chosen by a seeded
   * Fisher-Yates shuffle of indices; the same seed and input always give the same split.
   */
  public static Split trainValidation(List<Review> reviews, double fraction, long seed) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("validation fraction must be in (0, 1), was " + fraction);
    }
    boolean[] val = new boolean[reviews.size()];
    SplittableRandom rnd = new SplittableRandom(seed);
    for (Integer label : new Integer[] {0, 1, null}) {
      List<Integer> idx = new ArrayList<>();
      for (int i = 0; i < reviews.size(); i++) {
        Integer l = reviews.get(i).label();
        if (l == null ? label == null : l.equals(label)) {
          idx.add(i);
        }
      }
      int[] a = idx.stream().mapToInt(Integer::intValue).toArray();
      for (int i = a.length - 1; i > 0; i--) {
        int j = rnd.nextInt(i + 1);
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
      }
      int k = (int) Math.round(a.length * fraction);
      for (int i = 0; i < k; i++) {
        val[a[i]] = true;
      }
    }
    List<Review> tr = new ArrayList<>();
    List<Review> va = new ArrayList<>();
    for (int i = 0; i < reviews.size(); i++) {
      (val[i] ? va : tr).add(reviews.get(i));
    }
    return new Split(List.copyOf(tr), List.copyOf(va), fraction, seed);
  }
}
