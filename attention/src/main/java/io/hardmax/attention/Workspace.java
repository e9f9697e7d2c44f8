package io.hardmax.attention;

import java.util.Arrays;

/**
 * The per-thread working state of the hardmax transformer's forward and backward passes (llama3.java style:
 * allocated once for a maximum length, then reused, so the passes allocate nothing per token).
 *
 * <p>Rows: the {@code n} real tokens, plus — when padding is pooled and {@code n < maxLength} — one row standing
 * for all {@code m = maxLength - n} padding positions. All padding positions have the same input and, by
 * permutation equivariance, the same state at every layer, so one row with key weight m (a softmax/hardmax
 * over keys with multiplicities) is exact and costs nothing extra.
 *
 * <p>Attention over the keys of row i: scores {@code s_ij = <A z_i, z_j>}; training uses
 * {@code P_ij = w_j exp((s_ij - max_i) / tau) / sum_k w_k exp(...)}, keeping only keys with
 * {@code s_ij >= max_i - tau ln(1e9)} (the rest weigh less than 1e-9 of the maximum: at tau = 1e-3 the softmax
 * is nearly sparse); inference uses the exact hardmax {@code P_ij = w_j / sum_{k in C_i} w_k} for
 * {@code j in C_i = argmax_j s_ij}. Tie rule: exact float equality of scores, computed in a fixed order, so
 * identical tokens (duplicates) get bit-identical scores and tie exactly.
 */
final class Workspace {
  /** Keys below max - tau * SPARSE_CUT carry less than 1e-9 of the weight and are dropped. */
  static final double SPARSE_CUT = Math.log(1e9);

  final HardmaxConfig cfg;
  final int d;
  final int depth;
  final int cap; // maxLength + 1 rows at most

  // --- per-call state, valid after forward() ---
  int n; // real rows: the real tokens, or with compact rows the distinct words
  int tokens; // real tokens used (the first min(length, maxLength))
  int rows; // n + (pad row ? 1 : 0)
  int padCount; // padding positions represented by the pad row (0 if none)
  double pooledCount; // P: number of pooled positions
  final int[] ids; // [cap] token id of each row (PAD for the pad row)
  final float[] keyWeight; // [cap] copies of the row's word (1 unless compact), padCount for the pad row
  final int[] tokenRow; // [cap] row of each real token (identity unless compact)
  final float[][] z; // [depth+1][cap*d] states per layer
  final float[][] az; // [depth][cap*d] A z per layer (unused for A = I)
  final float[][] mix; // [depth][cap*d] sum_j P_ij z_j per layer
  final int[][] nzCount; // [depth][cap] number of kept keys per row
  final int[][] nzIdx; // [depth][cap*cap] kept key indices of row i at [i*cap, i*cap+count)
  final float[][] nzP; // [depth][cap*cap] their probabilities
  final float[] pooled; // [d] mean of the last layer
  double logit;
  boolean hardmax;

  // --- compact rows: id -> row of the current call, valid where stampOfId[id] == stamp ---
  private int[] rowOfId; // [vocab], allocated on the first compact call
  private int[] stampOfId; // [vocab]
  private int stamp;

  // --- backward scratch ---
  private final float[] scores; // [cap]
  private final float[] scoreMatrix; // [cap*cap] all scores of a layer when A = I, row i at [i*cap, i*cap+rows)
  private final boolean[] changed; // [cap] row's state differs from the previous layer's (its scores are stale)
  private final int[] changedRows; // [cap] scratch: the indices of the changed rows
  private final float[] zt; // [d*cap] the keys of the current layer, transposed (column c at [c*cap, c*cap+rows))
  private final float[] gNext; // [cap*d]
  private final float[] gCur; // [cap*d]
  private final float[] gMix; // [cap*d]
  private final float[] dp; // [cap]
  final double[] gA; // [d*d] gradient of A for one layer

