package io.hardmax.spectral;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Trains a {@link LearnedSpectralTransformer} with the plain-Java pass ({@link SpectralBackprop}) and the loop of
 * {@link JavaTrainer}: Adam, a linear warm-up then cosine (or step) decay of the learning rate, gradient-norm
 * clipping, a fresh batch per step, instance b from {@code Random(stepSeed(stepSeed(seed, step), b))} (so a resumed run draws
 * the same batches), the validation loss every {@code evalEvery} steps selecting the kept weights, and optionally
 * the per-index test {@code |cos|} on some report instances at the same steps (a learning curve; never used for
 * selection). No curriculum: every step draws from the same instance distribution, whatever the start. Optional
 * per-eigenvector loss weights change the training loss only; the validation loss is always the plain
 * {@code 1 - mean |cos|}.
 */
public final class JavaSpectralTrainer {

  private JavaSpectralTrainer() {}

  /**
   * @param steps        Adam steps, &gt;= 1
   * @param batch        instances per step, &gt;= 1
   * @param learningRate peak learning rate, &gt; 0
   * @param warmup       linear warm-up steps, &gt;= 0
   * @param decay        decay after the warm-up (cosine to 1 % of the peak, or steps)
   * @param clip         gradient-norm clip, &gt; 0
   * @param evalEvery    steps between evaluations, &gt;= 1
   * @param threads      workers of the pass, &gt;= 1 (the weights depend on it)
   * @param seed         seed of the batches
   * @param checkpoint   checkpoint file (resumed when it exists), or null
   * @param lossWeights  per-eigenvector weights of the training loss ({@link SpectralBackprop}), [k], or null for
   *                     the plain loss; the validation loss that keeps the weights is always the plain one
   */
  public record Options(int steps, int batch, double learningRate, int warmup, Adam.Decay decay, double clip,
      int evalEvery, int threads, long seed, Path checkpoint, double[] lossWeights) {
    public Options {
      if (steps < 1 || batch < 1 || evalEvery < 1 || threads < 1 || warmup < 0 || !(learningRate > 0)
          || !Double.isFinite(learningRate) || !(clip > 0) || decay == null) {
        throw new IllegalArgumentException("need steps, batch, evalEvery, threads >= 1, warmup >= 0, a finite "
            + "learning rate > 0, clip > 0 and a decay; found steps = " + steps + ", batch = " + batch
            + ", evalEvery = " + evalEvery + ", threads = " + threads + ", warmup = " + warmup
            + ", learningRate = " + learningRate + ", clip = " + clip);
      }
      lossWeights = lossWeights == null ? null : lossWeights.clone();
    }

    /** The plain loss (no loss weights). */
    public Options(int steps, int batch, double learningRate, int warmup, Adam.Decay decay, double clip,
        int evalEvery, int threads, long seed, Path checkpoint) {
      this(steps, batch, learningRate, warmup, decay, clip, evalEvery, threads, seed, checkpoint, null);
    }

    /**
     * The options with the checkpoint path left out (it is not part of what the run computes); the loss weights
     * appear only when given, so a checkpoint of the plain loss written before they existed still resumes.
     */
    String withoutCheckpoint() {
      return String.format(Locale.ROOT, "steps %d batch %d lr %s warmup %d decay %s clip %s eval %d threads %d seed %d",
          steps, batch, learningRate, warmup, decay, clip, evalEvery, threads, seed)
          + (lossWeights == null ? "" : " loss-weights " + java.util.Arrays.toString(lossWeights));
    }

    Adam.Schedule schedule() {
      return new Adam.Schedule(learningRate, warmup, steps, decay, 0.01);
    }
  }

  /**
   * @param model      the weights with the lowest validation loss
   * @param last       the weights after the last step
   * @param training   the loop's record: evaluations are {validation loss, report |cos| per index...}
   */
  public record Result(LearnedSpectralTransformer model, LearnedSpectralTransformer last, JavaTrainer.Result training) {}

  /**
   * @param source     draws one instance from the given stream
   * @param validation selects the kept weights (non-empty)
   * @param report     instances whose per-index {@code |cos|} is recorded at every evaluation (may be empty)
   * @param log        progress lines
   */
  public static Result train(LearnedSpectralTransformer init, Options o,
      Function<Random, SpectralTransformer.Instance> source, List<SpectralTransformer.Instance> validation,
      List<SpectralTransformer.Instance> report, Consumer<String> log) throws IOException {
    if (validation.isEmpty()) {
      throw new IllegalArgumentException("need at least one validation instance");
    }
    LearnedSpectralTransformer.Config c = init.config();
    String fingerprint = String.format(Locale.ROOT, "spectral %s init-hash %d options %s validation %d report %d",
        c, java.util.Arrays.hashCode(SpectralBackprop.flatten(init)), o.withoutCheckpoint(), validation.size(),
        report.size());
    try (SpectralBackprop bp = new SpectralBackprop(c, o.threads(), o.lossWeights())) {
      List<SpectralTransformer.Instance> batch = new ArrayList<>(o.batch());
      JavaTrainer.Problem problem = new JavaTrainer.Problem() {
        @Override
        public double lossAndGradient(double[] params, int step, double[] grad) {
          // one stream per instance, so the instances can be drawn in parallel and still be the same
          long stepSeed = JavaTrainer.stepSeed(o.seed(), step);
          batch.clear();
          batch.addAll(IntStream.range(0, o.batch()).parallel()
              .mapToObj(b -> source.apply(new Random(JavaTrainer.stepSeed(stepSeed, b)))).toList());
          return bp.lossAndGradient(params, batch, grad);
        }

        @Override
        public double[] evaluate(double[] params) {
          double[] cos = report.isEmpty() ? new double[0] : bp.meanAbsCos(params, report);
          double[] e = new double[1 + cos.length];
          e[0] = bp.unweightedLoss(params, validation);
          System.arraycopy(cos, 0, e, 1, cos.length);
          return e;
        }
      };
      var opts = new JavaTrainer.Options(o.steps(), o.schedule(), o.clip(), o.evalEvery(), o.checkpoint(),
          Math.max(o.evalEvery(), 500), fingerprint);
      JavaTrainer.Result r = JavaTrainer.train(SpectralBackprop.flatten(init), opts, problem, log);
      return new Result(SpectralBackprop.unflatten(c, r.best()), SpectralBackprop.unflatten(c, r.last()), r);
    }
  }
}
