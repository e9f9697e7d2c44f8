package io.hardmax.eval.metrics;

import java.util.ArrayList;
import java.util.List;

/** Accuracy by review length (in tokens), over fixed bucket edges. */
public final class LengthBuckets {
  /** Upper edges (exclusive) of the default buckets; the last bucket is open. */
  public static final int[] DEFAULT_EDGES = {64, 128, 256, 512, 1024};

  /** One bucket: lengths in {@code [low, high)} ({@code high} = {@link Integer#MAX_VALUE} for the last). */
  public record Bucket(int low, int high, long count, double accuracy) {
    /** A label such as {@code 128-255} or {@code 1024+}. */
    public String label() {
      return high == Integer.MAX_VALUE ? low + "+" : low + "-" + (high - 1);
    }
  }

  private LengthBuckets() {}

  /** Accuracy per bucket; empty buckets are left out. */
  public static List<Bucket> compute(int[] lengths, boolean[] correct, int[] edges) {
    if (lengths.length != correct.length) {
      throw new IllegalArgumentException("lengths and correct differ in length: " + lengths.length + " vs " + correct.length);
    }
    int nb = edges.length + 1;
    long[] count = new long[nb];
    long[] hits = new long[nb];
    for (int i = 0; i < lengths.length; i++) {
      int b = 0;
      while (b < edges.length && lengths[i] >= edges[b]) {
        b++;
      }
      count[b]++;
      if (correct[i]) {
        hits[b]++;
      }
    }
    List<Bucket> out = new ArrayList<>();
    for (int b = 0; b < nb; b++) {
      if (count[b] > 0) {
        int low = b == 0 ? 0 : edges[b - 1];
        int high = b == edges.length ? Integer.MAX_VALUE : edges[b];
        out.add(new Bucket(low, high, count[b], hits[b] / (double) count[b]));
      }
    }
    return List.copyOf(out);
  }
}