  Workspace(HardmaxConfig cfg) {
    this.cfg = cfg;
    this.d = cfg.dim();
    this.depth = cfg.depth();
    this.cap = cfg.maxLength() + 1;
    int cd = Math.multiplyExact(cap, d);
    int cc = Math.multiplyExact(cap, cap);
    ids = new int[cap];
    keyWeight = new float[cap];
    tokenRow = new int[cap];
    z = new float[depth + 1][cd];
    az = new float[depth][cfg.attention() == HardmaxConfig.AttentionKind.IDENTITY ? 0 : cd];
    mix = new float[depth][cd];
    nzCount = new int[depth][cap];
    nzIdx = new int[depth][cc];
    nzP = new float[depth][cc];
    pooled = new float[d];
    scores = new float[cap];
    zt = new float[cd];
    changed = new boolean[cap];
    changedRows = new int[cap];
    scoreMatrix = new float[cfg.attention() == HardmaxConfig.AttentionKind.IDENTITY ? cc : 0];
    gNext = new float[cd];
    gCur = new float[cd];
    gMix = new float[cd];
    dp = new float[cap];
    gA = new double[d * d];
  }

  /**
   * Runs the model on one sequence.
   *
   * @param tokenIds real token ids; only the first {@code min(length, maxLength)} are used
   * @param length   number of real tokens
   * @param w        weights
   * @param aMats    A of every module (row-major d x d); ignored for A = I
   * @param hard     exact hardmax (inference) instead of the softmax surrogate
   * @param layers   number of attention layers to apply (depth normally; 0 = attention removed)
   * @return the logit
   */
  double forward(int[] tokenIds, int length, Weights w, float[][] aMats, boolean hard, int layers) {
    return forward(tokenIds, length, w, aMats, hard, layers, true);
  }

  /**
   * As {@link #forward(int[], int, Weights, float[][], boolean, int)}; {@code compact} merges the copies of each
   * word into one row whose key weight is its number of copies (the fast path). Copies of a word have identical
   * states at every layer (same input, same scores, same attention sets), so the merged row computes the same
   * function; only the float summation order of the mixing and pooling changes (results agree to rounding,
   * tested against the expanded path and the reference). {@code compact = false} keeps one row per token (the
   * straightforward form, kept as a reference for tests); then {@link #tokenRow} is the identity.
   */
  double forward(int[] tokenIds, int length, Weights w, float[][] aMats, boolean hard, int layers, boolean compact) {
    int len = Math.min(length, cfg.maxLength());
    this.hardmax = hard;
    boolean allPositions = cfg.pooling() == HardmaxConfig.Pooling.ALL_POSITIONS;
    padCount = allPositions ? cfg.maxLength() - len : 0;
    pooledCount = allPositions ? cfg.maxLength() : len;
    float[] z0 = z[0];
    int real;
    if (compact) {
      int vocab = w.embeddings.length / d;
      if (rowOfId == null || rowOfId.length < vocab) {
        rowOfId = new int[vocab];
        stampOfId = new int[vocab];
        stamp = 0;
      }
      if (++stamp == Integer.MAX_VALUE) {
        Arrays.fill(stampOfId, 0);
        stamp = 1;
      }
      real = 0;
      for (int i = 0; i < len; i++) {
        int id = tokenIds[i];
        if (stampOfId[id] == stamp) {
          int r = rowOfId[id];
          keyWeight[r] += 1f;
          tokenRow[i] = r;
        } else {
          stampOfId[id] = stamp;
          rowOfId[id] = real;
          ids[real] = id;
          keyWeight[real] = 1f;
          tokenRow[i] = real;
          System.arraycopy(w.embeddings, id * d, z0, real * d, d);
          real++;
        }
      }
    } else {
      for (int i = 0; i < len; i++) {
        ids[i] = tokenIds[i];
        keyWeight[i] = 1f;
        tokenRow[i] = i;
        System.arraycopy(w.embeddings, tokenIds[i] * d, z0, i * d, d);
      }
      real = len;
    }
    n = real;
    tokens = len;
    rows = real + (padCount > 0 ? 1 : 0);
    if (padCount > 0) {
      ids[real] = io.hardmax.nlp.Vocabulary.PAD;
      keyWeight[real] = padCount;
      System.arraycopy(w.embeddings, io.hardmax.nlp.Vocabulary.PAD * d, z0, real * d, d);
    }
    boolean identity = cfg.attention() == HardmaxConfig.AttentionKind.IDENTITY;
    Arrays.fill(changed, 0, rows, true); // layer 0: every row is new, all scores are computed
    for (int k = 0; k < layers; k++) {
      int module = cfg.moduleOf(k);
      double alpha = w.alpha(module);
      float[] zk = z[k];
      float[] q = zk;
      if (!identity) {
        q = az[k];
        multiply(zk, aMats[module], q, rows);
      }
      layer(zk, q, z[k + 1], mix[k], nzCount[k], nzIdx[k], nzP[k], alpha, hard, k > 0);
    }
    float[] zl = z[layers];
    Arrays.fill(pooled, 0f);
    if (pooledCount > 0) {
      double[] acc = new double[d];
      for (int i = 0; i < rows; i++) {
        double kw = keyWeight[i];
        for (int c = 0; c < d; c++) {
          acc[c] += kw * zl[i * d + c];
        }
      }
      for (int c = 0; c < d; c++) {
        pooled[c] = (float) (acc[c] / pooledCount);
      }
    }
    int vOff = w.readoutOffset();
    double s = w.dense[w.biasOffset()];
    for (int c = 0; c < d; c++) {
      s += (double) w.dense[vOff + c] * pooled[c];
    }
    logit = s;
    return s;
  }

