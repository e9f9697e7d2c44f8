package io.hardmax.em;

import io.hardmax.spectral.Adam;
import io.hardmax.spectral.JavaTrainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Trains a {@link LearnedEmTransformer} with the plain-Java pass ({@link EmBackprop}) and the loop of
 * {@link JavaTrainer} (Adam with linear warm-up and cosine or step decay, gradient-norm clipping, checkpoints and
 * resume, progress with ETA). The loss is {@link SameDiffEmTrainer}'s: the cross-entropy of the last
 * responsibilities against the true labels under the best permutation per instance. The kept weights are those with
 * the lowest validation misclustering (checked every {@code evalEvery} steps); the misclustering on some report
 * instances is recorded at the same steps (a learning curve, never used for selection). No curriculum: every step
 * draws from the same distribution of K and separations.
 */
public final class JavaEmTrainer {

  private JavaEmTrainer() {}

  /**
   * @param layers       L, &gt;= 1
   * @param steps        Adam steps, &gt;= 1
   * @param learningRate peak learning rate, &gt; 0
   * @param warmup       linear warm-up steps, &gt;= 0
   * @param decay        decay after the warm-up (cosine to 1 % of the peak, or steps)
   * @param clip         gradient-norm clip, &gt; 0
   * @param evalEvery    steps between evaluations, &gt;= 1
   * @param threads      workers, &gt;= 1 (the weights depend on it)
   * @param checkpoint   checkpoint file (resumed when it exists), or null
   */
  public record Options(int layers, int steps, double learningRate, int warmup, Adam.Decay decay, double clip,
      int evalEvery, int threads, Path checkpoint) {
    public Options {
      if (layers < 1 || steps < 1 || evalEvery < 1 || threads < 1 || warmup < 0 || !(learningRate > 0)
          || !Double.isFinite(learningRate) || !(clip > 0) || decay == null) {
        throw new IllegalArgumentException("need layers, steps, evalEvery, threads >= 1, warmup >= 0, a finite "
            + "learning rate > 0, clip > 0 and a decay; found layers = " + layers + ", steps = " + steps
            + ", evalEvery = " + evalEvery + ", threads = " + threads + ", warmup = " + warmup + ", learningRate = "
            + learningRate + ", clip = " + clip);
      }
    }
  }

  /**
   * @param model    weights with the lowest validation misclustering
   * @param last     weights after the last step
   * @param training the loop's record: evaluations are {validation misclustering, report misclustering}
   */
  public record Result(LearnedEmTransformer model, LearnedEmTransformer last, JavaTrainer.Result training) {}

  /** Mean misclustering (labels matched optimally) of a model on instances. */
  public static double misclustering(LearnedEmTransformer m, List<EmTransformerTrainer.Instance> instances) {
    double s = 0;
    for (EmTransformerTrainer.Instance in : instances) {
      s += Misclustering.rate(in.labels(), m.forward(in.points(), in.start()).labels(), in.start().length);
    }
    return s / instances.size();
  }

  /**
   * @param init        the starting weights
   * @param batches     the batch of step s (0-based); must depend only on s (and the caller's seed), so a resumed
   *                    run sees the same batches
   * @param fingerprint the caller's description of the batches and seed (a checkpoint must match it)
   * @param validation  selects the kept weights (non-empty)
   * @param report      recorded at each evaluation (may be empty)
   */
  public static Result train(LearnedEmTransformer init, Options o, IntFunction<List<EmTransformerTrainer.Instance>> batches,
      String fingerprint, List<EmTransformerTrainer.Instance> validation, List<EmTransformerTrainer.Instance> report,
      Consumer<String> log) throws IOException {
    if (validation.isEmpty()) {
      throw new IllegalArgumentException("need at least one validation instance");
    }
    int d = init.dimension();
    if (init.layers() != o.layers()) {
      throw new IllegalArgumentException("the start has " + init.layers() + " layers, the options " + o.layers());
    }
    String fp = String.format(Locale.ROOT, "em L %d d %d init-hash %d %s lr %s warmup %d decay %s clip %s eval %d "
        + "threads %d validation %d report %d", o.layers(), d, java.util.Arrays.hashCode(init.flatten()), fingerprint,
        o.learningRate(), o.warmup(), o.decay(), o.clip(), o.evalEvery(), o.threads(), validation.size(), report.size());
    try (EmBackprop bp = new EmBackprop(o.layers(), d, o.threads())) {
      JavaTrainer.Problem problem = new JavaTrainer.Problem() {
        @Override
        public double lossAndGradient(double[] params, int step, double[] grad) {
          return bp.lossAndGradient(params, batches.apply(step), grad);
        }

        @Override
        public double[] evaluate(double[] params) {
          LearnedEmTransformer m = LearnedEmTransformer.unflatten(params, o.layers(), d);
          return report.isEmpty() ? new double[] {misclustering(m, validation)}
              : new double[] {misclustering(m, validation), misclustering(m, report)};
        }
      };
      var schedule = new Adam.Schedule(o.learningRate(), o.warmup(), o.steps(), o.decay(), 0.01);
      var opts = new JavaTrainer.Options(o.steps(), schedule, o.clip(), o.evalEvery(), o.checkpoint(),
          Math.max(o.evalEvery(), 250), fp);
      JavaTrainer.Result r = JavaTrainer.train(init.flatten(), opts, problem, log);
      return new Result(LearnedEmTransformer.unflatten(r.best(), o.layers(), d),
          LearnedEmTransformer.unflatten(r.last(), o.layers(), d), r);
    }
  }
}
