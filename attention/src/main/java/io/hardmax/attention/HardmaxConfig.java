package io.hardmax.attention;

import io.hardmax.nlp.Truncation;
import java.util.Objects;

/**
 * The architecture of a hardmax transformer for sentiment (Alcalde, Fantuzzi and Zuazua, "Clustering in
 * pure-attention hardmax transformers and its role in sentiment analysis", SIAM J. Math. Data Science 7(3),
 * 2025, section 5). Validated here, in one place.
 *
 * <p>Layer (eq. 2.1 with the paper's V = alpha I): {@code z_i <- (z_i + alpha * sum_j P_ij z_j) / (1 + alpha)} where
 * P is the exact hardmax over {@code <A z_i, z_j>} at inference and {@code softmax_j(<A z_i, z_j> / tau)} in
 * training. Readout: {@code logit = v . mean(z^L) + b}. Word order (see {@link WordOrder}) changes the scores to
 * {@code <A z_i, z_j> - m |p_i - p_j|} or masks keys further than w positions; the tie rule of the hardmax is
 * {@link HardmaxAttention#TIE_TOLERANCE}. With a value map the mixed vector goes through a learned W first,
 * {@code z_i <- (z_i + alpha W sum_j P_ij z_j) / (1 + alpha)}; with several heads, {@code sum_j P_ij z_j} is the
 * mean over heads h of {@code sum_j P^h_ij z_j}, each head with its own scores and sets.
 *
 * @param dim          embedding dimension d, >= 1
 * @param depth        number of attention layers L, >= 0 (0 = mean of embeddings)
 * @param sharedLayers one attention module (alpha, A) for all layers, as in the paper; else one per layer
 * @param attention    the matrix A
 * @param alphaInit    initial alpha (> 0); the paper draws U(0,1): pass a value or use {@link Double#NaN} for U(0,1)
 * @param tau          temperature of the training softmax, > 0 (paper: 0.001)
 * @param pooling      what the readout averages
 * @param maxLength    longest token sequence, >= 1; longer ones are truncated
 * @param truncation   how sequences longer than {@code maxLength} are cut
 * @param spdEpsilon   the epsilon of {@code A = B B^T + eps I}, > 0
 * @param wordOrder    how token positions enter the attention ({@link WordOrder}; GLOBAL = the paper)
 * @param window       for {@link WordOrder#WINDOW}: keys at most this many positions away, >= 1 (else unused)
 * @param distanceInit for {@link WordOrder#DISTANCE}: the initial slope m >= 0 of the distance penalty
 * @param twoChannel   readout {@code v0 . mean z^0 + v . mean z^L + b} (the bag of embeddings is the special case
 *                     v = 0) instead of {@code v . mean z^L + b}; exactly additive per token either way
 * @param valueMap     a learned value map W (d x d per module, initialised to I): the layer becomes
 *                     {@code z_i <- (z_i + alpha W mean_{C_i} z_j) / (1 + alpha)}, so a leader can change its followers'
 *                     state and not only pull it towards its own; W = I is the model without it
 * @param heads        attention heads per module, in [1, 64]: each head has its own scores (its own A when A is
 *                     learned, its own distance slope with {@link WordOrder#DISTANCE}) and its own attention sets;
 *                     the mixed vector is the mean over heads of the heads' means. 1 = one set per token. More than
 *                     one head needs per-head score parameters that start apart (learned A, or the distance penalty
 *                     with {@code distanceInit > 0}), else the heads are copies of one another forever
 * @param negationGate a negator gates the words of its scope before the attention: every token inside a negation
 *                     scope (opened by a negation word such as "not", "never", "n't", closed by clause punctuation;
 *                     {@link SequenceLayout#negators}) enters the model as {@code g ⊙ e_i} with
 *                     {@code g = 1 - 2 sigmoid(U e_neg + c - lambda max(0, p_i - p_neg - 1))} computed from its
 *                     negator's embedding and its distance in words (U d x d, c d, lambda = softplus(rho) >= 0,
 *                     learned; U = 0, c = {@link #GATE_BIAS_INIT}, lambda = {@link #GATE_DECAY_INIT} at start), so a
 *                     negator can flip (g = -1), damp (g = 0) or keep (g = 1) each coordinate of what it negates, and
 *                     keep more of what stands further away; the explanation stays exactly additive (the gated
 *                     embedding is the token's z^0)
 * @param contrastGate the same gate (same U, c, lambda) read from a contrast word ("but", "however", "yet") for the
 *                     words before it in its sentence ({@link SequenceLayout#operators}), so "X, but Y" can weigh X
 *                     less than Y; a word in a negation scope keeps its negator's gate
 */
