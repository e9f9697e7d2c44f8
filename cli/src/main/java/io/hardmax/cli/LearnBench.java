package io.hardmax.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.hardmax.datasets.synthetic.CovarianceGenerator;
import io.hardmax.datasets.synthetic.MixtureGenerator;
import io.hardmax.datasets.synthetic.MixtureInstance;
import io.hardmax.em.EmBackprop;
import io.hardmax.em.EmTransformerTrainer;
import io.hardmax.em.KMeans;
import io.hardmax.em.LearnedEmTransformer;
import io.hardmax.em.SameDiffEmTrainer;
import io.hardmax.eval.bench.Timing;
import io.hardmax.spectral.LearnedSpectralTransformer;
import io.hardmax.spectral.SameDiffSpectralTrainer;
import io.hardmax.spectral.SpectralBackprop;
import io.hardmax.spectral.SpectralTransformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * {@code hardmax bench learn}: the time of one gradient evaluation (forward and backward on a batch, no optimiser
 * update) of the two learned transformers at the experiments' default sizes, SameDiff against the plain-Java pass,
 * on the same batch and weights in one run; the Java pass on 1 thread and on {@code --threads}. Every step is
 * first called for at least {@link #MIN_WARMUP_SECONDS} (then the {@code --warmup} runs).
 * Spectral: D = N = 10, k = 3, 20 layers, 4 heads, batch 32. EM: d = 5, n = 200, K = 3, 10 layers, batch 16.
 */
final class LearnBench {

  private LearnBench() {}

  static void run(ArrayNode rows, int warmup, int runs, int threads) throws Exception {
    Random r = new Random(20261122);
    var sc = new LearnedSpectralTransformer.Config(10, 10, 3, 20, 4);
    List<SpectralTransformer.Instance> sb = new ArrayList<>();
    for (int t = 0; t < 32; t++) {
      sb.add(SpectralTransformer.Instance.of(CovarianceGenerator.generate(10, 10, r).points(), 3, r.nextLong()));
    }
    LearnedSpectralTransformer sm = LearnedSpectralTransformer.random(sc, new Random(1));
    double[] sp = SpectralBackprop.flatten(sm);
    double[] sg = new double[sp.length];
    Function<List<SpectralTransformer.Instance>, Double> sameDiff = SameDiffSpectralTrainer.gradientStep(sm);
    double sdMs = time(rows, "spectral gradient step, SameDiff (batch 32, 1 thread)", warmup, runs, 1,
        () -> sameDiff.apply(sb));
    double j1;
    try (SpectralBackprop bp = new SpectralBackprop(sc, 1)) {
      j1 = time(rows, "spectral gradient step, plain Java (batch 32, 1 thread)", warmup, runs, 1,
          () -> bp.lossAndGradient(sp, sb, sg));
    }
    double jt;
    try (SpectralBackprop bp = new SpectralBackprop(sc, threads)) {
      jt = time(rows, "spectral gradient step, plain Java (batch 32, " + threads + " threads)", warmup, runs, threads,
          () -> bp.lossAndGradient(sp, sb, sg));
    }
    ratio(rows, "spectral speed-up, SameDiff / plain Java (1 thread)", sdMs / j1, 1);
    ratio(rows, "spectral speed-up, SameDiff / plain Java (" + threads + " threads)", sdMs / jt, threads);

    List<EmTransformerTrainer.Instance> eb = new ArrayList<>();
    for (int t = 0; t < 16; t++) {
      MixtureInstance m = MixtureGenerator.generate(3, 5, 200, 1 + t % 5, r);
      eb.add(new EmTransformerTrainer.Instance(m.points(), m.labels(), KMeans.plusPlus(m.points(), 3, new Random(t))));
    }
    LearnedEmTransformer em = LearnedEmTransformer.random(10, 5, new Random(2));
    double[] ep = em.flatten();
    double[] eg = new double[ep.length];
    Function<List<EmTransformerTrainer.Instance>, Double> emSd = SameDiffEmTrainer.gradientStep(em);
    double esd = time(rows, "EM gradient step, SameDiff (batch 16, 1 thread)", warmup, runs, 1, () -> emSd.apply(eb));
    double e1;
    try (EmBackprop bp = new EmBackprop(10, 5, 1)) {
      e1 = time(rows, "EM gradient step, plain Java (batch 16, 1 thread)", warmup, runs, 1,
          () -> bp.lossAndGradient(ep, eb, eg));
    }
    double et;
    try (EmBackprop bp = new EmBackprop(10, 5, threads)) {
      et = time(rows, "EM gradient step, plain Java (batch 16, " + threads + " threads)", warmup, runs, threads,
          () -> bp.lossAndGradient(ep, eb, eg));
    }
    ratio(rows, "EM speed-up, SameDiff / plain Java (1 thread)", esd / e1, 1);
    ratio(rows, "EM speed-up, SameDiff / plain Java (" + threads + " threads)", esd / et, threads);
  }

  private interface Step {
    double run() throws Exception;
  }

  /** Each implementation is called for at least this long before the warm-up runs (JIT compilation). */
  static final double MIN_WARMUP_SECONDS = 3;

  /**
   * Median milliseconds per call; adds a row. Before the {@code warmup} runs the step is called until
   * {@link #MIN_WARMUP_SECONDS} have passed, so a pass of a few milliseconds (the plain-Java EM step) is timed
   * compiled, as in training, not while still interpreted (a warm-up of 5 calls measured it 5-6x slower than its
   * steady state).
   */
  private static double time(ArrayNode rows, String name, int warmup, int runs, int threads, Step step)
      throws Exception {
    long w0 = System.nanoTime();
    while (System.nanoTime() - w0 < MIN_WARMUP_SECONDS * 1e9) {
      step.run();
    }
    int inner = 5;
    Timing tm = Timing.measure(warmup, runs, () -> {
      double s = 0;
      for (int i = 0; i < inner; i++) {
        s += step.run();
      }
      return Double.isNaN(s) ? 0.0 : inner;
    });
    double ms = tm.medianSeconds() * 1000 / inner;
    rows.addObject().put("name", name).put("unit", "ms/step").put("median", ms)
        .put("min", tm.minSeconds() * 1000 / inner).put("max", tm.maxSeconds() * 1000 / inner).put("threads", threads);
    return ms;
  }

  private static void ratio(ArrayNode rows, String name, double x, int threads) {
    rows.addObject().put("name", name).put("unit", "x").put("median", x).put("min", x).put("max", x)
        .put("threads", threads);
  }
}
