package io.hardmax.attention;

import java.util.Arrays;

/**
 * Gradient accumulator of one thread: dense parameters in full, embeddings as full rows with a list of the
 * touched rows, so clearing and reducing cost only what a batch used.
 */
final class Gradients {
  final float[] dense; // same layout as Weights.dense
  final float[] emb; // [vocab * dim], non-zero only in touched rows
  private final int dim;
  private final int[] touched; // row ids in first-touch order
  private final boolean[] isTouched; // [vocab]
  private int touchedCount;

  Gradients(Weights w) {
    dense = new float[w.dense.length];
    emb = new float[w.embeddings.length];
    dim = w.dim;
    touched = new int[w.vocab];
    isTouched = new boolean[w.vocab];
  }

  void addEmbedding(int row, float[] g, int off) {
    if (!isTouched[row]) {
      isTouched[row] = true;
      touched[touchedCount++] = row;
    }
    int o = row * dim;
    for (int c = 0; c < dim; c++) {
      emb[o + c] += g[off + c];
    }
  }

  int touchedCount() {
    return touchedCount;
  }

  int touched(int i) {
    return touched[i];
  }

  /** Adds another accumulator into this one (rows touched there become touched here). */
  void add(Gradients o) {
    for (int i = 0; i < dense.length; i++) {
      dense[i] += o.dense[i];
    }
    for (int t = 0; t < o.touchedCount; t++) {
      int row = o.touched[t];
      if (!isTouched[row]) {
        isTouched[row] = true;
        touched[touchedCount++] = row;
      }
      int off = row * dim;
      for (int c = 0; c < dim; c++) {
        emb[off + c] += o.emb[off + c];
      }
    }
  }

  /** Sorts the touched rows so updates run in a fixed order whatever the thread interleaving. */
  void sortTouched() {
    Arrays.sort(touched, 0, touchedCount);
  }

  void clear() {
    Arrays.fill(dense, 0f);
    for (int t = 0; t < touchedCount; t++) {
      int row = touched[t];
      isTouched[row] = false;
      Arrays.fill(emb, row * dim, row * dim + dim, 0f);
    }
    touchedCount = 0;
  }
}
