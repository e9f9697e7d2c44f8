package io.hardmax.spectral;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.PolySchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * Trains a {@link LearnedSpectralTransformer} with SameDiff (ND4J's autodiff): the network is built as a graph
 * over a batch of instances (tokens [B][T][E], targets [B][T][d] with zero rows for the point tokens), the loss
 * {@code 1 - |cos|} averaged over the k outputs and the batch, and Adam with a learning rate decaying linearly to
 * zero. Training stops early, keeping the best weights, if a weight stops being finite. Every step draws a fresh batch from {@code source} with the trainer's own random stream; every
 * {@code evalEvery} steps the validation loss is computed and the best weights so far are kept. Arithmetic in
 * float64. Deterministic for a seed (single-threaded ND4J ops, {@code OMP_NUM_THREADS=1}).
 */
public final class SameDiffSpectralTrainer {

  /**
   * @param steps        Adam steps, &gt;= 1
   * @param batch        instances per step, &gt;= 1
   * @param learningRate initial Adam learning rate, &gt; 0 (decays linearly to 0 over the steps)
   * @param evalEvery    steps between validation checks, &gt;= 1
   * @param seed         seed of the instance stream
   */
  public record Options(int steps, int batch, double learningRate, int evalEvery, long seed) {
    public Options {
      if (steps < 1 || batch < 1 || evalEvery < 1 || !(learningRate > 0) || !Double.isFinite(learningRate)) {
        throw new IllegalArgumentException("need steps >= 1, batch >= 1, evalEvery >= 1 and a finite learning rate > 0;"
            + " found steps = " + steps + ", batch = " + batch + ", evalEvery = " + evalEvery
            + ", learningRate = " + learningRate);
      }
    }
  }

  /**
   * @param model          the weights with the lowest validation loss seen (checked at step 0 and every
   *                       {@code evalEvery} steps and at the end)
   * @param bestStep       the step those weights come from
   * @param validationLoss per check, {@code 1 - mean |cos|}
   * @param checkSteps     the step of each check
   * @param seconds        wall-clock training time, including instance generation and validation
   * @param divergedAt     the check at which a weight was no longer finite (training stopped there), or -1
   */
  public record Result(LearnedSpectralTransformer model, int bestStep, double[] validationLoss, int[] checkSteps,
      double seconds, int divergedAt) {}

  private SameDiffSpectralTrainer() {}

  /** Variable names of layer l's weights. */
  static String name(String w, int layer) {
    return w + "_" + layer;
  }

  /** The SameDiff graph of the network with the model's weights as trainable variables; loss variable "loss". */
  static SameDiff graph(LearnedSpectralTransformer model) {
    LearnedSpectralTransformer.Config c = model.config();
    int t = c.tokens();
    int e = c.width();
    int h = c.heads();
    int d = c.d();
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.placeHolder("tokens", DataType.DOUBLE, -1, t, e);
    SDVariable target = sd.placeHolder("targets", DataType.DOUBLE, -1, t, d);
    SDVariable mask = sd.constant("mask", Nd4j.create(LearnedSpectralTransformer.mask(c)));
    double[][] qm = new double[t][e];
    double[][] keep = new double[t][e];
    for (int i = 0; i < t; i++) {
      for (int m = 0; m < e; m++) {
        qm[i][m] = i >= c.n() && m >= d && m < 2 * d ? 1 : 0;
        keep[i][m] = 1 - qm[i][m];
      }
    }
    SDVariable stateMask = sd.constant("state_mask", Nd4j.create(qm));
    SDVariable keepMask = sd.constant("keep_mask", Nd4j.create(keep));
    double[][] place = new double[d][e];
    for (int j = 0; j < d; j++) {
      place[j][d + j] = 1;
    }
    SDVariable toState = sd.constant("to_state", Nd4j.create(place));
    SDVariable hidden = x;
    for (int l = 0; l < c.layers(); l++) {
      SDVariable wq = sd.var(name("wq", l), Nd4j.create(model.wq(l)));
      SDVariable wk = sd.var(name("wk", l), Nd4j.create(model.wk(l)));
      SDVariable wv = sd.var(name("wv", l), Nd4j.create(model.wv(l)));
      SDVariable flat = sd.reshape(hidden, -1, e);
      SDVariable q = heads(sd, flat.mmul(wq), t, h, e);
      SDVariable k = heads(sd, flat.mmul(wk), t, h, e);
      SDVariable v = heads(sd, flat.mmul(wv), t, h, d);
      SDVariable scores = sd.mmul(q, k, false, true, false).div(c.n());
      SDVariable att = sd.nn().relu(scores, 0).mul(mask);
      SDVariable out = sd.mmul(att, v);
      SDVariable merged = sd.reshape(out, -1, h, t, d).sum(1).div(h);
      merged = sd.reshape(sd.reshape(merged, -1, d).mmul(toState), -1, t, e);
      SDVariable res = hidden.add(merged);
      SDVariable state = res.mul(stateMask);
      SDVariable inv = sd.math().rsqrt(sd.math().square(state).sum(true, 2).add(LearnedSpectralTransformer.EPS));
      hidden = res.mul(keepMask).add(state.mul(inv));
    }
    SDVariable wout = sd.var("wout", Nd4j.create(model.wout()));
    SDVariable y = sd.reshape(sd.reshape(hidden, -1, e).mmul(wout), -1, t, d);
    SDVariable dot = y.mul(target).sum(2);
    SDVariable norm = sd.math().sqrt(sd.math().square(y).sum(2).add(LearnedSpectralTransformer.EPS));
    SDVariable cos = dot.div(norm);
    // the targets of the n point tokens are zero rows, so their |cos| is 0: rescale the mean over T to one over k
    SDVariable loss = sd.math().abs(cos).mean().mul(-(double) t / c.k()).add("loss", 1.0);
    sd.setLossVariables(loss);
    // SameDiff prints a line per differentiated op to System.out while it builds the gradient graph
    io.hardmax.spectral.SameDiffs.createGradientsQuietly(sd);
    return sd;
  }

  /** [B*T][H*w] to [B*H][T][w]. */
  private static SDVariable heads(SameDiff sd, SDVariable projected, int t, int h, int e) {
    return sd.reshape(sd.permute(sd.reshape(projected, -1, t, h, e), 0, 2, 1, 3), -1, t, e);
  }

  /** The batch inputs: tokens [B][T][E] and targets [B][T][d]. */
  static INDArray[] batch(LearnedSpectralTransformer.Config c, List<SpectralTransformer.Instance> instances) {
    int b = instances.size();
    double[][][] tokens = new double[b][][];
    double[][][] targets = new double[b][c.tokens()][c.d()];
    for (int i = 0; i < b; i++) {
      SpectralTransformer.Instance in = instances.get(i);
      tokens[i] = LearnedSpectralTransformer.tokens(c, in.points());
      if (in.targets().length < c.k()) {
        throw new IllegalArgumentException("instance " + i + " has " + in.targets().length + " targets, expected "
            + c.k());
      }
      for (int p = 0; p < c.k(); p++) {
        targets[i][c.n() + p] = in.targets()[p].clone();
      }
    }
    return new INDArray[] {Nd4j.create(tokens), Nd4j.create(targets)};
  }

  /** The weights currently held by a graph. */
  static LearnedSpectralTransformer weights(SameDiff sd, LearnedSpectralTransformer.Config c) {
    double[][][] wq = new double[c.layers()][][];
    double[][][] wk = new double[c.layers()][][];
    double[][][] wv = new double[c.layers()][][];
    for (int l = 0; l < c.layers(); l++) {
      wq[l] = sd.getArrForVarName(name("wq", l)).toDoubleMatrix();
      wk[l] = sd.getArrForVarName(name("wk", l)).toDoubleMatrix();
      wv[l] = sd.getArrForVarName(name("wv", l)).toDoubleMatrix();
    }
    return new LearnedSpectralTransformer(c, wq, wk, wv, sd.getArrForVarName("wout").toDoubleMatrix());
  }

  /** The loss of the SameDiff graph on some instances (to check the graph against the plain-Java forward). */
  static double loss(LearnedSpectralTransformer model, List<SpectralTransformer.Instance> instances) {
    INDArray[] in = batch(model.config(), instances);
    Map<String, INDArray> ph = Map.of("tokens", in[0], "targets", in[1]);
    return graph(model).output(ph, "loss").get("loss").getDouble(0);
  }

  /** Gradients of the graph's loss with respect to every weight matrix, by SameDiff's autodiff. */
  static Map<String, double[][]> gradients(LearnedSpectralTransformer model,
      List<SpectralTransformer.Instance> instances) {
    SameDiff sd = graph(model);
    INDArray[] in = batch(model.config(), instances);
    List<String> names = new ArrayList<>();
    for (int l = 0; l < model.config().layers(); l++) {
      names.add(name("wq", l));
      names.add(name("wk", l));
      names.add(name("wv", l));
    }
    names.add("wout");
    Map<String, INDArray> g = sd.calculateGradients(Map.of("tokens", in[0], "targets", in[1]), names);
    Map<String, double[][]> out = new HashMap<>();
    for (String n : names) {
      out.put(n, g.get(n).toDoubleMatrix());
    }
    return out;
  }

  /**
   * One SameDiff gradient evaluation per call on the given batch, with the graph built once (what a training step
   * costs without the Adam update), for speed comparisons with {@link SpectralBackprop}; returns the sum of the
   * readout gradient so that the work cannot be optimised away.
   */
  public static Function<List<SpectralTransformer.Instance>, Double> gradientStep(LearnedSpectralTransformer model) {
    SameDiff sd = graph(model);
    List<String> names = new ArrayList<>();
    for (int l = 0; l < model.config().layers(); l++) {
      names.add(name("wq", l));
      names.add(name("wk", l));
      names.add(name("wv", l));
    }
    names.add("wout");
    return batch -> {
      INDArray[] in = batch(model.config(), batch);
      Map<String, INDArray> g = sd.calculateGradients(Map.of("tokens", in[0], "targets", in[1]), names);
      return g.get("wout").sumNumber().doubleValue();
    };
  }

  /**
   * Trains from {@code init}.
   *
   * @param source     draws one instance from the trainer's random stream (called {@code steps * batch} times)
   * @param validation instances for the model selection (non-empty)
   * @param log        progress lines for a person (may be a no-op)
   */
  public static Result train(LearnedSpectralTransformer init, Options o,
      Function<Random, SpectralTransformer.Instance> source, List<SpectralTransformer.Instance> validation,
      Consumer<String> log) {
    if (validation.isEmpty()) {
      throw new IllegalArgumentException("need at least one validation instance");
    }
    long t0 = System.nanoTime();
    LearnedSpectralTransformer.Config c = init.config();
    SameDiff sd = graph(init);
    sd.setTrainingConfig(TrainingConfig.builder()
        .updater(new Adam(new PolySchedule(ScheduleType.ITERATION, o.learningRate(), 1.0, o.steps())))
        .dataSetFeatureMapping("tokens").dataSetLabelMapping("targets").build());
    Random random = new Random(o.seed());
    List<Double> losses = new ArrayList<>();
    List<Integer> checks = new ArrayList<>();
    LearnedSpectralTransformer best = init;
    double bestLoss = init.loss(validation);
    int bestStep = 0;
    losses.add(bestLoss);
    checks.add(0);
    List<SpectralTransformer.Instance> batch = new ArrayList<>(o.batch());
    int diverged = -1;
    for (int step = 1; step <= o.steps(); step++) {
      batch.clear();
      for (int b = 0; b < o.batch(); b++) {
        batch.add(source.apply(random));
      }
      INDArray[] in = batch(c, batch);
      sd.fit(new MultiDataSet(new INDArray[] {in[0]}, new INDArray[] {in[1]}));
      if (step % o.evalEvery() == 0 || step == o.steps()) {
        LearnedSpectralTransformer now;
        try {
          now = weights(sd, c);
        } catch (IllegalArgumentException e) {
          log.accept("step " + step + ": training diverged (" + e.getMessage() + "); keeping the best weights so far");
          diverged = step;
          break;
        }
        double l = now.loss(validation);
        losses.add(l);
        checks.add(step);
        if (l < bestLoss) {
          bestLoss = l;
          best = now;
          bestStep = step;
        }
        log.accept(String.format(Locale.ROOT, "step %d/%d: validation loss %.5f (best %.5f at step %d), %.0f s",
            step, o.steps(), l, bestLoss, bestStep, (System.nanoTime() - t0) / 1e9));
      }
    }
    double[] vl = losses.stream().mapToDouble(Double::doubleValue).toArray();
    int[] cs = checks.stream().mapToInt(Integer::intValue).toArray();
    return new Result(best, bestStep, vl, cs, (System.nanoTime() - t0) / 1e9, diverged);
  }
}