  /** out = Z A for the first {@code rows} rows. */
  private void multiply(float[] zk, float[] a, float[] out, int rowCount) {
    for (int i = 0; i < rowCount; i++) {
      int zo = i * d;
      for (int c = 0; c < d; c++) {
        float s = 0f;
        for (int k = 0; k < d; k++) {
          s += zk[zo + k] * a[k * d + c];
        }
        out[zo + c] = s;
      }
    }
  }

  /**
   * {@code out[oo + j] = <q_row, z_j>} for keys {@code j in [from, to)}, from the transposed keys {@link #zt}:
   * axpy passes over the keys (vectorisable), each score summed strictly in the order c = 0..d-1.
   */
  private void scoreRow(float[] q, int qo, float[] out, int oo, int from, int to) {
    final int dd = d;
    final float[] kt = zt;
    final int cp = cap;
    int c;
    int off = oo; // out index of key j is oo + j
    if (dd >= 4) {
      float q0 = q[qo];
      float q1 = q[qo + 1];
      float q2 = q[qo + 2];
      float q3 = q[qo + 3];
      int o1 = cp;
      int o2 = 2 * cp;
      int o3 = 3 * cp;
      for (int j = from; j < to; j++) {
        out[off + j] = q0 * kt[j] + q1 * kt[o1 + j] + q2 * kt[o2 + j] + q3 * kt[o3 + j];
      }
      c = 4;
    } else {
      float q0 = q[qo];
      for (int j = from; j < to; j++) {
        out[off + j] = q0 * kt[j];
      }
      c = 1;
    }
    for (; c + 7 < dd; c += 8) {
      float q0 = q[qo + c];
      float q1 = q[qo + c + 1];
      float q2 = q[qo + c + 2];
      float q3 = q[qo + c + 3];
      float q4 = q[qo + c + 4];
      float q5 = q[qo + c + 5];
      float q6 = q[qo + c + 6];
      float q7 = q[qo + c + 7];
      int o0 = c * cp;
      int o1 = o0 + cp;
      int o2 = o1 + cp;
      int o3 = o2 + cp;
      int o4 = o3 + cp;
      int o5 = o4 + cp;
      int o6 = o5 + cp;
      int o7 = o6 + cp;
      for (int j = from; j < to; j++) {
        out[off + j] = out[off + j] + q0 * kt[o0 + j] + q1 * kt[o1 + j] + q2 * kt[o2 + j] + q3 * kt[o3 + j]
            + q4 * kt[o4 + j] + q5 * kt[o5 + j] + q6 * kt[o6 + j] + q7 * kt[o7 + j];
      }
    }
    for (; c + 3 < dd; c += 4) {
      float q0 = q[qo + c];
      float q1 = q[qo + c + 1];
      float q2 = q[qo + c + 2];
      float q3 = q[qo + c + 3];
      int o0 = c * cp;
      int o1 = o0 + cp;
      int o2 = o1 + cp;
      int o3 = o2 + cp;
      for (int j = from; j < to; j++) {
        out[off + j] = out[off + j] + q0 * kt[o0 + j] + q1 * kt[o1 + j] + q2 * kt[o2 + j] + q3 * kt[o3 + j];
      }
    }
    for (; c < dd; c++) {
      float qc = q[qo + c];
      int oc = c * cp;
      for (int j = from; j < to; j++) {
        out[off + j] += qc * kt[oc + j];
      }
    }
  }

