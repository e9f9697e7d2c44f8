package io.hardmax.attention;

import java.util.SplittableRandom;

/**
 * The parameters of a hardmax transformer, as flat float arrays. A {@code Weights} object is mutable only
 * inside the trainer; a trained {@link SentimentModel} never changes it.
 *
 * <p>Layout of {@link #dense}: for each attention module m = 0..M-1 the pre-softplus alpha {@code rho[m]}
 * (alpha = softplus(rho)), then, for {@link HardmaxConfig.AttentionKind#LEARNED_SPD}, each module's B (d x d,
 * row-major), then the readout v (d) and the bias b (1); then, for {@link HardmaxConfig.WordOrder#DISTANCE}, each
 * module's pre-softplus distance slope {@code mu[m]} (m = softplus(mu)), and for the two-channel readout the
 * readout of the embeddings v0 (d); then, for the value map, each module's W (d x d, row-major, W = I is no value
 * map); then, with H > 1 heads, the score parameters of heads 1..H-1 (head 0's are the ones above, so one head has
 * exactly the layout of before): their B (module-major, then head: M * (H-1) * d * d) when A is learned, and their
 * pre-softplus slopes mu (M * (H-1)) with the distance penalty; last, with the negation gate, its U (d x d,
 * row-major), c (d) and pre-softplus decay rho (1). Format-version-1 files have only the first four parts.
 */
public final class Weights {
  /** [vocab * dim] token embeddings, row-major: row t is the embedding of token id t. */
  final float[] embeddings;
  /**
   * [M + (spd ? M*d*d : 0) + d + 1 + (distance ? M : 0) + (twoChannel ? d : 0) + (valueMap ? M*d*d : 0)
   * + (H - 1) * ((spd ? M*d*d : 0) + (distance ? M : 0))] the dense parameters, see the class comment.
   */
  final float[] dense;
  final int vocab;
  final int dim;
  final int modules;
  final boolean spd;
  /** Whether {@link #dense} holds the distance slopes mu (one per module). */
  final boolean distance;
  /** Whether {@link #dense} holds the embeddings' readout v0. */
  final boolean twoChannel;
  /** Whether {@link #dense} holds a value map W per module. */
  final boolean valueMap;
  /** Attention heads per module (>= 1). */
  final int heads;
  /** Whether {@link #dense} ends with the gate's U, c and rho (negation or contrast gate, {@link HardmaxConfig#gated()}). */
  final boolean gated;

  Weights(float[] embeddings, float[] dense, int vocab, int dim, int modules, boolean spd) {
    this(embeddings, dense, vocab, dim, modules, spd, false, false);
  }

  /** Weights for configuration {@code c}. */
  Weights(float[] embeddings, float[] dense, int vocab, HardmaxConfig c) {
    this(embeddings, dense, vocab, c.dim(), c.modules(), c.attention() == HardmaxConfig.AttentionKind.LEARNED_SPD,
        c.wordOrder() == HardmaxConfig.WordOrder.DISTANCE, c.twoChannel(), c.valueMap(), c.heads(), c.gated());
  }

  Weights(float[] embeddings, float[] dense, int vocab, int dim, int modules, boolean spd, boolean distance,
      boolean twoChannel) {
    this(embeddings, dense, vocab, dim, modules, spd, distance, twoChannel, false, 1);
  }

  Weights(float[] embeddings, float[] dense, int vocab, int dim, int modules, boolean spd, boolean distance,
      boolean twoChannel, boolean valueMap, int heads) {
    this(embeddings, dense, vocab, dim, modules, spd, distance, twoChannel, valueMap, heads, false);
  }

  Weights(float[] embeddings, float[] dense, int vocab, int dim, int modules, boolean spd, boolean distance,
      boolean twoChannel, boolean valueMap, int heads, boolean gated) {
    if (embeddings.length != Math.multiplyExact(vocab, dim)) {
      throw new IllegalArgumentException("embeddings have " + embeddings.length + " values, expected " + vocab + " x " + dim);
    }
    if (heads < 1) {
      throw new IllegalArgumentException("heads must be >= 1, was " + heads);
    }
    int want = denseSize(dim, modules, spd, distance, twoChannel, valueMap, heads) + (gated ? gateSize(dim) : 0);
    if (dense.length != want) {
      throw new IllegalArgumentException("dense parameters have " + dense.length + " values, expected " + want);
    }
    this.embeddings = embeddings;
    this.dense = dense;
    this.vocab = vocab;
    this.dim = dim;
    this.modules = modules;
    this.spd = spd;
    this.distance = distance;
    this.twoChannel = twoChannel;
    this.valueMap = valueMap;
    this.heads = heads;
    this.gated = gated;
  }

  /** Parameters of the negation gate: U (d x d), c (d) and the pre-softplus decay rho (1). */
  static int gateSize(int dim) {
    return Math.addExact(Math.multiplyExact(dim, dim), dim + 1);
  }

