package io.hardmax.em;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Trains a {@link LearnedEmTransformer} end to end with SameDiff's autodiff and Adam on synthetic mixture
 * instances. Each step takes one batch from the caller (same n and K within a batch), runs the model forward
 * (the plain-Java forward pass, which the tests check equals the graph's), matches every instance's true labels to the clusters by the permutation that maximises the log-likelihood of
 * the last responsibilities (brute force over K! permutations, outside the graph), asks SameDiff for the gradient
 * of the cross-entropy against the matched labels ({@link EmGraph}) and takes one Adam step (the moments are
 * kept in Java: {@code SameDiff.fit} with ND4J's Adam updater cost 2-3 times as much per step as
 * {@code calculateGradients} alone here). The loss is therefore {@code min over permutations} of the
 * cross-entropy, a permutation-invariant loss whose gradient (where the minimiser is unique) is that of the
 * matched cross-entropy; the shared k-means++ start keeps the minimising permutation stable from step to step.
 *
 * <p>Deterministic given the seed, the batches and the configuration (double precision, single-threaded ND4J:
 * the launcher and the tests set {@code OMP_NUM_THREADS=1}).
 */
public final class SameDiffEmTrainer {

  private static final double ADAM_BETA1 = 0.9;
  private static final double ADAM_BETA2 = 0.999;
  private static final double ADAM_EPS = 1e-8;

  private SameDiffEmTrainer() {}

  /** How the weights start. */
  public enum Init {
    /** The hand-built EM construction plus small noise ({@link LearnedEmTransformer#emConstruction}). */
    EM,
    /** Random projections ({@link LearnedEmTransformer#random}). */
    RANDOM
  }

  /**
   * Hyperparameters.
   *
   * @param layers       L, &gt;= 1
   * @param steps        Adam steps (one batch each), &gt;= 1
   * @param learningRate Adam's step size, &gt; 0
   * @param init         the starting weights
   * @param initNoise    standard deviation of the noise added to the EM construction, &gt;= 0 (ignored for RANDOM)
   * @param maxSeconds   wall-time cap, &gt; 0: training stops after the step that crosses it (then the result
   *                     depends on the machine's speed, and {@link Result#stoppedEarly} says so)
   */
  public record Config(int layers, int steps, double learningRate, Init init, double initNoise, double maxSeconds) {
    public Config {
      if (!(maxSeconds > 0)) {
        throw new IllegalArgumentException("maxSeconds must be > 0, found " + maxSeconds);
      }
      if (layers < 1 || steps < 1) {
        throw new IllegalArgumentException("need layers >= 1 and steps >= 1, found " + layers + " and " + steps);
      }
      if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
        throw new IllegalArgumentException("learning rate must be finite and > 0, found " + learningRate);
      }
      if (init == null) {
        throw new IllegalArgumentException("init must be EM or RANDOM, found null");
      }
      if (!(initNoise >= 0) || !Double.isFinite(initNoise)) {
        throw new IllegalArgumentException("init noise must be finite and >= 0, found " + initNoise);
      }
    }
  }

  /**
   * Result of training.
   *
   * @param model      the trained weights
   * @param initial    the starting weights
   * @param losses     the matched cross-entropy of each step's batch before its update, [steps run]
   * @param seconds    wall time of training (graph building included)
   */
  public record Result(LearnedEmTransformer model, LearnedEmTransformer initial, double[] losses, double seconds) {

    /** Steps run. */
    public int steps() {
      return losses.length;
    }

    /** Whether the wall-time cap stopped training before the configured steps. */
    public boolean stoppedEarly(Config config) {
      return losses.length < config.steps();
    }

    /** Mean loss over the first {@code count} steps (or all when fewer). */
    public double meanFirst(int count) {
      return mean(0, Math.min(count, losses.length));
    }

    /** Mean loss over the last {@code count} steps (or all when fewer). */
    public double meanLast(int count) {
      return mean(Math.max(0, losses.length - count), losses.length);
    }

    private double mean(int from, int to) {
      double s = 0;
      for (int i = from; i < to; i++) {
        s += losses[i];
      }
      return s / (to - from);
    }
  }

  /**
   * One SameDiff training step's gradient per call on the given batch (the plain-Java forward pass for the label
   * matching, then {@link EmGraph}'s gradient; the graph built once), for speed comparisons with
   * {@link EmBackprop}; returns the sum of the gradient so that the work cannot be optimised away.
   */
  public static java.util.function.Function<List<EmTransformerTrainer.Instance>, Double> gradientStep(
      LearnedEmTransformer model) {
    EmGraph graph = new EmGraph(model);
    return batch -> {
      List<double[][]> logR = new ArrayList<>();
      for (EmTransformerTrainer.Instance in : batch) {
        logR.add(model.forward(in.points(), in.start()).logResponsibilities());
      }
      double[] g = graph.flatGradient(EmGraph.inputs(batch), EmGraph.matchedTargets(batch, logR));
      double s = 0;
      for (double x : g) {
        s += x;
      }
      return s;
    };
  }

  /**
   * @param config  hyperparameters
   * @param d       dimension of the points
   * @param batches the batch for each step index in [0, steps)
   * @param seed    seeds the initial weights
   */
  public static Result train(Config config, int d, IntFunction<List<EmTransformerTrainer.Instance>> batches,
                             long seed) {
    long t0 = System.nanoTime();
    Random random = new Random(seed);
    LearnedEmTransformer initial = config.init() == Init.EM
        ? LearnedEmTransformer.emConstruction(config.layers(), d, config.initNoise(), random)
        : LearnedEmTransformer.random(config.layers(), d, random);
    EmGraph graph = new EmGraph(initial);
    int layers = config.layers();
    double[] p = initial.flatten();
    double[] m = new double[p.length];
    double[] v = new double[p.length];
    double[] losses = new double[config.steps()];
    LearnedEmTransformer current = initial;
    for (int step = 0; step < config.steps(); step++) {
      List<EmTransformerTrainer.Instance> batch = batches.apply(step);
      if (batch.isEmpty()) {
        throw new IllegalArgumentException("batch for step " + step + " is empty");
      }
      // matching from the plain-Java forward pass of the current weights (the same function as the graph)
      List<double[][]> logR = new ArrayList<>();
      double loss = 0;
      long count = 0;
      for (EmTransformerTrainer.Instance in : batch) {
        double[][] lr = current.forward(in.points(), in.start()).logResponsibilities();
        logR.add(lr);
        int[] perm = EmGraph.matching(in.labels(), lr);
        for (int i = 0; i < lr.length; i++) {
          loss -= lr[i][perm[in.labels()[i]]];
        }
        count += lr.length;
      }
      losses[step] = loss / count;
      Map<String, INDArray> inputs = EmGraph.inputs(batch);
      INDArray y = EmGraph.matchedTargets(batch, logR);
      double[] g = graph.flatGradient(inputs, y);
      // Adam (Kingma and Ba 2015, Algorithm 1), beta1 = 0.9, beta2 = 0.999, eps = 1e-8
      double c1 = 1 - Math.pow(ADAM_BETA1, step + 1);
      double c2 = 1 - Math.pow(ADAM_BETA2, step + 1);
      for (int j = 0; j < p.length; j++) {
        m[j] = ADAM_BETA1 * m[j] + (1 - ADAM_BETA1) * g[j];
        v[j] = ADAM_BETA2 * v[j] + (1 - ADAM_BETA2) * g[j] * g[j];
        p[j] -= config.learningRate() * (m[j] / c1) / (Math.sqrt(v[j] / c2) + ADAM_EPS);
      }
      current = LearnedEmTransformer.unflatten(p, layers, d);
      graph.setWeights(current);
      if ((System.nanoTime() - t0) / 1e9 > config.maxSeconds() && step + 1 < config.steps()) {
        losses = java.util.Arrays.copyOf(losses, step + 1);
        break;
      }
    }
    return new Result(current, initial, losses, (System.nanoTime() - t0) / 1e9);
  }

}
