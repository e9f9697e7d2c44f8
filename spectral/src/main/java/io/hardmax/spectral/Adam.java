package io.hardmax.spectral;

/**
 * Adam (Kingma and Ba 2015, Algorithm 1) on a flat parameter vector, with a learning-rate schedule and
 * gradient-norm clipping; used by the plain-Java trainers of the spectral and EM transformers. The working state
 * (first and second moments, step count) is exposed so that checkpoints can save and restore it exactly.
 */
public final class Adam {

  /** Exponential decay of the first moment. */
  public static final double BETA1 = 0.9;
  /** Exponential decay of the second moment. */
  public static final double BETA2 = 0.999;
  /** Added to the root of the second moment. */
  public static final double EPSILON = 1e-8;

  /** How the learning rate decays after the warm-up. */
  public enum Decay {
    /** Half a cosine from the peak down to {@code floor * peak} at the last step. */
    COSINE,
    /** Multiplied by 0.1 at 50 % and again at 75 % of the steps. */
    STEP,
    /** Constant at the peak. */
    NONE
  }

  /**
   * Learning rate at step s (counted from 1): a linear warm-up from {@code peak / warmup} to {@code peak} over the
   * first {@code warmup} steps, then {@link Decay}.
   *
   * @param peak   the largest learning rate, &gt; 0
   * @param warmup warm-up steps, &gt;= 0
   * @param steps  total steps, &gt;= 1
   * @param decay  decay after the warm-up
   * @param floor  cosine's final rate as a fraction of the peak, in [0, 1]
   */
  public record Schedule(double peak, int warmup, int steps, Decay decay, double floor) {
    public Schedule {
      if (!(peak > 0) || !Double.isFinite(peak) || warmup < 0 || steps < 1 || decay == null || !(floor >= 0)
          || floor > 1) {
        throw new IllegalArgumentException("need a finite peak > 0, warmup >= 0, steps >= 1, a decay and floor in "
            + "[0, 1]; found peak = " + peak + ", warmup = " + warmup + ", steps = " + steps + ", decay = " + decay
            + ", floor = " + floor);
      }
    }

    /** The learning rate of step {@code s} (1-based). */
    public double rate(int s) {
      if (s <= warmup) {
        return peak * s / warmup;
      }
      double progress = steps > warmup ? (double) (s - warmup) / (steps - warmup) : 1;
      progress = Math.min(1, progress);
      return switch (decay) {
        case COSINE -> peak * (floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * progress)));
        case STEP -> peak * (progress < 0.5 ? 1 : progress < 0.75 ? 0.1 : 0.01);
        case NONE -> peak;
      };
    }
  }

  private final Schedule schedule;
  private final double clip;
  /** First moments, [P]. */
  private final double[] m;
  /** Second moments, [P]. */
  private final double[] v;
  private int step;

  /**
   * @param size     number of parameters
   * @param schedule learning rate per step
   * @param clip     largest gradient L2 norm (larger gradients are scaled down to it), &gt; 0; infinity turns
   *                 clipping off
   */
  public Adam(int size, Schedule schedule, double clip) {
    if (size < 1 || !(clip > 0)) {
      throw new IllegalArgumentException("need size >= 1 and clip > 0, found " + size + " and " + clip);
    }
    this.schedule = schedule;
    this.clip = clip;
    this.m = new double[size];
    this.v = new double[size];
  }

  /** Steps taken so far. */
  public int step() {
    return step;
  }

  /** The moments and step count, for a checkpoint: m, v (copies) and the step. */
  public double[][] moments() {
    return new double[][] {m.clone(), v.clone()};
  }

  /** Restores what {@link #moments()} and {@link #step()} returned. */
  public void restore(double[] firstMoment, double[] secondMoment, int steps) {
    if (firstMoment.length != m.length || secondMoment.length != v.length || steps < 0) {
      throw new IllegalArgumentException("expected moments of length " + m.length + " and steps >= 0, found "
          + firstMoment.length + ", " + secondMoment.length + " and " + steps);
    }
    System.arraycopy(firstMoment, 0, m, 0, m.length);
    System.arraycopy(secondMoment, 0, v, 0, v.length);
    step = steps;
  }

  /**
   * One update of {@code params} in place with gradient {@code g} (clipped in place).
   *
   * @return the gradient's L2 norm before clipping
   */
  public double update(double[] params, double[] g) {
    double norm = 0;
    for (double x : g) {
      norm += x * x;
    }
    norm = Math.sqrt(norm);
    if (norm > clip) {
      double s = clip / norm;
      for (int j = 0; j < g.length; j++) {
        g[j] *= s;
      }
    }
    step++;
    double rate = schedule.rate(step);
    double c1 = 1 - Math.pow(BETA1, step);
    double c2 = 1 - Math.pow(BETA2, step);
    for (int j = 0; j < params.length; j++) {
      m[j] = BETA1 * m[j] + (1 - BETA1) * g[j];
      v[j] = BETA2 * v[j] + (1 - BETA2) * g[j] * g[j];
      params[j] -= rate * (m[j] / c1) / (Math.sqrt(v[j] / c2) + EPSILON);
    }
    return norm;
  }
}