  /**
   * Prepares the scores of configuration {@code zk} with queries {@code q}: the keys transposed into {@link #zt}
   * and, when A = I ({@code q == zk}), the full score matrix {@link #scoreMatrix}; with {@code reuse}, only the
   * rows marked {@link #changed} since the previous layer are rescored.
   *
   * @return whether the score matrix holds the scores (A = I); otherwise rows are scored one by one with
   *         {@link #scoreRow}
   */
  private boolean prepareScores(float[] zk, float[] q, boolean reuse) {
    // Keys transposed, so the scores of row i are axpy loops over the keys (which the JIT vectorises; a
    // dot-product loop per key is a float reduction it cannot vectorise). Each score is still
    // ((q_0 z_0 + q_1 z_1) + q_2 z_2) + ... in the order c = 0..d-1 for every key, exactly as a scalar loop would
    // compute it (Java does not fuse or reorder float operations), so duplicates tie bit for bit.
    final int dd = d;
    final int nr = rows;
    final boolean symmetric = q == zk && scoreMatrix.length > 0;
    int nc = 0;
    for (int i = 0; i < nr; i++) {
      if (changed[i]) {
        changedRows[nc++] = i;
      }
    }
    // A = I and only some rows moved since the last layer: the scores between two unmoved rows are unchanged
    // (same states, same arithmetic), so only the rows and columns of the moved rows are recomputed
    final boolean incremental = symmetric && reuse && 2 * nc < nr;
    if (incremental) {
      for (int t = 0; t < nc; t++) {
        int j = changedRows[t];
        int ko = j * dd;
        for (int c = 0; c < dd; c++) {
          zt[c * cap + j] = zk[ko + c];
        }
      }
    } else {
      for (int j = 0; j < nr; j++) {
        int ko = j * dd;
        for (int c = 0; c < dd; c++) {
          zt[c * cap + j] = zk[ko + c];
        }
      }
    }
    if (symmetric) {
      // A = I: s_ij and s_ji are the same products summed in the same order, hence bit-identical; compute the
      // upper triangle (j >= i) row by row, or the full rows of the moved rows, and mirror
      final float[] g = scoreMatrix;
      if (incremental) {
        for (int t = 0; t < nc; t++) {
          int i = changedRows[t];
          scoreRow(zk, i * dd, g, i * cap, 0, nr);
          for (int j = 0; j < nr; j++) {
            g[j * cap + i] = g[i * cap + j];
          }
        }
      } else {
        for (int i = 0; i < nr; i++) {
          scoreRow(zk, i * dd, g, i * cap, i, nr);
          for (int j = i + 1; j < nr; j++) {
            g[j * cap + i] = g[i * cap + j];
          }
        }
      }
    }
    return symmetric;
  }

