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
 * {@code j in C_i = argmax_j s_ij}. Tie rule: {@link HardmaxAttention#tieFloor} (a relative tolerance); scores are
 * computed in a fixed order, so identical tokens (duplicates) get bit-identical scores and always tie.
 *
 * <p>Word order ({@link HardmaxConfig.WordOrder}): position-dependent scores break "copies of a word share one
 * row", so positional variants keep one row per token and score row i only against its visible keys: a band
 * of indices for windows (positions are nearly sorted: a bigram entry sits half a word before the word it
 * follows), all keys with the distance penalty subtracted for {@code DISTANCE}. Kept keys are stored row by row
 * (compressed rows), so memory grows with the kept keys, not with the square of the length.
 *
 * <p>Value map and heads ({@link HardmaxConfig#valueMap()}, {@link HardmaxConfig#heads()}): each head selects its
 * sets with the same layer code (scores, selection, mixing) into its own slot of the compressed rows (layer k, head
 * h at slot {@code k * heads + h}); the heads' mixes are averaged, sent through W, and only then the residual
 * update is applied ({@link #mixedLayer}). One head without a value map (or with W exactly I) runs the layer of
 * before, unchanged.
 */
final class Workspace {
  /** Keys below max - tau * SPARSE_CUT carry less than 1e-9 of the weight and are dropped. */
  static final double SPARSE_CUT = Math.log(1e9);

  final HardmaxConfig cfg;
  final int d;
  final int depth;
  final int cap; // maxLength + 1 rows at most
  final int heads; // attention heads per module
  final boolean valueMap; // a learned W between the mixing and the residual update
  final boolean gate; // negators gate the embeddings of their scopes

  // --- per-call state, valid after forward() ---
  int n; // real rows: the real tokens, or with compact rows the distinct words
  int tokens; // real tokens used (the first min(length, maxLength))
  int rows; // n + (pad row ? 1 : 0)
  int padCount; // padding positions represented by the pad row (0 if none)
  double pooledCount; // P: number of pooled positions
  final int[] ids; // [cap] token id of each row (PAD for the pad row)
  final float[] keyWeight; // [cap] copies of the row's word (1 unless compact), padCount for the pad row
  private final float[] distinctWeight; // [cap] with DISTINCT_WORDS: 1 per distinct word (1/copies for each copy's row)
  float[] poolWeight; // the rows' weights in the readout's mean: keyWeight itself, or distinctWeight
  final int[] tokenRow; // [cap] row of each real token (identity unless compact)
  final float[][] z; // [depth+1][cap*d] states per layer
  final float[][] az; // [depth*heads][cap*d] A z per layer and head (unused for A = I)
  final float[][] mix; // [depth+1][cap*d] sum_j P_ij z_j per layer (mean over heads)
  final float[][] umix; // [valueMap ? depth : 0][cap*d] W mix per layer (what the residual update adds)
  // compressed rows, one slot per layer and head (slot k * heads + h; the last layer's: the final sets)
  final int[][] rowStart; // [(depth+1)*heads][cap+1] kept keys of row i at [rowStart[i], rowStart[i+1])
  final int[][] nzIdx; // [(depth+1)*heads][grows] kept key indices, row after row
  final float[][] nzP; // [(depth+1)*heads][grows] their probabilities
  final float[] pooled; // [d] mean of the last layer
  final float[] pooled0; // [d] mean of the embeddings (two-channel readout)
  final float[] pos; // [cap] positions of the rows (positional word order)
  final int[] sent; // [cap] sentence ids of the rows (positional word order)
  final SequenceLayout layout; // bigram entries and sentence ends (positions and sentences)
  final boolean positional;
  final int[] negator; // [gate ? cap : 0] the token whose negation scope holds each row, -1 if none
  private final float[] gateSig; // [gate ? cap*d : 0] sigmoid(U e_neg + c - lambda dist) of each negated row
  private final float[] gateDist; // [gate ? cap : 0] max(0, p_i - p_neg - 1) of each negated row
  private final float[] gatePos; // [gate ? cap : 0] scratch: word positions when the word order has none
  boolean anyGated; // some row of the last forward has a gating operator (negator or contrast word)
  double logit;
  boolean hardmax;
  int layersRun; // layers applied by the last forward

  // --- compact rows: id -> row of the current call, valid where stampOfId[id] == stamp ---
  private int[] rowOfId; // [vocab], allocated on the first compact call
  private int[] stampOfId; // [vocab]
  private int[] copiesOfId; // [vocab] scratch of DISTINCT_WORDS pooling, all zero between calls
  private int stamp;

  // --- backward scratch ---
  private final float[] scores; // [cap]
  /** Whether the distance variant prunes blocks of keys (tests switch it off to compare with the full scan). */
  boolean pruning = true;
  /**
   * Whether the window variant scores a row's keys from the rows of z ({@link #scoreNear}); tests switch it off to
   * compare with the transposed keys of {@link #scoreRow}.
   */
  boolean nearScores = true;
  /** Keys scored by the positional (non-symmetric) kernel since this workspace was made: a work counter. */
  long keysScored;
  /** Radius (in word positions) under which the distance variant walks the keys instead of visiting blocks. */
  static final double SHORT_RADIUS = 8;
  /** Keys per block of the distance variant's pruning. */
  static final int BLOCK = 32;
  private float[] blockNorm = new float[0]; // [blocks] largest key norm of each block
  private final float[] keyNorm; // [cap] the norm of each key (distance pruning: a per-key bound)
  private final int[] candBuf; // [cap] scratch: the keys scored for the current row (distance pruning)
  private final int[] ordered; // [cap] scratch: the same keys in ascending order
  private float candMax; // the largest score of the last scoreKeys call
  private float[] blockLo = new float[0]; // [blocks] smallest position in each block
  private float[] blockHi = new float[0]; // [blocks] largest position in each block
  private boolean[] blockScored = new boolean[0]; // [blocks] scratch: blocks scored for the current row
  private int[] rangeFrom = new int[0]; // [blocks] scratch: the keys [rangeFrom, rangeTo) scored in each block
  private int[] rangeTo = new int[0];
  private float[] boxLo = new float[0]; // [blocks*d] per block, the smallest value of each key coordinate
  private float[] boxHi = new float[0]; // [blocks*d] per block, the largest value of each key coordinate
  private final float[] qPos; // [d] scratch: max(q_c, 0) of the current query
  private final float[] qNeg; // [d] scratch: min(q_c, 0) of the current query
  private final int[] segFrom; // [cap] scratch: ascending segments [segFrom, segTo) of scored keys
  private final int[] segTo;
  private float[] scoreMatrix; // [rows*rows] all scores of a layer when A = I (global), row i at [i*rows, i*rows+rows)
  private final float[] qScratch; // [cap*d] A z of the final configuration
  private final float[] zScratch; // [cap*d] the unused next state of the final configuration's layer
  private final boolean[] changed; // [cap] row's state differs from the previous layer's (its scores are stale)
  private final int[] changedRows; // [cap] scratch: the indices of the changed rows
  private final float[] zt; // [d*cap] the keys of the current layer, transposed (column c at [c*cap, c*cap+rows))
  private final float[] gNext; // [cap*d]
  private final float[] gCur; // [cap*d]
  private final float[] gMix; // [cap*d]
  private final float[] headMix; // [heads > 1 ? cap*d : 0] the mix of one head
  private final double[] gW; // [valueMap ? d*d : 0] gradient of W for one layer
  private final float[] dp; // [max(cap, d)]
  private final float[] gNeg; // [d] scratch: dL/d of a negator's embedding
  final double[] gA; // [d*d] gradient of A for one layer

  Workspace(HardmaxConfig cfg) {
    this(cfg, SequenceLayout.NONE);
  }

  /** Bigram ids {@code >= bigramStart}, no sentence ends (tests). */
  Workspace(HardmaxConfig cfg, int bigramStart) {
    this(cfg, new SequenceLayout(bigramStart, new boolean[0]));
  }

  /**
   * @param layout the vocabulary's bigram entries and sentence ends (positions and sentences of the tokens)
   */
  Workspace(HardmaxConfig cfg, SequenceLayout layout) {
    this.cfg = cfg;
    this.d = cfg.dim();
    this.depth = cfg.depth();
    this.cap = cfg.maxLength() + 1;
    this.layout = layout;
    this.positional = cfg.wordOrder().positional();
    this.heads = cfg.heads();
    this.valueMap = cfg.valueMap();
    this.gate = cfg.gated();
    int cd = Math.multiplyExact(cap, d);
    int slots = Math.multiplyExact(depth + 1, heads);
    ids = new int[cap];
    keyWeight = new float[cap];
    distinctWeight = new float[cfg.pooling() == HardmaxConfig.Pooling.DISTINCT_WORDS ? cap : 0];
    tokenRow = new int[cap];
    pos = new float[cap];
    sent = new int[cap];
    z = new float[depth + 1][cd];
    az = new float[depth * heads][cfg.attention() == HardmaxConfig.AttentionKind.IDENTITY ? 0 : cd];
    mix = new float[depth + 1][cd];
    umix = new float[valueMap ? depth : 0][cd];
    rowStart = new int[slots][cap + 1];
    nzIdx = new int[slots][Math.min(Math.multiplyExact(cap, 16), Math.multiplyExact(cap, cap))];
    nzP = new float[slots][nzIdx[0].length];
    pooled = new float[d];
    pooled0 = new float[d];
    scores = new float[cap];
    segFrom = new int[cap];
    qPos = new float[d];
    qNeg = new float[d];
    keyNorm = new float[cap];
    candBuf = new int[cap];
    ordered = new int[cap];
    segTo = new int[cap];
    zt = new float[cd];
    changed = new boolean[cap];
    changedRows = new int[cap];
    scoreMatrix = new float[0];
    qScratch = new float[cd];
    zScratch = new float[cd];
    gNext = new float[cd];
    gCur = new float[cd];
    gMix = new float[cd];
    headMix = new float[heads > 1 ? cd : 0];
    gW = new double[valueMap ? d * d : 0];
    dp = new float[Math.max(cap, d)];
    gA = new double[d * d];
    negator = new int[gate ? cap : 0];
    gateSig = new float[gate ? cd : 0];
    gateDist = new float[gate ? cap : 0];
    gatePos = new float[gate ? cap : 0];
    gNeg = new float[d];
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
    return forward(tokenIds, length, w, aMats, hard, layers, compact, null, null);
  }

  /**
   * As {@link #forward(int[], int, Weights, float[][], boolean, int, boolean)} with given token positions
   * ({@code null}: computed from the ids, see {@link HardmaxAttention#positions}); the trainer passes the
   * positions of the whole review when word dropout has removed some of its tokens. Positional word orders
   * never use compact rows.
   */
  double forward(int[] tokenIds, int length, Weights w, float[][] aMats, boolean hard, int layers, boolean compact,
      float[] positions, int[] sentences) {
    int len = Math.min(length, cfg.maxLength());
    if (gate) {
      compact = false; // a negated copy of a word has another input than its other copies
    }
    if (positional) {
      compact = false;
      if (positions == null) {
        layout.place(tokenIds, len, pos, sent);
      } else {
        System.arraycopy(positions, 0, pos, 0, len);
        System.arraycopy(sentences, 0, sent, 0, len);
      }
    }
    layersRun = layers;
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
      anyGated = gate && layout.operators(tokenIds, len, negator, cfg.negationGate(), cfg.contrastGate());
      if (anyGated) {
        gateEmbeddings(w, len);
      }
    }
    n = real;
    tokens = len;
    rows = real + (padCount > 0 ? 1 : 0);
    if (padCount > 0) {
      ids[real] = io.hardmax.nlp.Vocabulary.PAD;
      keyWeight[real] = padCount;
      System.arraycopy(w.embeddings, io.hardmax.nlp.Vocabulary.PAD * d, z0, real * d, d);
    }
    poolWeight = keyWeight;
    if (distinctWeight.length > 0) {
      pooledCount = distinctPoolWeights(w, compact);
      poolWeight = distinctWeight;
    }
    boolean identity = cfg.attention() == HardmaxConfig.AttentionKind.IDENTITY;
    Arrays.fill(changed, 0, rows, true); // layer 0: every row is new, all scores are computed
    for (int k = 0; k < layers; k++) {
      int module = cfg.moduleOf(k);
      double alpha = w.alpha(module);
      float[] zk = z[k];
      if (heads > 1 || !w.valueMapIsIdentity(module)) {
        mixedLayer(k, module, zk, z[k + 1], w, aMats, alpha, hard);
        continue;
      }
      // one head, no value map or W = I exactly: the layer of the model without them, bit for bit
      float[] q = zk;
      if (!identity) {
        q = az[k];
        multiply(zk, aMats[module], q, rows);
      }
      layer(k, zk, q, z[k + 1], mix[k], alpha, w.slope(module, 0), hard, k > 0);
      if (valueMap) {
        System.arraycopy(mix[k], 0, umix[k], 0, rows * d); // W mix = mix
      }
    }
    mean(z[layers], pooled);
    int vOff = w.readoutOffset();
    double s = w.dense[w.biasOffset()];
    for (int c = 0; c < d; c++) {
      s += (double) w.dense[vOff + c] * pooled[c];
    }
    if (w.twoChannel) {
      mean(z[0], pooled0);
      int v0 = w.readout0Offset();
      for (int c = 0; c < d; c++) {
        s += (double) w.dense[v0 + c] * pooled0[c];
      }
    }
    logit = s;
    return s;
  }

  /**
   * The negation gate ({@link HardmaxConfig#negationGate()}): row i in the scope of negator j becomes
   * {@code z0_i = (1 - 2 sigmoid(U e_j + c - lambda max(0, |p_i - p_j| - 1))) ⊙ e_i}, the sigmoid and the distance
   * kept for the backward pass. Positions are those of the word-order variants (the trainer's, with word dropout),
   * else computed here.
   */
  private void gateEmbeddings(Weights w, int len) {
    final int dd = d;
    int go = w.gateOffset();
    int co = go + dd * dd;
    float[] wd = w.dense;
    float[] emb = w.embeddings;
    float[] z0 = z[0];
    float[] p = pos;
    if (!positional) {
      layout.place(ids, len, gatePos, null);
      p = gatePos;
    }
    double lambda = w.gateDecay();
    for (int i = 0; i < len; i++) {
      int j = negator[i];
      if (j < 0) {
        continue;
      }
      int eo = ids[j] * dd;
      int io = i * dd;
      float dist = Math.max(0f, Math.abs(p[i] - p[j]) - 1f); // a contrast word gates the words before it
      gateDist[i] = dist;
      double shift = lambda * dist;
      for (int r = 0; r < dd; r++) {
        double a = wd[co + r] - shift;
        int uo = go + r * dd;
        for (int c = 0; c < dd; c++) {
          a += (double) wd[uo + c] * emb[eo + c];
        }
        float sg = (float) Weights.sigmoid(a);
        gateSig[io + r] = sg;
        z0[io + r] = (1f - 2f * sg) * z0[io + r];
      }
    }
  }

  /**
   * Backward through {@link #gateEmbeddings}: {@code gNext} holds dL/dz0; the gate's U and c and the negator's
   * embedding get their gradients, and gNext becomes dL/de_i (dL/dz0 ⊙ g) for the embedding update that follows.
   */
  private void backwardGate(Weights w, float[] gd, Gradients grads) {
    final int dd = d;
    int go = w.gateOffset();
    int co = go + dd * dd;
    float[] wd = w.dense;
    float[] emb = w.embeddings;
    float[] ga = dp; // [d] scratch
    double gLambda = 0;
    for (int i = 0; i < tokens; i++) {
      int j = negator[i];
      if (j < 0) {
        continue;
      }
      int io = i * dd;
      int eo = ids[i] * dd;
      int no = ids[j] * dd;
      for (int r = 0; r < dd; r++) {
        float sg = gateSig[io + r];
        float g = gNext[io + r];
        // z0 = (1 - 2 s) e, s = sigmoid(a): dz0/da = -2 s (1 - s) e
        ga[r] = -2f * sg * (1f - sg) * g * emb[eo + r];
        gNext[io + r] = g * (1f - 2f * sg);
        gd[co + r] += ga[r];
        gLambda -= (double) ga[r] * gateDist[i];
        int uo = go + r * dd;
        for (int c = 0; c < dd; c++) {
          gd[uo + c] += ga[r] * emb[no + c];
        }
      }
      for (int c = 0; c < dd; c++) {
        float s = 0f;
        for (int r = 0; r < dd; r++) {
          s += wd[go + r * dd + c] * ga[r];
        }
        gNeg[c] = s;
      }
      grads.addEmbedding(ids[j], gNeg, 0);
    }
    int ro = co + dd; // lambda = softplus(rho)
    gd[ro] += (float) (gLambda * Weights.sigmoid(wd[ro]));
  }

  /**
   * Layer k with several heads and/or a value map: every head selects its sets and mixes with {@link #layer} (its
   * own scores: A of the head, slope of the head) into its own slot; then {@code mix = mean_h mix_h},
   * {@code u = W mix} (u = mix without a value map) and {@code z' = (z + alpha u) / (1 + alpha)}. A row whose heads
   * all attend to itself alone keeps its state exactly when there is no value map (as in {@link #layer}).
   */
  private void mixedLayer(int k, int module, float[] zk, float[] out, Weights w, float[][] aMats, double alpha,
      boolean hard) {
    final int dd = d;
    final int nd = rows * dd;
    final boolean identity = cfg.attention() == HardmaxConfig.AttentionKind.IDENTITY;
    final float[] mixK = mix[k];
    for (int h = 0; h < heads; h++) {
      int slot = k * heads + h;
      float[] q = zk;
      if (!identity) {
        q = az[slot];
        multiply(zk, aMats[module * heads + h], q, rows);
      }
      // the head's selection and mixing; its residual update (into zScratch) is not used
      layer(slot, zk, q, zScratch, heads == 1 ? mixK : headMix, alpha, w.slope(module, h), hard, heads == 1 && k > 0);
      if (heads > 1) {
        if (h == 0) {
          System.arraycopy(headMix, 0, mixK, 0, nd);
        } else {
          for (int e = 0; e < nd; e++) {
            mixK[e] += headMix[e];
          }
        }
      }
    }
    if (heads > 1) {
      float invH = 1f / heads;
      for (int e = 0; e < nd; e++) {
        mixK[e] *= invH;
      }
    }
    float[] u = mixK;
    if (valueMap) {
      u = umix[k];
      int wo = w.valueMapOffset(module);
      float[] wd = w.dense;
      for (int i = 0; i < rows; i++) {
        int mo = i * dd;
        for (int r = 0; r < dd; r++) {
          float s = 0f;
          for (int c = 0; c < dd; c++) {
            s += wd[wo + r * dd + c] * mixK[mo + c];
          }
          u[mo + r] = s;
        }
      }
    }
    final float inv = (float) (1 / (1 + alpha));
    final float a = (float) alpha;
    for (int i = 0; i < rows; i++) {
      int mo = i * dd;
      if (!valueMap && selfOnly(k, i)) {
        System.arraycopy(zk, mo, out, mo, dd);
        changed[i] = false;
        continue;
      }
      boolean moved = false;
      for (int c = 0; c < dd; c++) {
        float x = (zk[mo + c] + a * u[mo + c]) * inv;
        out[mo + c] = x;
        moved |= x != zk[mo + c];
      }
      changed[i] = moved; // the next layer's scores of an unmoved row can be reused
    }
  }

  /** Whether every head of layer slot k's row i attends to row i alone. */
  private boolean selfOnly(int k, int i) {
    for (int h = 0; h < heads; h++) {
      int[] rs = rowStart[k * heads + h];
      if (rs[i + 1] - rs[i] != 1 || nzIdx[k * heads + h][rs[i]] != i) {
        return false;
      }
    }
    return true;
  }

  /** out = the readout's mean of the rows of {@code zl} (key weights counted, divided by the pooled count). */
  /**
   * Readout weights of {@link HardmaxConfig.Pooling#DISTINCT_WORDS}: every distinct word (id) weighs 1, shared by its
   * copies (a compact row holds all copies and weighs 1; without compact rows each copy weighs 1 / copies).
   *
   * @return the number of distinct words, the mean's denominator
   */
  private int distinctPoolWeights(Weights w, boolean compact) {
    if (compact) {
      Arrays.fill(distinctWeight, 0, n, 1f);
      return n;
    }
    int vocab = w.embeddings.length / d;
    if (copiesOfId == null || copiesOfId.length < vocab) {
      copiesOfId = new int[vocab];
    }
    int distinct = 0;
    for (int i = 0; i < n; i++) {
      if (copiesOfId[ids[i]]++ == 0) {
        distinct++;
      }
    }
    for (int i = 0; i < n; i++) {
      distinctWeight[i] = 1f / copiesOfId[ids[i]];
    }
    for (int i = 0; i < n; i++) {
      copiesOfId[ids[i]] = 0; // leave the table zeroed for the next call
    }
    return distinct;
  }

  private void mean(float[] zl, float[] out) {
    Arrays.fill(out, 0f);
    if (pooledCount > 0) {
      double[] acc = new double[d];
      for (int i = 0; i < rows; i++) {
        double kw = poolWeight[i];
        for (int c = 0; c < d; c++) {
          acc[c] += kw * zl[i * d + c];
        }
      }
      for (int c = 0; c < d; c++) {
        out[c] = (float) (acc[c] / pooledCount);
      }
    }
  }

  /**
   * A read-only copy of the last forward pass (states, attention sets of every layer and of the final
   * configuration), for the explainer. The final configuration's sets are computed here with the last layer's
   * module by the same kernel and tie rule.
   */
  ForwardTrace trace(Weights w, float[][] aMats) {
    int layers = layersRun;
    float[][] states = new float[layers + 1][];
    int[][][] sets = new int[layers + 1][][];
    for (int k = 0; k <= layers; k++) {
      states[k] = Arrays.copyOf(z[k], rows * d);
    }
    for (int k = 0; k < layers; k++) {
      sets[k] = setsOf(k);
    }
    if (layers == 0) {
      // the sets of the embeddings themselves, with the first module (global attention, A = I when there is none)
      sets[0] = finalSets(z[0], 0, w, aMats);
    } else {
      sets[layers] = finalSets(z[layers], cfg.moduleOf(layers - 1), w, aMats);
    }
    return new ForwardTrace(tokens, n, rows, Arrays.copyOf(tokenRow, tokens), Arrays.copyOf(keyWeight, rows), padCount,
        pooledCount, positional ? Arrays.copyOf(pos, rows) : null, states, sets, logit,
        anyGated ? Arrays.copyOf(negator, tokens) : null, Arrays.copyOf(poolWeight, rows));
  }


  /**
   * The exact hardmax sets of {@code state} under a module (with no layers: the first module, or global attention
   * with A = I when there is none), every head, computed in the slots after the last layer's.
   */
  private int[][] finalSets(float[] state, int module, Weights w, float[][] aMats) {
    for (int h = 0; h < heads; h++) {
      float[] q = state;
      if (depth > 0 && cfg.attention() != HardmaxConfig.AttentionKind.IDENTITY) {
        multiply(state, aMats[module * heads + h], qScratch, rows);
        q = qScratch;
      }
      Arrays.fill(changed, 0, rows, true);
      // selection only: the sets (and probabilities) of the final configuration, no mixing (mixK = null)
      layer(depth * heads + h, state, q, zScratch, null, 1, depth > 0 ? w.slope(module, h) : 0, true, false);
    }
    return setsOf(depth);
  }

  /**
   * The attention sets of layer k (ascending): the union of its heads' sets, i.e. the keys with non-zero weight in
   * the layer's mean attention (see {@link HardmaxAttention} on leaders with several heads).
   */
  private int[][] setsOf(int k) {
    int[][] out = new int[rows][];
    for (int i = 0; i < rows; i++) {
      int[] rs = rowStart[k * heads];
      int[] set = Arrays.copyOfRange(nzIdx[k * heads], rs[i], rs[i + 1]);
      for (int h = 1; h < heads; h++) {
        int[] rh = rowStart[k * heads + h];
        int[] more = Arrays.copyOfRange(nzIdx[k * heads + h], rh[i], rh[i + 1]);
        int[] all = Arrays.copyOf(set, set.length + more.length);
        System.arraycopy(more, 0, all, set.length, more.length);
        set = Arrays.stream(all).distinct().toArray();
      }
      Arrays.sort(set);
      out[i] = set;
    }
    return out;
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
   * {@code out[j] = <q_row, z_j>} for keys {@code j in [from, to)} from the rows of {@code zk}: the scores of
   * {@link #scoreRow} bit for bit (each summed strictly in the order c = 0..d-1), for a few keys near the row.
   */
  private void scoreNear(float[] q, int qo, float[] zk, float[] out, int from, int to) {
    final int dd = d;
    int j = from;
    // four keys at a time: four independent chains of additions for the processor to overlap
    for (; j + 3 < to; j += 4) {
      int k0 = j * dd;
      int k1 = k0 + dd;
      int k2 = k1 + dd;
      int k3 = k2 + dd;
      float q0 = q[qo];
      float s0 = q0 * zk[k0];
      float s1 = q0 * zk[k1];
      float s2 = q0 * zk[k2];
      float s3 = q0 * zk[k3];
      for (int c = 1; c < dd; c++) {
        float qc = q[qo + c];
        s0 += qc * zk[k0 + c];
        s1 += qc * zk[k1 + c];
        s2 += qc * zk[k2 + c];
        s3 += qc * zk[k3 + c];
      }
      out[j] = s0;
      out[j + 1] = s1;
      out[j + 2] = s2;
      out[j + 3] = s3;
    }
    for (; j < to; j++) {
      int ko = j * dd;
      float s = q[qo] * zk[ko];
      for (int c = 1; c < dd; c++) {
        s += q[qo + c] * zk[ko + c];
      }
      out[j] = s;
    }
  }

  /**
   * The largest {@code <q, z>} over the bounding box of block b's keys, from the query's positive and negative
   * parts {@link #qPos} and {@link #qNeg} (the float rounding is covered by the pruning's slack).
   */
  private float boxBound(int b) {
    // two independent sums (a bound only: its summation order does not matter beyond the slack)
    float s0 = 0;
    float s1 = 0;
    int bo = b * d;
    int c = 0;
    for (; c + 1 < d; c += 2) {
      s0 += qPos[c] * boxHi[bo + c] + qNeg[c] * boxLo[bo + c];
      s1 += qPos[c + 1] * boxHi[bo + c + 1] + qNeg[c + 1] * boxLo[bo + c + 1];
    }
    if (c < d) {
      s0 += qPos[c] * boxHi[bo + c] + qNeg[c] * boxLo[bo + c];
    }
    return s0 + s1;
  }

  /** The bounding box of each block's keys (per coordinate, the smallest and largest value). */
  private void boxes(float[] zk, int nr, int nb) {
    final int dd = d;
    for (int b = 0; b < nb; b++) {
      int bo = b * dd;
      for (int c = 0; c < dd; c++) {
        boxLo[bo + c] = Float.POSITIVE_INFINITY;
        boxHi[bo + c] = Float.NEGATIVE_INFINITY;
      }
      for (int j = b * BLOCK, end = Math.min(nr, j + BLOCK); j < end; j++) {
        int jo = j * dd;
        for (int c = 0; c < dd; c++) {
          float v = zk[jo + c];
          boxLo[bo + c] = v < boxLo[bo + c] ? v : boxLo[bo + c];
          boxHi[bo + c] = v > boxHi[bo + c] ? v : boxHi[bo + c];
        }
      }
    }
  }

  /**
   * Walks down from index {@code from} to no lower than {@code start} while the position below is at least
   * {@code low}; returns the lowest index reached. Positions are nearly sorted (no position exceeds one after it by
   * more than half a word), so callers pass bounds with a margin of one word and every key left out is beyond it.
   */
  private int walkDown(int from, int start, double low) {
    while (from > start && pos[from - 1] >= low) {
      from--;
    }
    return from;
  }

  /** As {@link #walkDown}, upwards: from {@code to}, below {@code end}, while the position is at most {@code high}. */
  private int walkUp(int to, int end, double high) {
    while (to < end && pos[to] <= high) {
      to++;
    }
    return to;
  }

  /**
   * Scores, for the query at {@code q[qo]}, the keys of {@code [from, to)} whose bound {@code |q| |z_j| - m |p_i - p_j|}
   * (Cauchy-Schwarz and the distance penalty) reaches {@code need}, into {@link #scores} with the penalty subtracted;
   * appends their indices to {@link #candBuf} from {@code ncand} on and leaves their largest score in
   * {@link #candMax}. The float rounding of the bound and of the scores is covered by the caller's slack in
   * {@code need}. Each score is the products summed in the order c = 0..d-1, as {@link #scoreRow} sums them, so the
   * scores are those of the full scan bit for bit.
   *
   * @return the new number of candidates
   */
  private int scoreKeys(float[] q, int qo, float[] zk, int from, int to, double qn, double need, float pi,
      float mSlope, int ncand) {
    final int dd = d;
    final float[] sc = scores;
    final int[] cand = candBuf;
    // the keys whose bound reaches need, without branches (which key passes is unpredictable)
    int n = ncand;
    for (int j = from; j < to; j++) {
      float pen = mSlope * Math.abs(pi - pos[j]);
      cand[n] = j;
      n += qn * keyNorm[j] - pen >= need ? 1 : 0;
    }
    // their scores, two keys at a time (two independent sums, each in the order c = 0..d-1)
    float max = Float.NEGATIVE_INFINITY;
    int t = ncand;
    for (; t + 1 < n; t += 2) {
      int j0 = cand[t];
      int j1 = cand[t + 1];
      int k0 = j0 * dd;
      int k1 = j1 * dd;
      float s0 = q[qo] * zk[k0];
      float s1 = q[qo] * zk[k1];
      for (int c = 1; c < dd; c++) {
        float qc = q[qo + c];
        s0 += qc * zk[k0 + c];
        s1 += qc * zk[k1 + c];
      }
      s0 -= mSlope * Math.abs(pi - pos[j0]);
      s1 -= mSlope * Math.abs(pi - pos[j1]);
      sc[j0] = s0;
      sc[j1] = s1;
      max = s0 > max ? s0 : max;
      max = s1 > max ? s1 : max;
    }
    if (t < n) {
      int j = cand[t];
      int ko = j * dd;
      float s0 = q[qo] * zk[ko];
      for (int c = 1; c < dd; c++) {
        s0 += q[qo + c] * zk[ko + c];
      }
      s0 -= mSlope * Math.abs(pi - pos[j]);
      sc[j] = s0;
      max = s0 > max ? s0 : max;
    }
    keysScored += n - ncand;
    candMax = max;
    return n;
  }

  /**
   * One attention layer: scores (with the word-order bias and mask), sparse softmax or exact hardmax with the tie
   * rule of {@link HardmaxAttention}, mixing, the residual update. Kept keys go to the compressed rows of slot
   * {@code k}. With {@code mixK == null} only the sets and their probabilities are computed ({@code out} is not
   * written).
   */
  private void layer(int k, float[] zk, float[] q, float[] out, float[] mixK, double alpha, double slope,
      boolean hard, boolean reuse) {
    final int dd = d;
    final float tau = (float) cfg.tau();
    final float cut = (float) (cfg.tau() * SPARSE_CUT);
    final float inv = (float) (1 / (1 + alpha));
    final float a = (float) alpha;
    final HardmaxConfig.WordOrder order = cfg.wordOrder();
    final boolean window = order == HardmaxConfig.WordOrder.WINDOW;
    final boolean sentence = order == HardmaxConfig.WordOrder.SENTENCE;
    final boolean distance = order == HardmaxConfig.WordOrder.DISTANCE;
    final int w = cfg.window();
    final float mSlope = (float) slope;
    // Keys transposed, so the scores of row i are axpy loops over the keys (which the JIT vectorises; a
    // dot-product loop per key is a float reduction it cannot vectorise). Each score is still
    // ((q_0 z_0 + q_1 z_1) + q_2 z_2) + ... in the order c = 0..d-1 for every key, exactly as a scalar loop would
    // compute it (Java does not fuse or reorder float operations), so duplicates tie bit for bit.
    final int nr = rows;
    final boolean symmetric = q == zk && cfg.attention() == HardmaxConfig.AttentionKind.IDENTITY && !positional;
    int nc = 0;
    for (int i = 0; i < nr; i++) {
      if (changed[i]) {
        changedRows[nc++] = i;
      }
    }
    // A = I and only some rows moved since the last layer: the scores between two unmoved rows are unchanged
    // (same states, same arithmetic), so only the rows and columns of the moved rows are recomputed
    final boolean incremental = symmetric && reuse && 2 * nc < nr;
    // the distance penalty's pruning scores key by key from the rows of zk (scoreKeys): no transposed keys
    final boolean prune = distance && mSlope > 0 && pruning;
    // a window's keys are a few rows around row i: their scores are dot products with the rows of zk
    // (scoreNear), cheaper than transposing every key for so few (the transpose writes with a stride of cap floats)
    final boolean near = window && !symmetric && nearScores;
    if (prune || near) {
      // nothing to transpose
    } else if (incremental) {
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
      if (scoreMatrix.length < nr * nr) {
        scoreMatrix = new float[Math.max(nr * nr, Math.min(cap * cap, 4 * nr * nr))];
        if (incremental) {
          throw new IllegalStateException("score matrix resized between layers");
        }
      }
      // A = I: s_ij and s_ji are the same products summed in the same order, hence bit-identical; compute the
      // upper triangle (j >= i) row by row, or the full rows of the moved rows, and mirror
      final float[] g = scoreMatrix;
      if (incremental) {
        for (int t = 0; t < nc; t++) {
          int i = changedRows[t];
          scoreRow(zk, i * dd, g, i * nr, 0, nr);
          for (int j = 0; j < nr; j++) {
            g[j * nr + i] = g[i * nr + j];
          }
        }
      } else {
        for (int i = 0; i < nr; i++) {
          scoreRow(zk, i * dd, g, i * nr, i, nr);
          for (int j = i + 1; j < nr; j++) {
            g[j * nr + i] = g[i * nr + j];
          }
        }
      }
    }
    final float[] sc = symmetric ? scoreMatrix : scores;
    final int[] rs = rowStart[k];
    // distance penalty: an exact pruning. best is a lower bound of row i's maximum (its self score, then the
    // largest score found); a key can only be kept if its score reaches need = best - slack, where the slack covers
    // the tie tolerance or the softmax cut and the float rounding of the scores. Keys are taken in blocks of BLOCK,
    // visited outwards from row i, nearest first, so best rises quickly. A key of block b scores at most
    // min(|q_i| maxnorm_b, box bound_b) - m mindist(i, b), so a block below need is skipped; within a visited block
    // only keys within the radius (|q_i| maxnorm_b - need) / m are looked at, and of those only the keys whose own
    // bound |q_i| |z_j| - m |p_i - p_j| reaches need are scored (scoreKeys); a side stops once even the largest
    // norm cannot make up the distance (positions are nearly sorted: no position exceeds one after it by more than
    // half a word, hence margins of one word). Kept keys are collected in ascending order afterwards, so the sets,
    // their order and every score are those of the full scan bit for bit.
    float zMax = 0;
    int nb = 0;
    boolean boxesReady = false; // the blocks' bounding boxes, computed when a row first needs them
    if (prune) {
      nb = (nr + BLOCK - 1) / BLOCK;
      if (blockNorm.length < nb) {
        blockNorm = new float[Math.max(nb, cap / BLOCK + 1)];
        blockLo = new float[blockNorm.length];
        blockHi = new float[blockNorm.length];
        blockScored = new boolean[blockNorm.length];
        rangeFrom = new int[blockNorm.length];
        rangeTo = new int[blockNorm.length];
        boxLo = new float[blockNorm.length * dd];
        boxHi = new float[blockNorm.length * dd];
      }
      for (int b = 0; b < nb; b++) {
        float bn = 0;
        float plo = Float.POSITIVE_INFINITY;
        float phi = Float.NEGATIVE_INFINITY;
        for (int j = b * BLOCK, end = Math.min(nr, j + BLOCK); j < end; j++) {
          float nz = 0;
          for (int c = 0; c < dd; c++) {
            nz += zk[j * dd + c] * zk[j * dd + c];
          }
          keyNorm[j] = (float) Math.sqrt(nz);
          if (nz > bn) {
            bn = nz;
          }
          plo = pos[j] < plo ? pos[j] : plo;
          phi = pos[j] > phi ? pos[j] : phi;
        }
        blockNorm[b] = (float) Math.sqrt(bn);
        blockLo[b] = plo;
        blockHi[b] = phi;
        if (blockNorm[b] > zMax) {
          zMax = blockNorm[b];
        }
      }
    }
    int cursor = 0;
    for (int i = 0; i < nr; i++) {
      int so = symmetric ? i * nr : 0;
      int lo = 0;
      int hi = nr;
      int nseg = 0;
      float rowMax = Float.NEGATIVE_INFINITY; // with pruning: the largest score of the scored keys
      int nk = 0; // with pruning: the scored keys, ascending, in ordered[0, nk)
      if (prune) {
        // |q_i| and s_ii in float (bounds only: their rounding is far inside the slack), two chains each
        final int io = i * dd;
        float qa = 0;
        float qb = 0;
        float sa = 0;
        float sb = 0;
        int c0 = 0;
        for (; c0 + 1 < dd; c0 += 2) {
          float x = q[io + c0];
          float y = q[io + c0 + 1];
          qa += x * x;
          qb += y * y;
          sa += x * zk[io + c0];
          sb += y * zk[io + c0 + 1];
        }
        if (c0 < dd) {
          qa += q[io + c0] * q[io + c0];
          sa += q[io + c0] * zk[io + c0];
        }
        double qn = Math.sqrt((double) qa + qb);
        double sii = (double) sa + sb;
        boolean split = false; // qPos and qNeg hold this row's query (computed on the first box bound)
        final double bound = qn * zMax;
        final float pi = pos[i];
        double radius0 = (bound - sii + (hard ? HardmaxAttention.TIE_TOLERANCE * (1 + Math.abs(sii) + bound) : cut)
            + 1e-4 * (1 + bound)) / mSlope + 1;
        if (radius0 <= SHORT_RADIUS) {
          // a short radius: walk it from row i (as the blocks would, without their bookkeeping)
          int from = walkDown(i, 0, pi - radius0);
          int to = walkUp(i + 1, nr, pi + radius0);
          double need0 = sii - (hard ? HardmaxAttention.TIE_TOLERANCE * (1 + Math.abs(sii) + bound) : cut)
              - 1e-4 * (1 + bound);
          nk = scoreKeys(q, io, zk, from, to, qn, need0, pi, mSlope, 0);
          rowMax = candMax;
          System.arraycopy(candBuf, 0, ordered, 0, nk);
        } else {
          // best: a lower bound of the row's maximum, the self score to start with (its rounding is in the slack)
          double best = sii;
          float scoredMax = Float.NEGATIVE_INFINITY;
          int bi = i / BLOCK;
          int ncand = 0; // keys scored for row i so far, block after block in visiting order, in candBuf
          int firstScored = bi;
          int lastScored = bi;
          for (int t = 0, left = bi - 1, right = bi + 1; ; t++) {
            double slack = (hard ? HardmaxAttention.TIE_TOLERANCE * (1 + Math.abs(best) + bound) : cut)
                + 1e-4 * (1 + bound);
            double need = best - slack;
            int b;
            if (t == 0) {
              b = bi;
            } else {
              if (left < 0 && right >= nb) {
                break;
              }
              double dl = left >= 0 ? Math.max(0, pi - blockHi[left]) : Double.POSITIVE_INFINITY;
              double dr = right < nb ? Math.max(0, blockLo[right] - pi) : Double.POSITIVE_INFINITY;
              boolean goLeft = dl <= dr;
              b = goLeft ? left : right;
              // every block beyond b on this side lies at least (its far edge's distance - 1) away
              double farDist = goLeft ? pi - blockLo[b] - 1 : blockHi[b] - pi - 1;
              boolean more = bound - mSlope * farDist >= need;
              if (goLeft) {
                left = more ? left - 1 : -1;
              } else {
                right = more ? right + 1 : nb;
              }
              double penalty = mSlope * (goLeft ? dl : dr);
              if (qn * blockNorm[b] - penalty < need) {
                continue;
              }
              if (!boxesReady) {
                boxes(zk, nr, nb);
                boxesReady = true;
              }
              if (!split) {
                for (int c = 0; c < dd; c++) {
                  float qc = q[io + c];
                  qPos[c] = qc > 0 ? qc : 0f;
                  qNeg[c] = qc < 0 ? qc : 0f;
                }
                split = true;
              }
              if (boxBound(b) - penalty < need) {
                continue;
              }
            }
            // within the block, only keys within the radius (bound - need) / m can reach need: walk outwards from the
            // end nearest to row i while the keys are within it (positions are nearly sorted: once a key is beyond
            // the radius plus one word, every further one is beyond the radius)
            // (the block's largest norm bounds its keys' scores: a radius of its own)
            double radius = (qn * blockNorm[b] - need) / mSlope + 1;
            int start = b * BLOCK;
            int end = Math.min(nr, start + BLOCK);
            int from;
            int to;
            if (b == bi) {
              from = walkDown(i, start, pi - radius);
              to = walkUp(i + 1, end, pi + radius);
            } else if (b < bi) {
              to = end;
              from = walkDown(end, start, pi - radius);
            } else {
              from = start;
              to = walkUp(start, end, pi + radius);
            }
            // then each key's own norm: only keys whose own bound reaches need are scored
            int cb = ncand;
            ncand = scoreKeys(q, io, zk, from, to, qn, need, pi, mSlope, ncand);
            if (ncand > cb) {
              float mb = candMax;
              scoredMax = Math.max(scoredMax, mb);
              best = Math.max(best, mb);
              rangeFrom[b] = cb; // the block's scored keys: candBuf[cb, ncand)
              rangeTo[b] = ncand;
              blockScored[b] = true;
              firstScored = Math.min(firstScored, b);
              lastScored = Math.max(lastScored, b);
            }
          }
          rowMax = scoredMax;
          // the scored keys in ascending order (blocks in ascending order, each block's keys ascending)
          for (int b = firstScored; b <= lastScored; b++) {
            if (blockScored[b]) {
              blockScored[b] = false;
              int from = rangeFrom[b];
              System.arraycopy(candBuf, from, ordered, nk, rangeTo[b] - from);
              nk += rangeTo[b] - from;
            }
          }
        }
      }
      if (sentence) {
        // sentence ids never decrease along the sequence: the keys of row i are one contiguous run
        int si = sent[i];
        lo = i;
        while (lo > 0 && sent[lo - 1] == si) {
          lo--;
        }
        hi = i + 1;
        while (hi < nr && sent[hi] == si) {
          hi++;
        }
      }
      if (window) {
        // positions are nearly sorted: every position is at most half a word above any position after it (a bigram
        // entry sits half a word before the word it follows; word dropout keeps a subsequence), so once a position
        // is more than w + 1 away, every further one in that direction is out of the window
        float pi = pos[i];
        lo = walkDown(i, 0, pi - w - 1);
        hi = walkUp(i + 1, nr, pi + w + 1);
      }
      if (!prune) {
        segFrom[0] = lo;
        segTo[0] = hi;
        nseg = 1;
      }
      if (near) {
        scoreNear(q, i * dd, zk, sc, lo, hi);
        keysScored += hi - lo;
      } else if (!symmetric && !prune) {
        scoreRow(q, i * dd, sc, 0, lo, hi);
        keysScored += hi - lo;
      }
      if (!symmetric && !prune) {
        if (distance) {
          float pi = pos[i];
          for (int j = lo; j < hi; j++) {
            sc[j] -= mSlope * Math.abs(pi - pos[j]);
          }
        } else if (window) {
          float pi = pos[i];
          for (int j = lo; j < hi; j++) {
            if (Math.abs(pi - pos[j]) > w) {
              sc[j] = Float.NEGATIVE_INFINITY;
            }
          }
        }
      }
      float max = prune ? rowMax : Float.NEGATIVE_INFINITY;
      int kept = nk;
      for (int g = 0; g < nseg; g++) {
        for (int j = segFrom[g], end = segTo[g]; j < end; j++) {
          float s = sc[so + j];
          if (s > max) {
            max = s;
          }
        }
        kept += segTo[g] - segFrom[g];
      }
      int need = cursor + kept;
      if (need > nzIdx[k].length) {
        int size = Math.max(need, 2 * nzIdx[k].length);
        nzIdx[k] = Arrays.copyOf(nzIdx[k], size);
        nzP[k] = Arrays.copyOf(nzP[k], size);
      }
      final int[] idx = nzIdx[k];
      final float[] prob = nzP[k];
      rs[i] = cursor;
      int base = cursor;
      int m = 0;
      double sum = 0;
      if (hard) {
        float floor = HardmaxAttention.tieFloor(max);
        for (int t = 0; t < nk; t++) { // pruned: the scored keys (no segments)
          int j = ordered[t];
          if (sc[j] >= floor) {
            idx[base + m] = j;
            prob[base + m] = keyWeight[j];
            sum += keyWeight[j];
            m++;
          }
        }
        for (int g = 0; g < nseg; g++) {
          for (int j = segFrom[g], end = segTo[g]; j < end; j++) {
            if (sc[so + j] >= floor) {
              idx[base + m] = j;
              prob[base + m] = keyWeight[j];
              sum += keyWeight[j];
              m++;
            }
          }
        }
      } else {
        float thr = max - cut;
        for (int t = 0; t < nk; t++) { // pruned: the scored keys (no segments)
          int j = ordered[t];
          float s = sc[j];
          if (s >= thr) {
            float e = (float) (keyWeight[j] * Math.exp((s - max) / tau));
            idx[base + m] = j;
            prob[base + m] = e;
            sum += e;
            m++;
          }
        }
        for (int g = 0; g < nseg; g++) {
          for (int j = segFrom[g], end = segTo[g]; j < end; j++) {
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
      }
      cursor += m;
      float invSum = (float) (1 / sum);
      if (mixK == null) {
        // selection only (the final configuration's sets): the probabilities, no mixing, no update
        for (int t = 0; t < m; t++) {
          prob[base + t] *= invSum;
        }
        continue;
      }
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
    rs[nr] = cursor;
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
    if (w.twoChannel) {
      int v0 = w.readout0Offset();
      for (int c = 0; c < dd; c++) {
        gd[v0 + c] += (float) (gLogit * pooled0[c]);
      }
    }
    Arrays.fill(gNext, 0, rows * dd, 0f);
    if (pooledCount > 0) {
      for (int i = 0; i < rows; i++) {
        double f = gLogit * poolWeight[i] / pooledCount;
        for (int c = 0; c < dd; c++) {
          gNext[i * dd + c] = (float) (f * w.dense[vOff + c]);
        }
      }
    }
    boolean identity = cfg.attention() == HardmaxConfig.AttentionKind.IDENTITY;
    boolean distance = cfg.wordOrder() == HardmaxConfig.WordOrder.DISTANCE;
    final float tau = (float) cfg.tau();
    for (int k = layers - 1; k >= 0; k--) {
      int module = cfg.moduleOf(k);
      double alpha = w.alpha(module);
      float inv = (float) (1 / (1 + alpha));
      float ai = (float) (alpha / (1 + alpha));
      float[] zk = z[k];
      float[] mixK = mix[k];
      float[] uK = valueMap ? umix[k] : mixK; // what the residual update added: W mix
      double gAlpha = 0;
      for (int e = 0; e < rows * dd; e++) {
        float g = gNext[e];
        gAlpha += (double) g * (uK[e] - zk[e]);
        gCur[e] = g * inv;
        gMix[e] = g * ai;
      }
      gAlpha *= 1 / ((1 + alpha) * (1 + alpha));
      gd[module] += (float) (gAlpha * Weights.sigmoid(w.dense[module]));
      if (valueMap) {
        // u_i = W mix_i: dL/dW = sum_i gU_i mix_i^T, dL/dmix_i = W^T gU_i (gU = gMix so far; gMix is rewritten row
        // by row, each row from its own gU, kept in dp)
        int wo = w.valueMapOffset(module);
        float[] wd = w.dense;
        Arrays.fill(gW, 0);
        for (int i = 0; i < rows; i++) {
          int io = i * dd;
          for (int r = 0; r < dd; r++) {
            double gu = gMix[io + r];
            dp[r] = gMix[io + r];
            for (int c = 0; c < dd; c++) {
              gW[r * dd + c] += gu * mixK[io + c];
            }
          }
          for (int c = 0; c < dd; c++) {
            float s = 0f;
            for (int r = 0; r < dd; r++) {
              s += wd[wo + r * dd + c] * dp[r];
            }
            gMix[io + c] = s;
          }
        }
        for (int e = 0; e < dd * dd; e++) {
          gd[wo + e] += (float) gW[e];
        }
      }
      if (heads > 1) {
        float invH = 1f / heads; // mix = mean of the heads' mixes
        for (int e = 0; e < rows * dd; e++) {
          gMix[e] *= invH;
        }
      }
      for (int h = 0; h < heads; h++) {
        backwardHead(k * heads + h, module, h, zk, identity ? zk : az[k * heads + h], w, gd, distance, identity, tau);
      }
      System.arraycopy(gCur, 0, gNext, 0, rows * dd);
    }
    if (w.twoChannel && pooledCount > 0) {
      int v0 = w.readout0Offset();
      for (int i = 0; i < rows; i++) {
        double f = gLogit * poolWeight[i] / pooledCount;
        for (int c = 0; c < dd; c++) {
          gNext[i * dd + c] += (float) (f * w.dense[v0 + c]);
        }
      }
    }
    if (anyGated) {
      backwardGate(w, gd, grads);
    }
    for (int i = 0; i < rows; i++) {
      grads.addEmbedding(ids[i], gNext, i * dd);
    }
  }

  /**
   * The attention part of the backward pass of one head (compressed-row slot {@code slot}): from {@link #gMix}
   * (dL/d of the head's mix) into {@link #gCur} (through the mixing and, for the softmax, the scores), the head's
   * distance slope and its B.
   */
  private void backwardHead(int slot, int module, int head, float[] zk, float[] q, Weights w, float[] gd,
      boolean distance, boolean identity, float tau) {
    final int dd = d;
    int[] rs = rowStart[slot];
    int[] idx = nzIdx[slot];
    float[] prob = nzP[slot];
    double gSlope = 0;
    if (!identity) {
      Arrays.fill(gA, 0);
    }
    for (int i = 0; i < rows; i++) {
      int base = rs[i];
      int m = rs[i + 1] - base;
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
        // s_ij = <A z_i, z_j> - m |p_i - p_j|: d/dz_i = A z_j, d/dz_j = A z_i, d/dm = -|p_i - p_j|
        for (int c = 0; c < dd; c++) {
          gCur[io + c] += ds * q[jo + c];
          gCur[jo + c] += ds * q[io + c];
        }
        if (distance) {
          gSlope -= (double) ds * Math.abs(pos[i] - pos[j]);
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
    if (distance) {
      int mo = w.slopeOffset(module, head);
      gd[mo] += (float) (gSlope * Weights.sigmoid(w.dense[mo]));
    }
    if (!identity) {
      // A = B B^T + eps I: dL/dB = (G + G^T) B
      int bo = w.bOffset(module, head);
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
  }
}
