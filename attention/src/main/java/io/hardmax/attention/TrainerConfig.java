package io.hardmax.attention;

/**
 * How to train (the paper: Adam, lr 1e-3, batch 64, gradient-norm clip 5). Validated here.
 *
 * @param maxEpochs    epochs at most, >= 1
 * @param batchSize    reviews per step, >= 1
 * @param learningRate Adam's step size, > 0
 * @param beta1        Adam's first-moment decay, in [0, 1)
 * @param beta2        Adam's second-moment decay, in [0, 1)
 * @param adamEpsilon  Adam's epsilon, > 0
 * @param clipNorm     clip the global gradient norm to this (0 = no clipping)
 * @param weightDecay  decoupled weight decay (AdamW) on embeddings and the readout, >= 0
 * @param patience     stop after this many epochs without a better validation accuracy (hardmax), >= 1
 * @param threads      worker threads, >= 1; results are bit-for-bit reproducible for a seed and thread count
 * @param seed         seed of the initial weights and of the shuffling
 * @param hardmaxEpochs the last this many epochs train through the exact hardmax forward with the
 *                     straight-through gradient of its attention sets (0 = softmax surrogate only)
 * @param embeddingInitStd standard deviation of the initial embeddings, > 0 (paper: 1, as nn.Embedding)
 * @param wordDropout  embedding dropout by word type (Gal and Ghahramani 2016), in [0, 1): in each training
 *                     review and epoch every distinct word is left out, all its copies together, with this
 *                     probability (the review keeps all its words if every one would be dropped); decided by a
 *                     hash of (seed, epoch, review, word), so it does not depend on threads or resuming.
 *                     0 = off (the paper). Validation and inference never drop.
 */
public record TrainerConfig(int maxEpochs, int batchSize, double learningRate, double beta1, double beta2,
    double adamEpsilon, double clipNorm, double weightDecay, int patience, int threads, long seed, int hardmaxEpochs, double embeddingInitStd,
    double wordDropout) {

  public TrainerConfig {
    if (maxEpochs < 1) {
      throw new IllegalArgumentException("maxEpochs must be >= 1, was " + maxEpochs);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
    }
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("learningRate must be > 0, was " + learningRate);
    }
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException("Adam betas must be in [0, 1), were " + beta1 + ", " + beta2);
    }
    if (!(adamEpsilon > 0)) {
      throw new IllegalArgumentException("adamEpsilon must be > 0, was " + adamEpsilon);
    }
    if (!(clipNorm >= 0)) {
      throw new IllegalArgumentException("clipNorm must be >= 0, was " + clipNorm);
    }
    if (!(weightDecay >= 0)) {
      throw new IllegalArgumentException("weightDecay must be >= 0, was " + weightDecay);
    }
    if (patience < 1) {
      throw new IllegalArgumentException("patience must be >= 1, was " + patience);
    }
    if (threads < 1 || threads > 1024) {
      throw new IllegalArgumentException("threads must be in [1, 1024], was " + threads);
    }
    if (!(embeddingInitStd > 0)) {
      throw new IllegalArgumentException("embeddingInitStd must be > 0, was " + embeddingInitStd);
    }
    if (!(wordDropout >= 0 && wordDropout < 1)) {
      throw new IllegalArgumentException("wordDropout must be in [0, 1), was " + wordDropout);
    }
    if (hardmaxEpochs < 0) {
      throw new IllegalArgumentException("hardmaxEpochs must be >= 0, was " + hardmaxEpochs);
    }
  }

  /** The paper's settings with a cap of 30 epochs and early stopping after 3 epochs without improvement. */
  public static TrainerConfig paper(int threads, long seed) {
    return builder().threads(threads).seed(seed).build();
  }

  /** A builder holding the paper's settings ({@link #paper(int, long)}) with 1 thread and seed 0; set what differs. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds a {@link TrainerConfig}; validation happens in {@link #build()}. Starts from {@link #paper(int, long)}. */
  public static final class Builder {
    private int maxEpochs = 30;
    private int batchSize = 64;
    private double learningRate = 1e-3;
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double adamEpsilon = 1e-8;
    private double clipNorm = 5;
    private double weightDecay = 0;
    private int patience = 3;
    private int threads = 1;
    private long seed = 0;
    private int hardmaxEpochs = 0;
    private double embeddingInitStd = 1.0;
    private double wordDropout = 0;

    private Builder() {}

    private Builder(TrainerConfig c) {
      maxEpochs = c.maxEpochs;
      batchSize = c.batchSize;
      learningRate = c.learningRate;
      beta1 = c.beta1;
      beta2 = c.beta2;
      adamEpsilon = c.adamEpsilon;
      clipNorm = c.clipNorm;
      weightDecay = c.weightDecay;
      patience = c.patience;
      threads = c.threads;
      seed = c.seed;
      hardmaxEpochs = c.hardmaxEpochs;
      embeddingInitStd = c.embeddingInitStd;
      wordDropout = c.wordDropout;
    }

    public Builder maxEpochs(int v) {
      maxEpochs = v;
      return this;
    }

    public Builder batchSize(int v) {
      batchSize = v;
      return this;
    }

    public Builder learningRate(double v) {
      learningRate = v;
      return this;
    }

    public Builder beta1(double v) {
      beta1 = v;
      return this;
    }

    public Builder beta2(double v) {
      beta2 = v;
      return this;
    }

    public Builder adamEpsilon(double v) {
      adamEpsilon = v;
      return this;
    }

    public Builder clipNorm(double v) {
      clipNorm = v;
      return this;
    }

    public Builder weightDecay(double v) {
      weightDecay = v;
      return this;
    }

    public Builder patience(int v) {
      patience = v;
      return this;
    }

    public Builder threads(int v) {
      threads = v;
      return this;
    }

    public Builder seed(long v) {
      seed = v;
      return this;
    }

    public Builder hardmaxEpochs(int v) {
      hardmaxEpochs = v;
      return this;
    }

    public Builder embeddingInitStd(double v) {
      embeddingInitStd = v;
      return this;
    }

    public Builder wordDropout(double v) {
      wordDropout = v;
      return this;
    }

    public TrainerConfig build() {
      return new TrainerConfig(maxEpochs, batchSize, learningRate, beta1, beta2, adamEpsilon, clipNorm, weightDecay,
          patience, threads, seed, hardmaxEpochs, embeddingInitStd, wordDropout);
    }
  }
}
