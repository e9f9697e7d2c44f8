package io.hardmax.attention;

import java.util.Arrays;

/**
 * A naive double-precision reference of the hardmax transformer: the full sequence with every padding position
 * as its own row (no multiplicity trick), one row per token, dense softmax over all keys (no sparsity cut), the
 * layer of {@link HardmaxAttention#referenceLayer}. The fast {@link Workspace} must agree with it.
 */
final class ReferenceModel {
  private ReferenceModel() {}

  static double logit(HardmaxConfig c, Weights w, int[] ids, boolean hard, double[] dense, double[] emb) {
    return logit(c, w, ids, hard, dense, emb, SequenceLayout.NONE);
  }

  static double logit(HardmaxConfig c, Weights w, int[] ids, boolean hard, double[] dense, double[] emb, SequenceLayout layout) {
    int d = c.dim();
    int len = Math.min(ids.length, c.maxLength());
    boolean all = c.pooling() == HardmaxConfig.Pooling.ALL_POSITIONS;
    int rows = all ? c.maxLength() : len;
    double[][] z = new double[rows][d];
    for (int i = 0; i < rows; i++) {
      int id = i < len ? ids[i] : io.hardmax.nlp.Vocabulary.PAD;
      for (int k = 0; k < d; k++) {
        z[i][k] = emb[id * d + k];
      }
    }
    if (c.gated() && len > 0) {
      int[] neg = new int[len];
      layout.operators(ids, len, neg, c.negationGate(), c.contrastGate());
      int go = w.gateOffset();
      double[][] u = new double[d][d];
      double[] cb = new double[d];
      for (int r = 0; r < d; r++) {
        for (int k = 0; k < d; k++) {
          u[r][k] = dense[go + r * d + k];
        }
        cb[r] = dense[go + d * d + r];
      }
      float[] gp = new float[len];
      layout.place(ids, len, gp, null);
      double[] gpos = new double[len];
      for (int i = 0; i < len; i++) {
        gpos[i] = gp[i];
      }
      double lambda = Weights.softplus(dense[go + d * d + d]);
      double[][] gated = HardmaxAttention.referenceGate(Arrays.copyOf(z, len), neg, gpos, u, cb, lambda);
      System.arraycopy(gated, 0, z, 0, len);
    }
    double[][] z0 = z;
    float[] fp = new float[len];
    int[] sent = new int[rows];
    layout.place(ids, len, fp, sent);
    double[] pos = new double[rows];
    for (int i = 0; i < len; i++) {
      pos[i] = fp[i];
    }
    for (int layer = 0; layer < c.depth(); layer++) {
      int m = c.moduleOf(layer);
      double alpha = Weights.softplus(dense[m]);
      if (c.heads() == 1 && !c.valueMap()) {
        double slope = w.distance ? Weights.softplus(dense[w.distanceOffset() + m]) : 0;
        z = HardmaxAttention.referenceLayer(z, matrix(c, w, m, dense), pos, sent, null, c.wordOrder(), c.window(), slope,
            alpha, c.tau(), hard).next();
        continue;
      }
      int heads = c.heads();
      double[][][] a = new double[heads][][];
      double[] slopes = new double[heads];
      for (int h = 0; h < heads; h++) {
        a[h] = matrix(c, w, m, h, dense);
        slopes[h] = w.distance ? Weights.softplus(dense[w.slopeOffset(m, h)]) : 0;
      }
      double[][] wm = null;
      if (c.valueMap()) {
        wm = new double[d][d];
        for (int r = 0; r < d; r++) {
          for (int k = 0; k < d; k++) {
            wm[r][k] = dense[w.valueMapOffset(m) + r * d + k];
          }
        }
      }
      z = HardmaxAttention.referenceLayer(z, a, pos, sent, null, c.wordOrder(), c.window(), slopes, wm, heads, alpha,
          c.tau(), hard).next();
    }
    int vOff = w.readoutOffset();
    double logit = dense[w.biasOffset()];
    // readout weights: 1 per row, or 1 / copies of the row's word when pooled by distinct words
    double[] pw = new double[rows];
    double total = rows;
    Arrays.fill(pw, 1);
    if (c.pooling() == HardmaxConfig.Pooling.DISTINCT_WORDS) {
      java.util.Map<Integer, Integer> copies = new java.util.HashMap<>();
      for (int i = 0; i < len; i++) {
        copies.merge(ids[i], 1, Integer::sum);
      }
      for (int i = 0; i < len; i++) {
        pw[i] = 1.0 / copies.get(ids[i]);
      }
      total = copies.size();
    }
    if (rows > 0) {
      for (int k = 0; k < d; k++) {
        double mean = 0;
        double mean0 = 0;
        for (int i = 0; i < rows; i++) {
          mean += pw[i] * z[i][k];
          mean0 += pw[i] * z0[i][k];
        }
        logit += dense[vOff + k] * mean / total;
        if (w.twoChannel) {
          logit += dense[w.readout0Offset() + k] * mean0 / total;
        }
      }
    }
    return logit;
  }

  static double logit(HardmaxConfig c, Weights w, int[] ids, boolean hard) {
    return logit(c, w, ids, hard, SequenceLayout.NONE);
  }

  static double logit(HardmaxConfig c, Weights w, int[] ids, boolean hard, SequenceLayout layout) {
    double[] dense = new double[w.dense.length];
    for (int i = 0; i < dense.length; i++) {
      dense[i] = w.dense[i];
    }
    double[] emb = new double[w.embeddings.length];
    for (int i = 0; i < emb.length; i++) {
      emb[i] = w.embeddings[i];
    }
    return logit(c, w, ids, hard, dense, emb, layout);
  }

  /** A of a module, or null for the identity. */
  private static double[][] matrix(HardmaxConfig c, Weights w, int m, double[] dense) {
    return matrix(c, w, m, 0, dense);
  }

  /** A of a module's head, or null for the identity. */
  private static double[][] matrix(HardmaxConfig c, Weights w, int m, int head, double[] dense) {
    int d = c.dim();
    if (c.attention() == HardmaxConfig.AttentionKind.IDENTITY) {
      return null;
    }
    double[][] a = new double[d][d];
    int off = w.bOffset(m, head);
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        for (int k = 0; k < d; k++) {
          a[i][j] += dense[off + i * d + k] * dense[off + j * d + k];
        }
      }
      a[i][i] += c.spdEpsilon();
    }
    return a;
  }
}