public record HardmaxConfig(
    int dim,
    int depth,
    boolean sharedLayers,
    AttentionKind attention,
    double alphaInit,
    double tau,
    Pooling pooling,
    int maxLength,
    Truncation truncation,
    double spdEpsilon,
    WordOrder wordOrder,
    int window,
    double distanceInit,
    boolean twoChannel,
    boolean valueMap,
    int heads,
    boolean negationGate,
    boolean contrastGate) {

  /** The attention matrix A. */
  public enum AttentionKind {
    /** A = I, as in the paper. */
    IDENTITY,
    /** A = B B^T + eps I, B learned (d x d, initialised to I): symmetric positive definite, as the theory assumes. */
    LEARNED_SPD
  }

  /** What the readout averages. */
  public enum Pooling {
    /** The mean over all maxLength positions, padding included (the paper). */
    ALL_POSITIONS,
    /** The mean over the real tokens only. */
    REAL_TOKENS,
    /**
     * The mean over the distinct words (ids) of the review: each distinct word weighs 1 whatever its number of
     * copies (binarised features, as in Pang, Lee and Vaithyanathan 2002 and NBSVM, Wang and Manning 2012); each copy
     * carries its share, so the explanation stays exactly additive per token.
     */
    DISTINCT_WORDS
  }

  /**
   * How token positions enter the attention. Position p_i of a word is its index among the words; a bigram
   * entry the encoder inserted after its second word sits between its two words, at {@code first + 0.5}
   * (positions are recomputed from the ids, bigram entries recognised by the vocabulary's bigram block).
   */
  public enum WordOrder {
    /** Scores {@code <A z_i, z_j>} over every key: no word order (the paper). Copies of a word share one row. */
    GLOBAL,
    /**
     * Scores {@code <A z_i, z_j> - m |p_i - p_j|} with a learned slope {@code m = softplus(mu) >= 0} per module
     * (ALiBi's linear bias, Press, Smith and Lewis, ICLR 2022); m = 0 is {@link #GLOBAL}.
     */
    DISTANCE,
    /** Keys with {@code |p_i - p_j| <= window} only (local attention, Luong et al. 2015). */
    WINDOW,
    /**
     * Keys from the token's own sentence only (sentence-level attention as in hierarchical attention networks,
     * Yang et al. 2016), by the punctuation rule of {@link io.hardmax.nlp.Sentences}.
     */
    SENTENCE;

    /** Whether scores depend on positions (then every token has its own row). */
    public boolean positional() {
      return this != GLOBAL;
    }
  }

  /**
   * Initial bias c of the negation gate: {@code g = 1 - 2 sigmoid(c)} ≈ 0.76 on every coordinate of a negated word at
   * start (U = 0), so the gate starts near the identity with a usable gradient.
   */
  public static final double GATE_BIAS_INIT = -2;

  /** Initial decay lambda of the negation gate per word between the negator and the gated word. */
  public static final double GATE_DECAY_INIT = 0.25;

  /** The largest number of heads per module. */
  public static final int MAX_HEADS = 64;

  /**
   * Distance slopes of the heads start as a geometric sequence, {@code m0 / HEAD_SLOPE_RATIO^h} for head h (as
   * ALiBi's per-head slopes): head 0 starts at m0, as with one head, and each further head looks about this many
   * times further.
   */
  public static final double HEAD_SLOPE_RATIO = 4;

  public HardmaxConfig {
    Objects.requireNonNull(attention, "attention");
    Objects.requireNonNull(pooling, "pooling");
    Objects.requireNonNull(truncation, "truncation");
    Objects.requireNonNull(wordOrder, "wordOrder");
    if (dim < 1 || dim > 4096) {
      throw new IllegalArgumentException("dim must be in [1, 4096], was " + dim);
    }
    if (depth < 0 || depth > 1024) {
      throw new IllegalArgumentException("depth must be in [0, 1024], was " + depth);
    }
    if (!Double.isNaN(alphaInit) && !(alphaInit > 0 && alphaInit < 1e6)) {
      throw new IllegalArgumentException("alphaInit must be > 0 (or NaN for U(0,1)), was " + alphaInit);
    }
    if (!(tau > 0) || Double.isInfinite(tau)) {
      throw new IllegalArgumentException("tau must be > 0, was " + tau);
    }
    if (maxLength < 1 || maxLength > 100_000) {
      throw new IllegalArgumentException("maxLength must be in [1, 100000], was " + maxLength);
    }
    if (!(spdEpsilon > 0)) {
      throw new IllegalArgumentException("spdEpsilon must be > 0, was " + spdEpsilon);
    }
    if (wordOrder == WordOrder.WINDOW && (window < 1 || window > 100_000)) {
      throw new IllegalArgumentException("window must be in [1, 100000] for windowed attention, was " + window);
    }
    if (!(distanceInit >= 0 && distanceInit < 1e6)) {
      throw new IllegalArgumentException("distanceInit must be >= 0, was " + distanceInit);
    }
    if (heads < 1 || heads > MAX_HEADS) {
      throw new IllegalArgumentException("heads must be in [1, " + MAX_HEADS + "], was " + heads);
    }
    if (heads > 1 && attention != AttentionKind.LEARNED_SPD && !(wordOrder == WordOrder.DISTANCE && distanceInit > 0)) {
      throw new IllegalArgumentException("heads > 1 needs per-head score parameters that start apart: attention "
          + "LEARNED_SPD, or word order DISTANCE with distanceInit > 0 (was attention " + attention + ", word order "
          + wordOrder + ", distanceInit " + distanceInit + ")");
    }
    if (wordOrder.positional() && pooling == Pooling.ALL_POSITIONS) {
      throw new IllegalArgumentException("word order " + wordOrder + " needs pooling REAL_TOKENS or DISTINCT_WORDS (padding has no position)");
    }
  }

  /** The paper's model: A = I, shared layers, depth 8, tau 0.001, 128 tokens, padding pooled, alpha ~ U(0,1). */
  public static HardmaxConfig paper(int dim) {
    return builder().dim(dim).build();
  }

  /** A builder holding the paper's model ({@link #paper(int)} with d = 16); set what differs. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Whether the model has the gate's parameters: a negation or a contrast gate. */
  public boolean gated() {
    return negationGate || contrastGate;
  }

  /** Number of distinct attention modules (1 when shared, else depth). */
  public int modules() {
    return depth == 0 ? 0 : sharedLayers ? 1 : depth;
  }

  /** The module used by layer {@code k}. */
  public int moduleOf(int layer) {
    return sharedLayers ? 0 : layer;
  }

  /** Builds a {@link HardmaxConfig}; validation happens in {@link #build()}. Starts from the paper's model, d = 16. */
  public static final class Builder {
    private int dim = 16;
    private int depth = 8;
    private boolean sharedLayers = true;
    private AttentionKind attention = AttentionKind.IDENTITY;
    private double alphaInit = Double.NaN;
    private double tau = 1e-3;
    private Pooling pooling = Pooling.ALL_POSITIONS;
    private int maxLength = 128;
    private Truncation truncation = Truncation.FIRST;
    private double spdEpsilon = 1e-3;
    private WordOrder wordOrder = WordOrder.GLOBAL;
    private int window = 0;
    private double distanceInit = 0;
    private boolean twoChannel = false;
    private boolean valueMap = false;
    private int heads = 1;
    private boolean negationGate = false;
    private boolean contrastGate = false;

    private Builder() {}

    private Builder(HardmaxConfig c) {
      dim = c.dim;
      depth = c.depth;
      sharedLayers = c.sharedLayers;
      attention = c.attention;
      alphaInit = c.alphaInit;
      tau = c.tau;
      pooling = c.pooling;
      maxLength = c.maxLength;
      truncation = c.truncation;
      spdEpsilon = c.spdEpsilon;
      wordOrder = c.wordOrder;
      window = c.window;
      distanceInit = c.distanceInit;
      twoChannel = c.twoChannel;
      valueMap = c.valueMap;
      heads = c.heads;
      negationGate = c.negationGate;
      contrastGate = c.contrastGate;
    }

    public Builder dim(int v) {
      dim = v;
      return this;
    }

    public Builder depth(int v) {
      depth = v;
      return this;
    }

    public Builder sharedLayers(boolean v) {
      sharedLayers = v;
      return this;
    }

    public Builder attention(AttentionKind v) {
      attention = v;
      return this;
    }

    public Builder alphaInit(double v) {
      alphaInit = v;
      return this;
    }

    public Builder tau(double v) {
      tau = v;
      return this;
    }

    public Builder pooling(Pooling v) {
      pooling = v;
      return this;
    }

    public Builder maxLength(int v) {
      maxLength = v;
      return this;
    }

    public Builder truncation(Truncation v) {
      truncation = v;
      return this;
    }

    public Builder spdEpsilon(double v) {
      spdEpsilon = v;
      return this;
    }

    /** Global attention (no word order). */
    public Builder global() {
      wordOrder = WordOrder.GLOBAL;
      return this;
    }

    /** Distance-penalised scores with initial slope {@code m0 >= 0}. */
    public Builder distance(double m0) {
      wordOrder = WordOrder.DISTANCE;
      distanceInit = m0;
      return this;
    }

    /** Keys from the token's own sentence. */
    public Builder sentence() {
      wordOrder = WordOrder.SENTENCE;
      return this;
    }

    /** Keys within {@code w} positions. */
    public Builder window(int w) {
      wordOrder = WordOrder.WINDOW;
      window = w;
      return this;
    }

    public Builder wordOrder(WordOrder v) {
      wordOrder = v;
      return this;
    }

    public Builder windowSize(int v) {
      window = v;
      return this;
    }

    public Builder distanceInit(double v) {
      distanceInit = v;
      return this;
    }

    public Builder twoChannel(boolean v) {
      twoChannel = v;
      return this;
    }

    /** A learned value map W per module (initialised to I). */
    public Builder valueMap(boolean v) {
      valueMap = v;
      return this;
    }

    /** Attention heads per module. */
    public Builder heads(int v) {
      heads = v;
      return this;
    }

    /** Whether negators gate the words of their scope ({@link HardmaxConfig#negationGate()}). */
    public Builder negationGate(boolean v) {
      negationGate = v;
      return this;
    }

    /** Whether contrast words gate the words before them in their sentence ({@link HardmaxConfig#contrastGate()}). */
    public Builder contrastGate(boolean v) {
      contrastGate = v;
      return this;
    }

    public HardmaxConfig build() {
      return new HardmaxConfig(dim, depth, sharedLayers, attention, alphaInit, tau, pooling, maxLength, truncation,
          spdEpsilon, wordOrder, window, distanceInit, twoChannel, valueMap, heads, negationGate, contrastGate);
    }
  }
}
