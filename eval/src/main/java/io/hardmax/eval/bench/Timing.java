package io.hardmax.eval.bench;

import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * Repeated timing of one task: warm-up runs are discarded, then the median (and min/max) of the measured
 * runs is reported.
 *
 * @param seconds wall-clock seconds of each measured run, in run order
 * @param work    the work unit count of one run (tokens, reviews ...), for rates
 */
public record Timing(double[] seconds, double work) {

  /** Times {@code task} {@code warmup + runs} times; the task returns the amount of work done. */
  public static Timing measure(int warmup, int runs, Callable<Double> task) throws Exception {
    if (runs < 1 || warmup < 0) {
      throw new IllegalArgumentException("need runs >= 1 and warmup >= 0, was runs=" + runs + ", warmup=" + warmup);
    }
    double work = 0;
    for (int i = 0; i < warmup; i++) {
      work = task.call();
    }
    double[] s = new double[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      work = task.call();
      s[i] = (System.nanoTime() - t0) / 1e9;
    }
    return new Timing(s, work);
  }

  /** Median seconds of the measured runs (mean of the middle two for an even count). */
  public double medianSeconds() {
    double[] s = seconds.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  public double minSeconds() {
    return Arrays.stream(seconds).min().orElseThrow();
  }

  public double maxSeconds() {
    return Arrays.stream(seconds).max().orElseThrow();
  }

  /** Work per second at the median time. */
  public double medianRate() {
    return work / medianSeconds();
  }
}