  /**
   * The exact hardmax attention sets of {@code z[layers]} after a {@link #forward} call with {@code layers}
   * layers: the sets a next layer would attend with (the final configuration's clusters). Same arithmetic and tie
   * rule as {@link #layer} (keys attaining the maximum score, in key order); with A = I only the rows that moved
   * in the last layer are rescored.
   *
   * @param a A of the module that would follow (row-major d x d), or null for A = I
   * @return for each row, its attention set: row indices, ascending
   */
  int[][] nextSets(int layers, float[] a) {
    final int dd = d;
    final int nr = rows;
    float[] zk = z[layers];
    float[] q = zk;
    if (a != null && cfg.attention() != HardmaxConfig.AttentionKind.IDENTITY) {
      q = new float[nr * dd];
      multiply(zk, a, q, nr);
    }
    final boolean symmetric = prepareScores(zk, q, layers > 0);
    final float[] sc = symmetric ? scoreMatrix : scores;
    int[][] sets = new int[nr][];
    int[] tmp = changedRows; // scratch, no longer needed once the scores are prepared
    for (int i = 0; i < nr; i++) {
      int so = symmetric ? i * cap : 0;
      if (!symmetric) {
        scoreRow(q, i * dd, sc, 0, 0, nr);
      }
      float max = Float.NEGATIVE_INFINITY;
      int m = 0;
      for (int j = 0; j < nr; j++) {
        float s = sc[so + j];
        if (s >= max) {
          if (s > max) {
            max = s;
            m = 0;
          }
          tmp[m++] = j;
        }
      }
      sets[i] = Arrays.copyOf(tmp, m);
    }
    return sets;
  }

