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
 * training. Readout: {@code logit = v . mean(z^L) + b}.
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
    double spdEpsilon) {

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
    REAL_TOKENS
  }

  public HardmaxConfig {
    Objects.requireNonNull(attention, "attention");
    Objects.requireNonNull(pooling, "pooling");
    Objects.requireNonNull(truncation, "truncation");
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
  }

  /** The paper's model: A = I, shared layers, depth 8, tau 0.001, 128 tokens, padding pooled, alpha ~ U(0,1). */
  public static HardmaxConfig paper(int dim) {
    return new HardmaxConfig(dim, 8, true, AttentionKind.IDENTITY, Double.NaN, 1e-3, Pooling.ALL_POSITIONS, 128,
        Truncation.FIRST, 1e-3);
  }

  /** Number of distinct attention modules (1 when shared, else depth). */
  public int modules() {
    return depth == 0 ? 0 : sharedLayers ? 1 : depth;
  }

  /** The module used by layer {@code k}. */
  public int moduleOf(int layer) {
    return sharedLayers ? 0 : layer;
  }

  public HardmaxConfig withDim(int v) {
    return new HardmaxConfig(v, depth, sharedLayers, attention, alphaInit, tau, pooling, maxLength, truncation, spdEpsilon);
  }

  public HardmaxConfig withDepth(int v) {
    return new HardmaxConfig(dim, v, sharedLayers, attention, alphaInit, tau, pooling, maxLength, truncation, spdEpsilon);
  }

  public HardmaxConfig withSharedLayers(boolean v) {
    return new HardmaxConfig(dim, depth, v, attention, alphaInit, tau, pooling, maxLength, truncation, spdEpsilon);
  }

  public HardmaxConfig withAttention(AttentionKind v) {
    return new HardmaxConfig(dim, depth, sharedLayers, v, alphaInit, tau, pooling, maxLength, truncation, spdEpsilon);
  }

  public HardmaxConfig withAlphaInit(double v) {
    return new HardmaxConfig(dim, depth, sharedLayers, attention, v, tau, pooling, maxLength, truncation, spdEpsilon);
  }

  public HardmaxConfig withTau(double v) {
    return new HardmaxConfig(dim, depth, sharedLayers, attention, alphaInit, v, pooling, maxLength, truncation, spdEpsilon);
  }

  public HardmaxConfig withPooling(Pooling v) {
    return new HardmaxConfig(dim, depth, sharedLayers, attention, alphaInit, tau, v, maxLength, truncation, spdEpsilon);
  }

  public HardmaxConfig withMaxLength(int v) {
    return new HardmaxConfig(dim, depth, sharedLayers, attention, alphaInit, tau, pooling, v, truncation, spdEpsilon);
  }

  public HardmaxConfig withTruncation(Truncation v) {
    return new HardmaxConfig(dim, depth, sharedLayers, attention, alphaInit, tau, pooling, maxLength, v, spdEpsilon);
  }
}
