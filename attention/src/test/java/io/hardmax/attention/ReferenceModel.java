package io.hardmax.attention;

/**
 * A naive double-precision reference of the hardmax transformer: the full sequence with every padding position
 * as its own row (no multiplicity trick), dense softmax over all keys (no sparsity cut), plain loops. The fast
 * {@link Workspace} must agree with it.
 */
final class ReferenceModel {
  private ReferenceModel() {}

  static double logit(HardmaxConfig c, Weights w, int[] ids, boolean hard, double[] dense, double[] emb) {
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
    for (int layer = 0; layer < c.depth(); layer++) {
      int m = c.moduleOf(layer);
      double alpha = Weights.softplus(dense[m]);
      double[][] a = matrix(c, w, m, dense);
      double[][] out = new double[rows][d];
      for (int i = 0; i < rows; i++) {
        double[] az = new double[d];
        for (int r = 0; r < d; r++) {
          for (int k = 0; k < d; k++) {
            az[r] += a[r][k] * z[i][k];
          }
        }
        double[] s = new double[rows];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < rows; j++) {
          for (int k = 0; k < d; k++) {
            s[j] += az[k] * z[j][k];
          }
          max = Math.max(max, s[j]);
        }
        double[] p = new double[rows];
        double sum = 0;
        for (int j = 0; j < rows; j++) {
          p[j] = hard ? (Math.abs(s[j] - max) <= 1e-9 * (1 + Math.abs(max)) ? 1 : 0) : Math.exp((s[j] - max) / c.tau());
          sum += p[j];
        }
        for (int k = 0; k < d; k++) {
          double mix = 0;
          for (int j = 0; j < rows; j++) {
            mix += p[j] / sum * z[j][k];
          }
          out[i][k] = (z[i][k] + alpha * mix) / (1 + alpha);
        }
      }
      z = out;
    }
    int vOff = w.readoutOffset();
    double logit = dense[w.biasOffset()];
    if (rows > 0) {
      for (int k = 0; k < d; k++) {
        double mean = 0;
        for (int i = 0; i < rows; i++) {
          mean += z[i][k];
        }
        logit += dense[vOff + k] * mean / rows;
      }
    }
    return logit;
  }

  static double logit(HardmaxConfig c, Weights w, int[] ids, boolean hard) {
    double[] dense = new double[w.dense.length];
    for (int i = 0; i < dense.length; i++) {
      dense[i] = w.dense[i];
    }
    double[] emb = new double[w.embeddings.length];
    for (int i = 0; i < emb.length; i++) {
      emb[i] = w.embeddings[i];
    }
    return logit(c, w, ids, hard, dense, emb);
  }

  private static double[][] matrix(HardmaxConfig c, Weights w, int m, double[] dense) {
    int d = c.dim();
    double[][] a = new double[d][d];
    if (c.attention() == HardmaxConfig.AttentionKind.IDENTITY) {
      for (int i = 0; i < d; i++) {
        a[i][i] = 1;
      }
      return a;
    }
    int off = w.bOffset(m);
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