  /** One attention layer: scores, sparse softmax or hardmax, mixing, the residual update. */
  private void layer(float[] zk, float[] q, float[] out, float[] mixK, int[] cnt, int[] idx, float[] prob,
      double alpha, boolean hard, boolean reuse) {
    final int dd = d;
    final float tau = (float) cfg.tau();
    final float cut = (float) (cfg.tau() * SPARSE_CUT);
    final float inv = (float) (1 / (1 + alpha));
    final float a = (float) alpha;
    final int nr = rows;
    final boolean symmetric = prepareScores(zk, q, reuse);
    final float[] sc = symmetric ? scoreMatrix : scores;
    for (int i = 0; i < nr; i++) {
      int so = symmetric ? i * cap : 0;
      if (!symmetric) {
        scoreRow(q, i * dd, sc, 0, 0, nr);
      }
      int base = i * cap;
      int m = 0;
      double sum = 0;
      if (hard) {
        // one pass: the running maximum and the keys that attain it (restarted when it grows), in key order
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < nr; j++) {
          float s = sc[so + j];
          if (s >= max) {
            if (s > max) {
              max = s;
              m = 0;
              sum = 0;
            }
            idx[base + m] = j;
            prob[base + m] = keyWeight[j];
            sum += keyWeight[j];
            m++;
          }
        }
      } else {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = so; j < so + nr; j++) {
          max = Math.max(max, sc[j]);
        }
        float thr = max - cut;
        for (int j = 0; j < rows; j++) {
          float s = sc[so + j];
          if (s >= thr) {
            float e = (float) (keyWeight[j] * Math.exp((s - max) / tau));
            idx[base + m] = j;
            prob[base + m] = e;
            sum += e;
            m++;
          }
        }
      }
      cnt[i] = m;
      float invSum = (float) (1 / sum);
      int mo = i * dd;
      for (int c = 0; c < dd; c++) {
        mixK[mo + c] = 0f;
      }
      for (int t = 0; t < m; t++) {
        float p = prob[base + t] * invSum;
        prob[base + t] = p;
        int ko = idx[base + t] * dd;
        for (int c = 0; c < dd; c++) {
          mixK[mo + c] += p * zk[ko + c];
        }
      }
      if (m == 1 && idx[base] == i) {
        // attends only to itself: z' = (z + alpha z) / (1 + alpha) = z exactly (not rounded), so a leader is a
        // fixed point bit for bit and its scores can be reused by the next layer
        System.arraycopy(zk, mo, out, mo, dd);
        changed[i] = false;
      } else {
        for (int c = 0; c < dd; c++) {
          out[mo + c] = (zk[mo + c] + a * mixK[mo + c]) * inv;
        }
        changed[i] = true;
      }
    }
  }

  /**
   * Backpropagates {@code dLoss/dlogit} through the last {@link #forward} (softmax surrogate; with a hardmax
   * forward this is the straight-through gradient of the chosen attention sets) and accumulates into
   * {@code grads}.
   */
  void backward(double gLogit, Weights w, float[][] aMats, Gradients grads, int layers) {
    final int dd = d;
    int vOff = w.readoutOffset();
    float[] gd = grads.dense;
    // readout
    gd[w.biasOffset()] += (float) gLogit;
    for (int c = 0; c < dd; c++) {
      gd[vOff + c] += (float) (gLogit * pooled[c]);
    }
    Arrays.fill(gNext, 0, rows * dd, 0f);
    if (pooledCount > 0) {
      for (int i = 0; i < rows; i++) {
        double f = gLogit * keyWeight[i] / pooledCount;
        for (int c = 0; c < dd; c++) {
          gNext[i * dd + c] = (float) (f * w.dense[vOff + c]);
        }
      }
    }
    boolean identity = cfg.attention() == HardmaxConfig.AttentionKind.IDENTITY;
    final float tau = (float) cfg.tau();
    for (int k = layers - 1; k >= 0; k--) {
      int module = cfg.moduleOf(k);
      double alpha = w.alpha(module);
      float inv = (float) (1 / (1 + alpha));
      float ai = (float) (alpha / (1 + alpha));
      float[] zk = z[k];
      float[] q = identity ? zk : az[k];
      float[] mixK = mix[k];
      int[] cnt = nzCount[k];
      int[] idx = nzIdx[k];
      float[] prob = nzP[k];
      double gAlpha = 0;
      if (!identity) {
        Arrays.fill(gA, 0);
      }
      for (int e = 0; e < rows * dd; e++) {
        float g = gNext[e];
        gAlpha += (double) g * (mixK[e] - zk[e]);
        gCur[e] = g * inv;
        gMix[e] = g * ai;
      }
      gAlpha *= 1 / ((1 + alpha) * (1 + alpha));
      gd[module] += (float) (gAlpha * Weights.sigmoid(w.dense[module]));
      for (int i = 0; i < rows; i++) {
        int base = i * cap;
        int m = cnt[i];
        int io = i * dd;
        double dot = 0;
        for (int t = 0; t < m; t++) {
          int jo = idx[base + t] * dd;
          float p = prob[base + t];
          float s = 0f;
          for (int c = 0; c < dd; c++) {
            s += gMix[io + c] * zk[jo + c];
            gCur[jo + c] += p * gMix[io + c];
          }
          dp[t] = s;
          dot += p * s;
        }
        if (hardmax || m == 1) {
          continue; // hardmax sets are piecewise constant; one key: softmax derivative is 0
        }
        for (int t = 0; t < m; t++) {
          float ds = (float) (prob[base + t] * (dp[t] - dot) / tau);
          if (ds == 0f) {
            continue;
          }
          int j = idx[base + t];
          int jo = j * dd;
          // s_ij = <A z_i, z_j>: d/dz_i = A z_j, d/dz_j = A z_i
          float[] qj = q;
          for (int c = 0; c < dd; c++) {
            gCur[io + c] += ds * qj[jo + c];
            gCur[jo + c] += ds * q[io + c];
          }
          if (!identity) {
            for (int r = 0; r < dd; r++) {
              double zr = ds * zk[io + r];
              for (int c = 0; c < dd; c++) {
                gA[r * dd + c] += zr * zk[jo + c];
              }
            }
          }
        }
      }
      if (!identity) {
        // A = B B^T + eps I: dL/dB = (G + G^T) B
        int bo = w.bOffset(module);
        for (int r = 0; r < dd; r++) {
          for (int c = 0; c < dd; c++) {
            double s = 0;
            for (int t = 0; t < dd; t++) {
              s += (gA[r * dd + t] + gA[t * dd + r]) * w.dense[bo + t * dd + c];
            }
            gd[bo + r * dd + c] += (float) s;
          }
        }
      }
      System.arraycopy(gCur, 0, gNext, 0, rows * dd);
    }
    for (int i = 0; i < rows; i++) {
      grads.addEmbedding(ids[i], gNext, i * dd);
    }
  }
}
