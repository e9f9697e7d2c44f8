package io.hardmax.eval.experiments;

import io.hardmax.core.UserException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hardmax.spectral.Adam;
import io.hardmax.spectral.JavaSpectralTrainer;
import io.hardmax.spectral.JavaTrainer;
import io.hardmax.spectral.LearnedSpectralTransformer;
import io.hardmax.spectral.SpectralBackprop;
import io.hardmax.spectral.Pca;
import io.hardmax.spectral.PowerMethod;
import io.hardmax.spectral.SameDiffSpectralTrainer;
import io.hardmax.spectral.SpectralTransformer;
import io.hardmax.datasets.DataDir;
import io.hardmax.datasets.synthetic.CovarianceGenerator;
import io.hardmax.datasets.synthetic.MnistDigits;
import io.hardmax.eval.Experiment;
import io.hardmax.eval.bench.Machine;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code hardmax experiment spectral-transformer}: per-index {@code |cos|} between the top-k covariance
 * eigenvectors and the outputs of the ReLU-attention {@link SpectralTransformer} on fresh covariance instances
 * ({@code L = G + 0.1 I}, {@code x = L z}), against the power method with deflation run for as many iterations per
 * eigenvector as the transformer has layers (random start), against random unit vectors, and against the paper's
 * 0.95 / 0.86 / 0.72 (D = 10, N = 10, k = 3).
 *
 * <p>Options: {@code d} (default 10), {@code n} (default 10), {@code k} (default 3), {@code layers} (default 10),
 * {@code train} instances (default 1000), {@code test} instances (default 2000), {@code sweeps} (default 2),
 * {@code mnist} ({@code true}/{@code false}, default false): also the out-of-distribution test on MNIST instances
 * (n images projected to R^d by a seeded Gaussian projection; train on digits 0-4, test on 5-9; the data from
 * {@code <data-dir>/mnist}, see {@link MnistDigits}).
 *
 * <p>The freely trained transformer ({@link LearnedSpectralTransformer}, trained with SameDiff by
 * {@link SameDiffSpectralTrainer}): {@code 2 * layers} ReLU-attention layers with learned query/key/value matrices
 * per head and a learned readout, trained with Adam on fresh instances. Options: {@code samediff}
 * ({@code true}/{@code false}, default true), {@code sd-init} ({@code hand}, {@code random} or {@code both}, default
 * both: start from the hand-built weights with the shift network's learned shifts, or from small random weights),
 * {@code sd-heads} (default 4), {@code sd-steps} (default 400), {@code sd-batch} (default 32), {@code sd-lr}
 * (default 0.0001 from the hand-built start, ten times that from random weights), {@code sd-eval-every} (default
 * 50), {@code validation} instances (default 500), {@code mnist-sd-steps} (default 200). Which model is "the"
 * transformer (field {@code cos}) is decided by the mean {@code |cos|} on the validation instances, which are
 * neither training nor test instances.
 *
 * <p>Training from random weights with the plain-Java pass ({@link JavaSpectralTrainer}, {@link SpectralBackprop}):
 * {@code init} ({@code random} or {@code none}, default none) adds the model {@code java-random} (same architecture
 * as the SameDiff network, {@code sd-heads} heads, {@code 2 * layers} layers) to the comparison. Options:
 * {@code java-steps} (default 6000), {@code mnist-java-steps} (default 3000), {@code java-batch} (default 32),
 * {@code java-lr} peak learning rate (default 0.003), {@code java-warmup} linear warm-up steps (default 200),
 * {@code java-decay} (cosine, step or none; default cosine), {@code java-clip} gradient-norm clip (default 1),
 * {@code java-eval-every} (default 250), {@code threads} (default 2; the weights depend on it), {@code checkpoint}
 * (file prefix; {@code -synthetic} / {@code -mnist} appended; an existing file is resumed), {@code curve} (the
 * learning curve's test instances, the first N of the test set, default 500), {@code plot} (SVG/PNG file of the
 * learning curve; {@code -mnist} inserted for the MNIST part), {@code java-on} (synthetic, mnist or both, default
 * both), {@code java-loss-weights} (k comma-separated weights of the eigenvectors in the training loss, e.g.
 * {@code 1,2,3}: the loss becomes {@code sum_p w_p (1 - |cos_p|) / sum_p w_p}; default all equal; the validation
 * loss that keeps the weights stays the plain mean). The JSON of the model holds the curve and {@code layers_analysis} (what each layer computes, compared with
 * one block power-method step).
 */
public final class SpectralTransformerExperiment implements Experiment {

  private static final Set<String> KEYS = Set.of("d", "n", "k", "layers", "train", "test", "sweeps", "mnist", "data-dir",
      "validation", "samediff", "sd-init", "sd-heads", "sd-steps", "sd-batch", "sd-lr", "sd-eval-every", "mnist-sd-steps",
      "init", "java-steps", "java-batch", "java-lr", "java-warmup", "java-decay", "java-clip", "java-eval-every",
      "threads", "checkpoint", "curve", "plot", "mnist-java-steps", "java-on", "java-loss-weights");
  private static final double[] PAPER = {0.95, 0.86, 0.72};

  @Override
  public String name() {
    return "spectral-transformer";
  }

  @Override
  public String description() {
    return "ReLU-attention transformer for top-k covariance eigenvectors vs the power method (D = 10, N = 10, k = 3)";
  }

  @Override
  public ObjectNode run(Map<String, String> o, long seed, PrintStream log) throws IOException {
    Options.requireKnown(o, KEYS);
    int d = Options.positive(o, "d", 10);
    int n = Options.positive(o, "n", 10);
    int k = Options.positive(o, "k", 3);
    int layers = Options.positive(o, "layers", 10);
    int trainCount = Options.positive(o, "train", 1000);
    int testCount = Options.positive(o, "test", 2000);
    int sweeps = Options.positive(o, "sweeps", 2);
    if (k > d || n < 2) {
      throw new UserException("need k <= d and n >= 2, found k = " + k + ", d = " + d + ", n = " + n);
    }
    SdSettings sds = SdSettings.parse(o, layers);
    JavaSettings js = JavaSettings.parse(o, k);
    String mnist = o.getOrDefault("mnist", "false");
    if (!mnist.equals("true") && !mnist.equals("false")) {
      throw new UserException("option mnist must be true or false, found '" + mnist + "'");
    }
    long t0 = System.nanoTime();
    Random trainRandom = new Random(seed);
    List<SpectralTransformer.Instance> train = new ArrayList<>();
    for (int t = 0; t < trainCount; t++) {
      train.add(SpectralTransformer.Instance.of(CovarianceGenerator.generate(d, n, trainRandom).points(), k,
          trainRandom.nextLong()));
    }
    SpectralTransformer model = SpectralTransformer.train(train, layers, k, sweeps);
    double trainSeconds = (System.nanoTime() - t0) / 1e9;
    log.printf(Locale.ROOT, "trained %d layers on %d instances in %.1f s%n", layers, trainCount, trainSeconds);

    Random testRandom = new Random(seed ^ 0x9E3779B97F4A7C15L);
    List<SpectralTransformer.Instance> test = new ArrayList<>();
    double[] power = new double[k];
    double[] random = new double[k];
    for (int t = 0; t < testCount; t++) {
      double[][] x = CovarianceGenerator.generate(d, n, testRandom).points();
      SpectralTransformer.Instance in = SpectralTransformer.Instance.of(x, k, testRandom.nextLong());
      test.add(in);
      double[][] cov = Pca.covariance(x, Pca.mean(x));
      double[][] pm = PowerMethod.fixedSteps(cov, k, layers, testRandom.nextLong()).vectors();
      for (int p = 0; p < k; p++) {
        power[p] += Math.abs(PowerMethod.dot(pm[p], in.targets()[p]));
        double[] r = new double[d];
        double norm = 0;
        for (int j = 0; j < d; j++) {
          r[j] = testRandom.nextGaussian();
          norm += r[j] * r[j];
        }
        random[p] += Math.abs(PowerMethod.dot(r, in.targets()[p])) / Math.sqrt(norm);
      }
    }
    double[] plain = SpectralTransformer.powerIteration(layers, k).meanAbsCos(test);
    for (int p = 0; p < k; p++) {
      power[p] /= testCount;
      random[p] /= testCount;
    }
    int validationCount = Options.positive(o, "validation", 500);
    Random validationRandom = new Random(seed ^ 0x5DEECE66DL);
    List<SpectralTransformer.Instance> validation = new ArrayList<>();
    for (int t = 0; t < validationCount; t++) {
      validation.add(SpectralTransformer.Instance.of(CovarianceGenerator.generate(d, n, validationRandom).points(), k,
          validationRandom.nextLong()));
    }
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode models = mapper.createObjectNode();
    String chosen = compare(models, model, trainSeconds, sds, sds.inits(), js, js.steps(), "synthetic", d, n, k, seed,
        r -> SpectralTransformer.Instance.of(CovarianceGenerator.generate(d, n, r).points(), k, r.nextLong()),
        validation, test, log);
    ObjectNode root = mapper.createObjectNode();
    root.put("experiment", name()).put("seed", seed).put("d", d).put("n", n).put("k", k).put("layers", layers)
        .put("train_instances", trainCount).put("validation_instances", validationCount)
        .put("test_instances", testCount).put("train_seconds", trainSeconds)
        .put("learned", "one shift s_l per layer: layer computes (C + s_l tau I) v with ReLU attention, tau = tr C / d")
        .put("power_method", "deflated power method, " + layers + " iterations per eigenvector, random start")
        .put("transformer", chosen)
        .put("chosen_by", "highest mean |cos| on the validation instances (neither training nor test instances)");
    array(root.putArray("shifts"), model.shifts());
    root.set("cos", models.get(chosen).get("cos"));
    array(root.putArray("power_method_cos"), power);
    array(root.putArray("block_power_cos"), plain);
    array(root.putArray("random_cos"), random);
    array(root.putArray("paper_cos"), PAPER);
    root.set("models", models);
    if (mnist.equals("true")) {
      Path folder = MnistDigits.defaultFolder(DataDir.resolve(o.containsKey("data-dir") ? Path.of(o.get("data-dir")) : null));
      MnistDigits digits = MnistDigits.load(folder);
      Random mr = new Random(seed + 1);
      double[][] projection = MnistDigits.randomProjection(d, mr);
      int[] low = {0, 1, 2, 3, 4};
      long m0 = System.nanoTime();
      List<SpectralTransformer.Instance> mTrain = new ArrayList<>();
      for (int t = 0; t < trainCount; t++) {
        mTrain.add(SpectralTransformer.Instance.of(digits.instance(low, n, projection, mr), k, mr.nextLong()));
      }
      SpectralTransformer mModel = SpectralTransformer.train(mTrain, layers, k, sweeps);
      double mSeconds = (System.nanoTime() - m0) / 1e9;
      List<SpectralTransformer.Instance> mTest = new ArrayList<>();
      double[] mPower = new double[k];
      for (int t = 0; t < testCount; t++) {
        double[][] x = digits.instance(new int[] {5, 6, 7, 8, 9}, n, projection, mr);
        SpectralTransformer.Instance in = SpectralTransformer.Instance.of(x, k, mr.nextLong());
        mTest.add(in);
        double[][] pm = PowerMethod.fixedSteps(Pca.covariance(x, Pca.mean(x)), k, layers, mr.nextLong()).vectors();
        for (int p = 0; p < k; p++) {
          mPower[p] += Math.abs(PowerMethod.dot(pm[p], in.targets()[p])) / testCount;
        }
      }
      Random mvr = new Random(seed + 2);
      List<SpectralTransformer.Instance> mValidation = new ArrayList<>();
      for (int t = 0; t < validationCount; t++) {
        mValidation.add(SpectralTransformer.Instance.of(digits.instance(low, n, projection, mvr), k, mvr.nextLong()));
      }
      ObjectNode mModels = mapper.createObjectNode();
      String mChosen = compare(mModels, mModel, mSeconds, sds.withSteps(Options.positive(o, "mnist-sd-steps", 200)),
          sds.inits().contains("hand") ? List.of("hand") : sds.inits(), js, js.mnistSteps(), "mnist", d, n, k,
          seed + 3,
          r -> SpectralTransformer.Instance.of(digits.instance(low, n, projection, r), k, r.nextLong()), mValidation,
          mTest, log);
      ObjectNode m = root.putObject("mnist");
      m.put("train_digits", "0-4").put("test_digits", "5-9").put("folder", folder.toString()).put("transformer", mChosen);
      array(m.putArray("shifts"), mModel.shifts());
      m.set("cos", mModels.get(mChosen).get("cos"));
      array(m.putArray("synthetic_model_cos"), model.meanAbsCos(mTest));
      array(m.putArray("power_method_cos"), mPower);
      array(m.putArray("block_power_cos"), SpectralTransformer.powerIteration(layers, k).meanAbsCos(mTest));
      m.set("models", mModels);
    }
    root.set("machine", Machine.current().toJson(mapper));
    root.put("seconds", (System.nanoTime() - t0) / 1e9);
    return root;
  }

  /** The SameDiff options, validated before any work starts. */
  private record SdSettings(boolean enabled, List<String> inits, int layers, int heads, int steps, int batch,
      double learningRate, int evalEvery) {

    static SdSettings parse(Map<String, String> o, int shiftLayers) {
      String on = o.getOrDefault("samediff", "true");
      if (!on.equals("true") && !on.equals("false")) {
        throw new UserException("option samediff must be true or false, found '" + on + "'");
      }
      String init = o.getOrDefault("sd-init", "both");
      List<String> inits = switch (init) {
        case "hand" -> List.of("hand");
        case "random" -> List.of("random");
        case "both" -> List.of("hand", "random");
        default -> throw new UserException("option sd-init must be hand, random or both, found '" + init + "'");
      };
      String lr = o.getOrDefault("sd-lr", "0.0001");
      double rate;
      try {
        rate = Double.parseDouble(lr.strip());
      } catch (NumberFormatException e) {
        throw new UserException("option sd-lr must be a positive number, found '" + lr + "'", e);
      }
      if (!(rate > 0) || !Double.isFinite(rate)) {
        throw new UserException("option sd-lr must be a positive number, found " + lr);
      }
      int heads = Options.positive(o, "sd-heads", 4);
      if (inits.contains("hand") && heads < 4 && on.equals("true")) {
        throw new UserException("sd-init=" + init + " needs sd-heads >= 4 (the hand-built weights use 4), found "
            + heads);
      }
      Options.positive(o, "mnist-sd-steps", 200);
      return new SdSettings(on.equals("true"), inits, 2 * shiftLayers, heads, Options.positive(o, "sd-steps", 400),
          Options.positive(o, "sd-batch", 32), rate, Options.positive(o, "sd-eval-every", 50));
    }

    SdSettings withSteps(int s) {
      return new SdSettings(enabled, inits, layers, heads, s, batch, learningRate, evalEvery);
    }
  }

  /**
   * Trains the SameDiff candidates, evaluates every candidate (the shift network included) on the validation and
   * test instances, records them in {@code models} and returns the name of the one with the best validation mean.
   */
  private static String compare(ObjectNode models, SpectralTransformer shift, double shiftSeconds, SdSettings sds,
      List<String> inits, JavaSettings js, int javaSteps, String part, int d, int n, int k, long seed,
      Function<Random, SpectralTransformer.Instance> source, List<SpectralTransformer.Instance> validation,
      List<SpectralTransformer.Instance> test, PrintStream log) throws IOException {
    ObjectNode s = models.putObject("shift");
    s.put("description", "one learned shift per layer (grid search), fixed attention weights");
    s.put("train_seconds", shiftSeconds).put("parameters", shift.layers());
    array(s.putArray("validation_cos"), shift.meanAbsCos(validation));
    array(s.putArray("cos"), shift.meanAbsCos(test));
    if (sds.enabled()) {
      var config = new LearnedSpectralTransformer.Config(d, n, k, sds.layers(), sds.heads());
      for (String init : inits) {
        boolean hand = init.equals("hand");
        LearnedSpectralTransformer start = hand ? LearnedSpectralTransformer.handBuilt(config, shift.shifts())
            : LearnedSpectralTransformer.random(config, new Random(seed + 17));
        double lr = hand ? sds.learningRate() : 10 * sds.learningRate();
        var options = new SameDiffSpectralTrainer.Options(sds.steps(), sds.batch(), lr, sds.evalEvery(),
            seed + (hand ? 101 : 202));
        log.printf(Locale.ROOT, "SameDiff training from %s weights: %d layers, %d heads, %d parameters, %d steps of %d%n",
            hand ? "hand-built" : "random", config.layers(), config.heads(), start.parameters(), sds.steps(), sds.batch());
        var result = SameDiffSpectralTrainer.train(start, options, source, validation, line -> log.println("  " + line));
        ObjectNode m = models.putObject("samediff-" + init);
        m.put("description", (hand ? "initialised from the hand-built construction with the shift network's shifts"
            : "initialised from small random weights") + ", trained with SameDiff (Adam, learning rate " + lr
            + " decaying linearly to 0)");
        m.put("train_seconds", result.seconds()).put("parameters", start.parameters()).put("layers", config.layers())
            .put("heads", config.heads()).put("steps", sds.steps()).put("batch", sds.batch())
            .put("learning_rate", lr).put("best_step", result.bestStep());
        if (result.divergedAt() >= 0) {
          m.put("diverged_at_step", result.divergedAt());
        }
        array(m.putArray("validation_loss"), result.validationLoss());
        ArrayNode at = m.putArray("validation_steps");
        for (int step : result.checkSteps()) {
          at.add(step);
        }
        array(m.putArray("start_cos"), start.meanAbsCos(test));
        array(m.putArray("validation_cos"), result.model().meanAbsCos(validation));
        array(m.putArray("cos"), result.model().meanAbsCos(test));
      }
    }
    if (js.enabled() && js.parts().contains(part)) {
      trainJava(models.putObject("java-random"), js, javaSteps, part, new LearnedSpectralTransformer.Config(d, n, k,
          sds.layers(), sds.heads()), seed, source, validation, test, log);
    }
    String best = null;
    double bestMean = -1;
    for (var it = models.fields(); it.hasNext(); ) {
      var e = it.next();
      double mean = 0;
      for (var c : e.getValue().get("validation_cos")) {
        mean += c.asDouble() / k;
      }
      if (mean > bestMean) {
        bestMean = mean;
        best = e.getKey();
      }
    }
    return best;
  }

  /** The plain-Java trainer's options (from random weights), validated before any work starts. */
  private record JavaSettings(boolean enabled, Set<String> parts, int steps, int mnistSteps, int batch, double learningRate, int warmup,
      Adam.Decay decay, double clip, int evalEvery, int threads, Path checkpoint, int curve, Path plot,
      double[] lossWeights) {

    static JavaSettings parse(Map<String, String> o, int k) {
      String init = o.getOrDefault("init", "none").strip();
      if (!init.equals("random") && !init.equals("none")) {
        throw new UserException("option init must be random (train the network from random weights with the plain-Java "
            + "trainer) or none, found '" + init + "'");
      }
      Adam.Decay dec = Options.decay(o, "java-decay", Adam.Decay.COSINE);
      int warmup = Options.nonNegative(o, "java-warmup", 200);
      String on = o.getOrDefault("java-on", "both").strip();
      Set<String> parts = switch (on) {
        case "both" -> Set.of("synthetic", "mnist");
        case "synthetic", "mnist" -> Set.of(on);
        default -> throw new UserException("option java-on must be synthetic, mnist or both, found '" + on + "'");
      };
      return new JavaSettings(init.equals("random"), parts, Options.positive(o, "java-steps", 6000),
          Options.positive(o, "mnist-java-steps", 3000), Options.positive(o, "java-batch", 32),
          Options.positiveDouble(o, "java-lr", 0.003), warmup, dec, Options.positiveDouble(o, "java-clip", 1.0),
          Options.positive(o, "java-eval-every", 250), Options.positive(o, "threads", 2),
          o.containsKey("checkpoint") ? Path.of(o.get("checkpoint")) : null, Options.positive(o, "curve", 500),
          o.containsKey("plot") ? Path.of(o.get("plot")) : null, lossWeights(o, k));
    }

    /** {@code java-loss-weights}: k comma-separated finite numbers >= 0, not all 0; null when absent. */
    static double[] lossWeights(Map<String, String> o, int k) {
      String v = o.get("java-loss-weights");
      if (v == null) {
        return null;
      }
      String[] parts = v.split(",", -1);
      double[] w = new double[parts.length];
      double sum = 0;
      for (int p = 0; p < parts.length; p++) {
        try {
          w[p] = Double.parseDouble(parts[p].strip());
        } catch (NumberFormatException e) {
          throw new UserException("option java-loss-weights must be " + k + " comma-separated numbers >= 0, found '"
              + v + "'", e);
        }
        if (!(w[p] >= 0) || !Double.isFinite(w[p])) {
          throw new UserException("option java-loss-weights must be " + k + " comma-separated numbers >= 0, found '"
              + v + "'");
        }
        sum += w[p];
      }
      if (parts.length != k || !(sum > 0)) {
        throw new UserException("option java-loss-weights must be " + k + " comma-separated numbers >= 0, not all 0 "
            + "(one per eigenvector), found '" + v + "'");
      }
      return w;
    }
  }

  /**
   * Trains the network from random weights with {@link JavaSpectralTrainer}, records the model, its learning curve
   * (validation loss and per-index test |cos| on the first {@code curve} test instances at every evaluation) and
   * what its layers compute ({@link #layerAnalysis}).
   */
  private static void trainJava(ObjectNode m, JavaSettings js, int steps, String part,
      LearnedSpectralTransformer.Config config, long seed, Function<Random, SpectralTransformer.Instance> source,
      List<SpectralTransformer.Instance> validation, List<SpectralTransformer.Instance> test, PrintStream log)
      throws IOException {
    LearnedSpectralTransformer start = LearnedSpectralTransformer.random(config, new Random(seed + 17));
    var options = new JavaSpectralTrainer.Options(steps, js.batch(), js.learningRate(), js.warmup(), js.decay(),
        js.clip(), js.evalEvery(), js.threads(), seed + 303,
        js.checkpoint() == null ? null : js.checkpoint().resolveSibling(js.checkpoint().getFileName() + "-" + part),
        js.lossWeights());
    List<SpectralTransformer.Instance> curve = test.subList(0, Math.min(js.curve(), test.size()));
    log.printf(Locale.ROOT, "plain-Java training (%s) from random weights: %d layers, %d heads, %d parameters, %d steps "
        + "of %d, %d threads%n", part, config.layers(), config.heads(), start.parameters(), steps, js.batch(), js.threads());
    var r = JavaSpectralTrainer.train(start, options, source, validation, curve, line -> log.println("  " + line));
    JavaTrainer.Result t = r.training();
    m.put("description", "initialised from small random weights, trained with the plain-Java pass (Adam, peak "
        + "learning rate " + js.learningRate() + ", linear warm-up " + js.warmup() + " steps, " + js.decay()
        + " decay, gradient-norm clip " + js.clip() + (js.lossWeights() == null ? ""
        : ", loss weights " + Arrays.toString(js.lossWeights())) + ")");
    if (js.lossWeights() != null) {
      array(m.putArray("loss_weights"), js.lossWeights());
    }
    m.put("train_seconds", t.seconds()).put("parameters", start.parameters()).put("layers", config.layers())
        .put("heads", config.heads()).put("steps", steps).put("batch", js.batch()).put("learning_rate", js.learningRate())
        .put("warmup", js.warmup()).put("decay", js.decay().name().toLowerCase(Locale.ROOT)).put("clip", js.clip())
        .put("threads", js.threads()).put("best_step", t.bestStep()).put("resumed_from_step", t.resumedFrom())
        .put("curve_instances", curve.size());
    ArrayNode cs = m.putArray("curve_steps");
    ArrayNode vl = m.putArray("curve_validation_loss");
    ArrayNode tc = m.putArray("curve_test_cos");
    double[][] series = new double[config.k()][t.evalSteps().length];
    for (int i = 0; i < t.evalSteps().length; i++) {
      cs.add(t.evalSteps()[i]);
      vl.add(t.evaluations()[i][0]);
      ArrayNode row = tc.addArray();
      for (int p = 0; p < config.k(); p++) {
        row.add(t.evaluations()[i][1 + p]);
        series[p][i] = t.evaluations()[i][1 + p];
      }
    }
    array(m.putArray("start_cos"), start.meanAbsCos(test));
    array(m.putArray("validation_cos"), r.model().meanAbsCos(validation));
    array(m.putArray("cos"), r.model().meanAbsCos(test));
    array(m.putArray("last_step_cos"), r.last().meanAbsCos(test));
    m.set("layers_analysis", layerAnalysis(r.model(), curve, js.threads()));
    if (js.plot() != null) {
      Path file = part.equals("synthetic") ? js.plot()
          : js.plot().resolveSibling(js.plot().getFileName().toString().replaceFirst("(\\.(svg|png))?$", "-" + part + "$1"));
      String[] names = new String[config.k()];
      for (int p = 0; p < names.length; p++) {
        names[p] = "eigenvector " + (p + 1);
      }
      LearningCurvePlot.write(file, "spectral transformer from random weights (" + part + "): test |cos| on "
          + curve.size() + " instances", "mean |cos|", t.evalSteps(), series, names,
          part.equals("synthetic") ? PAPER : new double[0], "the paper's 0.95 / 0.86 / 0.72");
      m.put("plot", file.toString());
    }
  }

  /**
   * What each layer computes: the network's readout after layer l ({@code y^l}, normalised) against (a) the target
   * eigenvectors, (b) one block power-method step from the previous layer's readout ({@code C Y^{l-1}} then
   * Gram-Schmidt, C the covariance of the centred, scaled points) and (c) the previous readout itself (a layer
   * that changes nothing); per layer the mean over instances and outputs of |cos| and of {@code 1 - |cos|}.
   */
  static ObjectNode layerAnalysis(LearnedSpectralTransformer model, List<SpectralTransformer.Instance> instances,
      int threads) {
    var c = model.config();
    int layers = c.layers();
    double[] toTarget = new double[layers + 1];
    double[] fromPower = new double[layers + 1];
    double[] fromIdentity = new double[layers + 1];
    double[] powerToTarget = new double[layers + 1];
    try (var bp = new SpectralBackprop(c, 1)) {
      double[] p = SpectralBackprop.flatten(model);
      for (SpectralTransformer.Instance in : instances) {
        double[][][] y = bp.layerReadouts(p, in.points());
        double[][] x = in.points();
        double[][] cov = Pca.covariance(x, Pca.mean(x));
        for (int l = 0; l <= layers; l++) {
          double[][] cur = unit(y[l]);
          double[][] step = l == 0 ? null : gramSchmidt(times(cov, unit(y[l - 1])));
          double[][] prev = l == 0 ? null : unit(y[l - 1]);
          for (int q = 0; q < c.k(); q++) {
            toTarget[l] += Math.abs(PowerMethod.dot(cur[q], in.targets()[q]));
            if (l > 0) {
              fromPower[l] += 1 - Math.abs(PowerMethod.dot(cur[q], step[q]));
              fromIdentity[l] += 1 - Math.abs(PowerMethod.dot(cur[q], prev[q]));
              powerToTarget[l] += Math.abs(PowerMethod.dot(step[q], in.targets()[q]));
            }
          }
        }
      }
    }
    double count = (double) instances.size() * c.k();
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode a = mapper.createObjectNode();
    a.put("what", "per layer l = 0..L: mean |cos(y^l, target)|; 1 - |cos(y^l, power step of y^(l-1))|; "
        + "1 - |cos(y^l, y^(l-1))|; |cos(power step of y^(l-1), target)|; y^l = readout after layer l, normalised");
    ArrayNode t = a.putArray("cos_to_target");
    ArrayNode f = a.putArray("distance_from_power_step");
    ArrayNode i = a.putArray("distance_from_previous_layer");
    ArrayNode pt = a.putArray("power_step_cos_to_target");
    for (int l = 0; l <= layers; l++) {
      t.add(toTarget[l] / count);
      f.add(fromPower[l] / count);
      i.add(fromIdentity[l] / count);
      pt.add(powerToTarget[l] / count);
    }
    return a;
  }

  private static double[][] unit(double[][] v) {
    double[][] u = new double[v.length][];
    for (int q = 0; q < v.length; q++) {
      u[q] = v[q].clone();
      double norm = PowerMethod.norm(u[q]);
      for (int j = 0; j < u[q].length && norm > 0; j++) {
        u[q][j] /= norm;
      }
    }
    return u;
  }

  private static double[][] times(double[][] cov, double[][] v) {
    double[][] out = new double[v.length][cov.length];
    for (int q = 0; q < v.length; q++) {
      for (int i = 0; i < cov.length; i++) {
        out[q][i] = PowerMethod.dot(cov[i], v[q]);
      }
    }
    return out;
  }

  private static double[][] gramSchmidt(double[][] v) {
    double[][] u = new double[v.length][];
    for (int q = 0; q < v.length; q++) {
      u[q] = v[q].clone();
      for (int r = 0; r < q; r++) {
        double dot = PowerMethod.dot(u[q], u[r]);
        for (int j = 0; j < u[q].length; j++) {
          u[q][j] -= dot * u[r][j];
        }
      }
      double norm = PowerMethod.norm(u[q]);
      for (int j = 0; j < u[q].length && norm > 0; j++) {
        u[q][j] /= norm;
      }
    }
    return u;
  }

  private static void models(StringBuilder sb, JsonNode models) {
    sb.append(String.format(Locale.ROOT, "  %-16s %-26s %-26s %10s %10s%n", "model", "validation |cos|", "test |cos|",
        "parameters", "seconds"));
    for (var it = models.fields(); it.hasNext(); ) {
      var e = it.next();
      sb.append(String.format(Locale.ROOT, "  %-16s %-26s %-26s %10d %10.1f%n", e.getKey(), fmt(e.getValue().get("validation_cos")),
          fmt(e.getValue().get("cos")), e.getValue().get("parameters").asLong(), e.getValue().get("train_seconds").asDouble()));
    }
  }

  private static String fmt(JsonNode a) {
    StringBuilder b = new StringBuilder();
    for (var x : a) {
      b.append(b.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.4f", x.asDouble()));
    }
    return b.toString();
  }

  private static void array(ArrayNode a, double[] v) {
    for (double x : v) {
      a.add(x);
    }
  }

  @Override
  public String toText(ObjectNode r) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "spectral transformer (D = %d, N = %d, %d layers, seed %d), mean |cos|%n",
        r.get("d").asInt(), r.get("n").asInt(), r.get("layers").asInt(), r.get("seed").asLong()));
    sb.append(String.format(Locale.ROOT, "%-6s %12s %13s %12s %8s %7s%n", "index", "transformer", "power method",
        "block power", "random", "paper"));
    for (int p = 0; p < r.get("k").asInt(); p++) {
      sb.append(String.format(Locale.ROOT, "%-6d %12.4f %13.4f %12.4f %8.4f %7s%n", p + 1,
          r.get("cos").get(p).asDouble(), r.get("power_method_cos").get(p).asDouble(),
          r.get("block_power_cos").get(p).asDouble(), r.get("random_cos").get(p).asDouble(),
          p < PAPER.length ? String.format(Locale.ROOT, "%.2f", PAPER[p]) : "-"));
    }
    sb.append("transformer = ").append(r.get("transformer").asText()).append(" (best mean |cos| on ")
        .append(r.get("validation_instances").asInt()).append(" validation instances); learned shifts: ")
        .append(r.get("shifts")).append('\n');
    models(sb, r.get("models"));
    if (r.has("mnist")) {
      var m = r.get("mnist");
      sb.append("MNIST out of distribution (train digits 0-4, test 5-9): transformer (").append(m.get("transformer").asText())
          .append(") ").append(m.get("cos")).append(", synthetic-trained shift network ").append(m.get("synthetic_model_cos"))
          .append(", power method ").append(m.get("power_method_cos")).append('\n');
      models(sb, m.get("models"));
    }
    return sb.toString();
  }
}
