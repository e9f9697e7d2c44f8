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
   * @param blockSize  0 when single reviews were drawn, else the length of the runs of consecutive reviews drawn
   *                   whole ({@link #trainValidationBlocks})
   */
  public record Split(List<Review> train, List<Review> validation, double fraction, long seed, int blockSize) {
    /** How the validation part was drawn, for logs: "reviews" or "blocks of N". */
    public String method() {
      return blockSize == 0 ? "reviews" : "blocks of " + blockSize;
    }
  }

  /**
   * Carves {@code fraction} of each label (and of unlabeled reviews) out as validation, chosen by a seeded
   * Fisher-Yates shuffle of indices; the same seed and input always give the same split.
   */
  public static Split trainValidation(List<Review> reviews, double fraction, long seed) {
    return draw(reviews, fraction, seed, 0);
  }

  /**
   * Carves about {@code fraction} of each label out as validation in whole runs of {@code blockSize} consecutive
   * reviews of that label (in input order), the runs chosen by a seeded shuffle and taken until the label's share
   * is reached (so up to {@code blockSize - 1} reviews more than a review-by-review split).
   *
   * <p>Why: IMDb's files are numbered so that a movie's reviews sit next to each other (imdb:train as fetched keeps
   * that order), while the official test split shares no movie with train. Validation reviews drawn one by one
   * mostly have other reviews of their movie in the training part, so names, titles and plot words of that movie
   * help on validation and not on test; drawing whole runs keeps most of a movie on one side (docs/RESULTS.md,
   * round 18).
   *
   * <p>{@code blockSize} 0 draws single reviews: {@link #trainValidation}, the same split bit for bit.
   *
   * @throws IllegalArgumentException when the fraction is outside (0, 1), the block size is negative, or the runs
   *     would take every review of a label
   */
  public static Split trainValidationBlocks(List<Review> reviews, double fraction, int blockSize, long seed) {
    if (blockSize < 0) {
      throw new IllegalArgumentException("validation block size must be >= 0, was " + blockSize);
    }
    return draw(reviews, fraction, seed, blockSize);
  }

  private static Split draw(List<Review> reviews, double fraction, long seed, int blockSize) {
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
      int k = (int) Math.round(idx.size() * fraction);
      int b = Math.max(1, blockSize);
      // a review-by-review split is the block split with blocks of one, drawn by the same shuffle
      int[] order = shuffled((idx.size() + b - 1) / b, rnd);
      int taken = 0;
      for (int q = 0; q < order.length && taken < k; q++) {
        for (int i = order[q] * b; i < Math.min(idx.size(), (order[q] + 1) * b); i++) {
          val[idx.get(i)] = true;
          taken++;
        }
      }
      if (taken > 0 && taken == idx.size()) {
        throw new IllegalArgumentException("validation runs of " + b + " take all " + taken + " reviews "
            + (label == null ? "without a label" : "of label " + label) + ", leaving none to train on; use shorter runs");
      }
    }
    List<Review> tr = new ArrayList<>();
    List<Review> va = new ArrayList<>();
    for (int i = 0; i < reviews.size(); i++) {
      (val[i] ? va : tr).add(reviews.get(i));
    }
    return new Split(List.copyOf(tr), List.copyOf(va), fraction, seed, blockSize);
  }

  /** 0..n-1 in the order of a seeded Fisher-Yates shuffle. */
  private static int[] shuffled(int n, SplittableRandom rnd) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }
}
