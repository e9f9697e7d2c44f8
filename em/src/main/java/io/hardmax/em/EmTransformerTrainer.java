package io.hardmax.em;

import java.util.List;

/**
 * Pre-trains the inverse temperatures of an {@link EmTransformer} on synthetic instances by coordinate descent
 * over a fixed grid (a derivative-free search: the objective, the mean misclustering rate under the best label
 * matching, is piecewise constant, so gradients carry no signal). Starting from the EM-equivalent
 * {@code beta = 1/2}, each sweep tries every grid value for each layer in turn and keeps a change only if it
 * lowers the training objective strictly; deterministic given the instances.
 */
public final class EmTransformerTrainer {

  /** Grid of inverse temperatures tried per layer. */
  public static final double[] GRID = {0.15, 0.25, 0.35, 0.45, 0.5, 0.55, 0.65, 0.8, 1.0, 1.5, 2.5, 5.0};

  private EmTransformerTrainer() {}

  /**
   * One training instance.
   *
   * @param points  points [n][d]
   * @param labels  true components [n]
   * @param start   initial centre tokens [K][d]
   */
  public record Instance(double[][] points, int[] labels, double[][] start) {}

  /**
   * Result of training.
   *
   * @param model          the trained transformer
   * @param trainError     mean misclustering of the trained model on the training instances
   * @param emEquivalentError the same for {@code beta = 1/2} in every layer (the starting point)
   * @param sweeps         coordinate-descent sweeps run
   */
  public record Result(EmTransformer model, double trainError, double emEquivalentError, int sweeps) {}

  /**
   * @param instances training instances (non-empty)
   * @param layers    number of layers, &gt;= 1
   * @param maxSweeps cap on sweeps, &gt;= 1 (stops early when a sweep changes nothing)
   */
  public static Result train(List<Instance> instances, int layers, int maxSweeps) {
    if (instances.isEmpty()) {
      throw new IllegalArgumentException("need at least one training instance, found 0");
    }
    if (layers < 1 || maxSweeps < 1) {
      throw new IllegalArgumentException("need layers >= 1 and maxSweeps >= 1, found " + layers + " and " + maxSweeps);
    }
    double[] beta = EmTransformer.emEquivalent(layers).inverseTemperatures();
    double start = error(new EmTransformer(beta), instances);
    double best = start;
    int sweeps = 0;
    boolean changed = true;
    while (changed && sweeps < maxSweeps) {
      sweeps++;
      changed = false;
      for (int l = 0; l < layers; l++) {
        double keep = beta[l];
        for (double g : GRID) {
          if (g == beta[l]) {
            continue;
          }
          double[] trial = beta.clone();
          trial[l] = g;
          double e = error(new EmTransformer(trial), instances);
          if (e < best - 1e-12) {
            best = e;
            keep = g;
            changed = true;
          }
        }
        beta[l] = keep;
      }
    }
    return new Result(new EmTransformer(beta), best, start, sweeps);
  }

  /** Mean misclustering rate of {@code model} over the instances. */
  public static double error(EmTransformer model, List<Instance> instances) {
    double s = 0;
    for (Instance in : instances) {
      s += Misclustering.rate(in.labels(), model.forward(in.points(), in.start()).labels(), in.start().length);
    }
    return s / instances.size();
  }
}