  /** The negation gate's decay per word of distance, lambda = softplus(rho) (valid when {@link #gated}). */
  double gateDecay() {
    return softplus(dense[dense.length - 1]);
  }

  /** Offset of the negation gate's U (d x d, row-major), followed by its c (d) and rho (1); valid when {@link #gated}. */
  int gateOffset() {
    return dense.length - gateSize(dim);
  }

  static int denseSize(int dim, int modules, boolean spd) {
    return modules + (spd ? modules * dim * dim : 0) + dim + 1;
  }

  static int denseSize(int dim, int modules, boolean spd, boolean distance, boolean twoChannel, boolean valueMap,
      int heads) {
    int dd = Math.multiplyExact(dim, dim);
    int extra = Math.multiplyExact(heads - 1, (spd ? Math.multiplyExact(modules, dd) : 0) + (distance ? modules : 0));
    int order = denseSize(dim, modules, spd) + (distance ? modules : 0) + (twoChannel ? dim : 0);
    return Math.addExact(order + (valueMap ? Math.multiplyExact(modules, dd) : 0), extra);
  }

  /** The number of dense parameters of configuration {@code c}. */
  static int denseSize(HardmaxConfig c) {
    return denseSize(c.dim(), c.modules(), c.attention() == HardmaxConfig.AttentionKind.LEARNED_SPD,
        c.wordOrder() == HardmaxConfig.WordOrder.DISTANCE, c.twoChannel(), c.valueMap(), c.heads())
        + (c.gated() ? gateSize(c.dim()) : 0);
  }

  /** Offset of the first module's value map W (valid when {@link #valueMap}). */
  int valueMapOffset() {
    return readout0Offset() + (twoChannel ? dim : 0);
  }

  /** Offset of the value map W of a module (d x d, row-major; valid when {@link #valueMap}). */
  int valueMapOffset(int module) {
    return valueMapOffset() + module * dim * dim;
  }

  /**
   * The Frobenius norm of W - I of a module's value map (0 without a value map). Exactly 0 only when W is exactly
   * the identity: the differences and their squares are exact in double.
   */
  double valueMapDistance(int module) {
    if (!valueMap) {
      return 0;
    }
    int o = valueMapOffset(module);
    double s = 0;
    for (int r = 0; r < dim; r++) {
      for (int c = 0; c < dim; c++) {
        double x = (double) dense[o + r * dim + c] - (r == c ? 1 : 0);
        s += x * x;
      }
    }
    return Math.sqrt(s);
  }

  /** Whether module {@code module}'s value map is exactly the identity (or there is none). */
  boolean valueMapIsIdentity(int module) {
    return valueMapDistance(module) == 0;
  }

  /** Offset of the parameters of heads 1..H-1 (their B, then their mu). */
  private int extraHeadsOffset() {
    return valueMapOffset() + (valueMap ? modules * dim * dim : 0);
  }

  /** Offset of B of a module's head (head 0: {@link #bOffset(int)}; valid when {@link #spd}). */
  int bOffset(int module, int head) {
    return head == 0 ? bOffset(module) : extraHeadsOffset() + (module * (heads - 1) + head - 1) * dim * dim;
  }

  /** Offset of the pre-softplus distance slope mu of a module's head (valid when {@link #distance}). */
  int slopeOffset(int module, int head) {
    return head == 0 ? distanceOffset() + module
        : extraHeadsOffset() + (spd ? modules * (heads - 1) * dim * dim : 0) + module * (heads - 1) + head - 1;
  }

  /** The distance slope m = softplus(mu) of a module's head; 0 without the distance penalty. */
  double slope(int module, int head) {
    return distance ? softplus(dense[slopeOffset(module, head)]) : 0;
  }

  /** Offset of mu[0], the first module's pre-softplus distance slope (valid when {@link #distance}). */
  int distanceOffset() {
    return biasOffset() + 1;
  }

  /** Offset of v0, the embeddings' readout (valid when {@link #twoChannel}). */
  int readout0Offset() {
    return biasOffset() + 1 + (distance ? modules : 0);
  }

  /** Random initial weights: embeddings N(0, 1) (as nn.Embedding), v ~ U(-1/sqrt d, 1/sqrt d), b = 0, B = I. */
  static Weights init(HardmaxConfig c, int vocab, long seed) {
    return init(c, vocab, seed, 1.0);
  }

  /** Random initial weights with embeddings N(0, embStd^2). */
  static Weights init(HardmaxConfig c, int vocab, long seed, double embStd) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int d = c.dim();
    int m = c.modules();
    boolean spd = c.attention() == HardmaxConfig.AttentionKind.LEARNED_SPD;
    float[] emb = new float[Math.multiplyExact(vocab, d)];
    for (int i = 0; i < emb.length; i++) {
      emb[i] = (float) (embStd * gaussian(rnd));
    }
    float[] dense = new float[denseSize(c)];
    for (int k = 0; k < m; k++) {
      double alpha = Double.isNaN(c.alphaInit()) ? Math.max(1e-3, rnd.nextDouble()) : c.alphaInit();
      dense[k] = (float) inverseSoftplus(alpha);
    }
    if (spd) {
      for (int k = 0; k < m; k++) {
        for (int i = 0; i < d; i++) {
          dense[m + k * d * d + i * d + i] = 1f;
        }
      }
    }
    int vOff = readoutOffset(d, m, spd);
    double bound = 1 / Math.sqrt(d);
    for (int i = 0; i < d; i++) {
      dense[vOff + i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
    }
    Weights w = new Weights(emb, dense, vocab, c);
    if (w.distance) {
      // m = 0 exactly is out of softplus's range: the smallest float-representable start is used instead
      double mu = c.distanceInit() > 0 ? inverseSoftplus(c.distanceInit()) : -30;
      for (int k = 0; k < m; k++) {
        dense[w.distanceOffset() + k] = (float) mu;
      }
    }
    if (w.twoChannel) {
      // drawn after v, so the random stream of every other parameter is that of the one-channel model
      int o = w.readout0Offset();
      for (int i = 0; i < d; i++) {
        dense[o + i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
      }
    }
    if (w.valueMap) {
      for (int k = 0; k < m; k++) {
        for (int i = 0; i < d; i++) {
          dense[w.valueMapOffset(k) + i * d + i] = 1f; // W = I: the layer without a value map
        }
      }
    }
    for (int h = 1; h < w.heads; h++) {
      for (int k = 0; k < m; k++) {
        if (spd) {
          // B = I + N(0, HEAD_B_STD^2) entries, drawn after every other parameter: heads must start apart, or they
          // stay copies of one another (same scores, same gradients)
          int o = w.bOffset(k, h);
          for (int i = 0; i < d * d; i++) {
            dense[o + i] = (float) ((i / d == i % d ? 1 : 0) + HEAD_B_STD * gaussian(rnd));
          }
        }
        if (w.distance) {
          double m0 = c.distanceInit() / Math.pow(HardmaxConfig.HEAD_SLOPE_RATIO, h);
          dense[w.slopeOffset(k, h)] = (float) (m0 > 0 ? inverseSoftplus(m0) : -30);
        }
      }
    }
    if (w.gated) {
      // U = 0, c = GATE_BIAS_INIT, lambda = GATE_DECAY_INIT: every negated coordinate of the word right after its
      // negator starts scaled by 1 - 2 sigmoid(c); nothing random is drawn
      int o = w.gateOffset() + d * d;
      for (int i = 0; i < d; i++) {
        dense[o + i] = (float) HardmaxConfig.GATE_BIAS_INIT;
      }
      dense[o + d] = (float) inverseSoftplus(HardmaxConfig.GATE_DECAY_INIT);
    }
    return w;
  }

  /** Standard deviation of the random part of the initial B of heads 1..H-1 (learned A). */
  static final double HEAD_B_STD = 0.1;

  static int readoutOffset(int dim, int modules, boolean spd) {
    return modules + (spd ? modules * dim * dim : 0);
  }

  int readoutOffset() {
    return readoutOffset(dim, modules, spd);
  }

  int biasOffset() {
    return readoutOffset() + dim;
  }

  int bOffset(int module) {
    return modules + module * dim * dim;
  }

  /** alpha of a module: softplus(rho). */
  double alpha(int module) {
    return softplus(dense[module]);
  }

  Weights copy() {
    return new Weights(embeddings.clone(), dense.clone(), vocab, dim, modules, spd, distance, twoChannel, valueMap, heads,
        gated);
  }

  static double softplus(double x) {
    return x > 30 ? x : Math.log1p(Math.exp(x));
  }

  static double inverseSoftplus(double y) {
    return y > 30 ? y : Math.log(Math.expm1(y));
  }

  static double sigmoid(double x) {
    return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
  }

  private static double gaussian(SplittableRandom r) {
    double u = 1 - r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A = B B^T + eps I of a module's head, row-major d x d (identity when A is not learned). */
  float[] attentionMatrix(int module, int head, double eps) {
    int d = dim;
    float[] a = new float[d * d];
    if (!spd) {
      for (int i = 0; i < d; i++) {
        a[i * d + i] = 1f;
      }
      return a;
    }
    int off = bOffset(module, head);
    for (int i = 0; i < d; i++) {
      for (int j = 0; j <= i; j++) {
        double s = 0;
        for (int k = 0; k < d; k++) {
          s += (double) dense[off + i * d + k] * dense[off + j * d + k];
        }
        if (i == j) {
          s += eps;
        }
        a[i * d + j] = (float) s;
        a[j * d + i] = (float) s;
      }
    }
    return a;
  }
}
