package io.hardmax.eval.experiments;

import io.hardmax.core.UserException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hardmax.em.CovarianceType;
import io.hardmax.em.EmTransformer;
import io.hardmax.em.EmTransformerTrainer;
import io.hardmax.em.GaussianMixture;
import io.hardmax.em.GmmConfig;
import io.hardmax.em.GmmTrainer;
import io.hardmax.em.JavaEmTrainer;
import io.hardmax.em.KMeans;
import io.hardmax.em.LearnedEmTransformer;
import io.hardmax.em.Misclustering;
import io.hardmax.em.SameDiffEmTrainer;
import io.hardmax.datasets.synthetic.MixtureGenerator;
import io.hardmax.datasets.synthetic.MixtureInstance;
import io.hardmax.eval.Experiment;
import io.hardmax.eval.bench.Machine;
import io.hardmax.spectral.Adam;
import io.hardmax.spectral.JavaTrainer;
import java.nio.file.Path;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * {@code hardmax experiment em-transformer}: misclustering of two softmax-attention EM transformers against EM with
 * spherical covariances and Lloyd's k-means, all started from the same k-means++ centres, on fresh test mixtures
 * with separation {@code Delta} in {1, 2, 3, 4, 6} and K in {2, 3, 4}; for K = 2 the Bayes floor
 * {@code Phi(-Delta/2)}. Labels are matched optimally (all permutations). The two transformers:
 * <ul>
 *   <li>{@code grid}: {@link EmTransformer}, one inverse temperature per layer fitted by coordinate descent over a
 *       grid ({@link EmTransformerTrainer});</li>
 *   <li>{@code samediff}: {@link LearnedEmTransformer}, learned query/key/value/output projections, temperatures
 *       and prior weights per layer, initialised from the EM construction and trained with SameDiff gradients and
 *       Adam on fresh instances across the whole grid ({@link SameDiffEmTrainer}).</li>
 * </ul>
 * With {@code model=both} (default) both are trained and the {@code transformer} column is the one with the lower
 * mean misclustering on separate validation instances (never the test instances).
 *
 * <p>Options ({@code --set key=value}): {@code n} points per instance (default 200), {@code d} dimension (default
 * 5), {@code layers} (default 10), {@code model} both|samediff|grid (default both), {@code train} grid training
 * instances per (K, Delta) cell (default 30), {@code sweeps} coordinate-descent cap (default 3), {@code steps}
 * SameDiff Adam steps (default 1000), {@code batch} instances per step (default 16, one K per step, cycling),
 * {@code lr} Adam step size (default 0.001), {@code init} em|random (default em), {@code minutes} wall-time
 * cap of SameDiff training (default 15; training stops after the step that crosses it, and the JSON says so:
 * {@code stopped_by_time_cap}; results are then machine-dependent), {@code valid} validation
 * instances per cell (default 20), {@code test} test instances per cell (default 300). Grid training, SameDiff
 * training, validation and test instances come from four different random streams derived from the seed.
 *
 * <p>{@code trainer} (java or samediff; default java for {@code init=random}, samediff for {@code init=em}) chooses
 * how {@link LearnedEmTransformer} is trained; {@code java} uses the plain-Java pass ({@link JavaEmTrainer}) and
 * records the model under {@code java} (rows and means likewise), with a learning curve (validation and test
 * misclustering every {@code java-eval-every} steps; the test curve on the first {@code curve} test instances of every
 * cell, default 20) and {@code layers_analysis} (each layer against one EM step). Options: {@code java-steps}
 * (default 3000), {@code java-batch} is {@code batch}, {@code java-lr} peak (default 0.003), {@code java-warmup}
 * (default 100), {@code java-decay} (cosine, step, none), {@code java-clip} (default 1), {@code java-eval-every}
 * (default 100), {@code threads} (default 2), {@code checkpoint} (file; resumed when it exists), {@code plot}
 * (SVG/PNG file of the learning curve), {@code java-starts} (default 1: trainings that differ only in their
 * initial weights; start 0 is the seed's usual start, start s &gt;= 1 draws its weights from
 * {@link #startSeed}; the same batches and validation instances for every start; start s &gt;= 1 checkpoints to the
 * {@code checkpoint} file's name plus {@code .start<s>}). The kept weights are those with the lowest validation
 * misclustering, within a start and then across the starts (ties go to the lower start); every start's best
 * validation misclustering is recorded ({@code start_validation}).
 */
public final class EmTransformerExperiment implements Experiment {

  private static final Set<String> KEYS = Set.of("n", "d", "layers", "model", "train", "sweeps", "steps", "batch",
      "lr", "init", "minutes", "valid", "test", "trainer", "java-steps", "java-lr", "java-warmup",
      "java-decay", "java-clip", "java-eval-every", "threads", "checkpoint", "curve", "plot", "java-starts");
  private static final Set<String> MODELS = Set.of("both", "samediff", "grid");
  static final int[] KS = {2, 3, 4};
  static final double[] DELTAS = {1, 2, 3, 4, 6};

  @Override
  public String name() {
    return "em-transformer";
  }

  @Override
  public String description() {
    return "EM transformer (softmax attention) vs EM and Lloyd: misclustering for Delta in {1,2,3,4,6}, K in {2,3,4}";
  }

  /** Standard deviation of the noise added to the EM construction before SameDiff training. */
  static final double INIT_NOISE = 0.01;

  /** One instance with the shared k-means++ start and its seed. */
  private record Case(MixtureInstance instance, double[][] start, long seed) {
    EmTransformerTrainer.Instance asInstance() {
      return new EmTransformerTrainer.Instance(instance.points(), instance.labels(), start);
    }
  }

  private static Case draw(int k, int d, int n, double delta, Random random) {
    MixtureInstance m = MixtureGenerator.generate(k, d, n, delta, random);
    long s = random.nextLong();
    return new Case(m, KMeans.plusPlus(m.points(), k, new Random(s)), s);
  }

  @Override
  public ObjectNode run(Map<String, String> o, long seed, PrintStream log) throws java.io.IOException {
    Options.requireKnown(o, KEYS);
    int n = Options.positive(o, "n", 200);
    int d = Options.positive(o, "d", 5);
    int layers = Options.positive(o, "layers", 10);
    int trainPerCell = Options.positive(o, "train", 30);
    int testPerCell = Options.positive(o, "test", 300);
    int sweeps = Options.positive(o, "sweeps", 3);
    int steps = Options.positive(o, "steps", 1000);
    int batch = Options.positive(o, "batch", 16);
    int validPerCell = Options.positive(o, "valid", 20);
    double lr = Options.positiveDouble(o, "lr", 0.001);
    double maxMinutes = Options.positiveDouble(o, "minutes", 15);
    String which = o.getOrDefault("model", "both").strip();
    if (!MODELS.contains(which)) {
      throw new UserException("option model must be one of " + MODELS + ", found '" + which + "'");
    }
    String initName = o.getOrDefault("init", "em").strip();
    if (!initName.equals("em") && !initName.equals("random")) {
      throw new UserException("option init must be em or random, found '" + initName + "'");
    }
    String trainer = o.getOrDefault("trainer", initName.equals("random") ? "java" : "samediff").strip();
    if (!trainer.equals("java") && !trainer.equals("samediff")) {
      throw new UserException("option trainer must be java or samediff, found '" + trainer + "'");
    }
    JavaSettings js = JavaSettings.parse(o);
    String learnedName = trainer.equals("java") ? "java" : "samediff";
    if (d < 3) {
      throw new UserException("d must be >= 3 (K = 4 needs d >= K - 1), found " + d);
    }
    long t0 = System.nanoTime();
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("experiment", name()).put("seed", seed).put("n", n).put("d", d).put("layers", layers)
        .put("model", which).put("test_instances_per_cell", testPerCell)
        .put("em", "GMM EM, spherical covariances, tolerance 1e-8, cap 500, same k-means++ start")
        .put("lloyd", "Lloyd's k-means, cap 300, same k-means++ start");

    // the test instances, drawn first (from their own stream, in the order of the table) so that a learning curve
    // can be measured on the first few of each cell during training
    Random testRandom = new Random(seed ^ 0x9E3779B97F4A7C15L);
    List<List<Case>> testCells = new ArrayList<>();
    for (int k : KS) {
      for (double delta : DELTAS) {
        List<Case> cell = new ArrayList<>();
        for (int t = 0; t < testPerCell; t++) {
          cell.add(draw(k, d, n, delta, testRandom));
        }
        testCells.add(cell);
      }
    }

    EmTransformer grid = null;
    if (!which.equals("samediff")) {
      long g0 = System.nanoTime();
      Random trainRandom = new Random(seed);
      List<EmTransformerTrainer.Instance> train = new ArrayList<>();
      for (int k : KS) {
        for (double delta : DELTAS) {
          for (int t = 0; t < trainPerCell; t++) {
            train.add(draw(k, d, n, delta, trainRandom).asInstance());
          }
        }
      }
      EmTransformerTrainer.Result trained = EmTransformerTrainer.train(train, layers, sweeps);
      grid = trained.model();
      double seconds = (System.nanoTime() - g0) / 1e9;
      log.printf(Locale.ROOT, "grid: trained %d layers on %d instances in %.1f s: train error %.4f (beta = 1/2: %.4f)%n",
          layers, train.size(), seconds, trained.trainError(), trained.emEquivalentError());
      ObjectNode g = root.putObject("grid");
      g.put("learned", "inverse temperature per layer (softmax over -beta_l ||x - mu||^2 + log pi), grid search")
          .put("train_instances_per_cell", trainPerCell).put("sweeps", trained.sweeps()).put("train_seconds", seconds)
          .put("train_error", trained.trainError()).put("train_error_beta_half", trained.emEquivalentError());
      ArrayNode betas = g.putArray("inverse_temperatures");
      for (double b : grid.inverseTemperatures()) {
        betas.add(b);
      }
    }

    LearnedEmTransformer learned = null;
    if (!which.equals("grid") && trainer.equals("java")) {
      learned = trainJava(root.putObject("java"), js, layers, initName, d, n, batch, seed, validPerCell, testCells, log);
    } else if (!which.equals("grid")) {
      SameDiffEmTrainer.Init init = initName.equals("em") ? SameDiffEmTrainer.Init.EM : SameDiffEmTrainer.Init.RANDOM;
      SameDiffEmTrainer.Config config = new SameDiffEmTrainer.Config(layers, steps, lr, init, INIT_NOISE,
          60.0 * maxMinutes);
      Random sdRandom = new Random(seed ^ 0x5DEECE66DL);
      // called once per step in order: step s uses K = KS[s % 3] and Delta cycling over DELTAS within the batch
      SameDiffEmTrainer.Result r = SameDiffEmTrainer.train(config, d, step -> {
        int k = KS[step % KS.length];
        List<EmTransformerTrainer.Instance> b = new ArrayList<>();
        for (int t = 0; t < batch; t++) {
          b.add(draw(k, d, n, DELTAS[t % DELTAS.length], sdRandom).asInstance());
        }
        if (step % 50 == 0) {
          log.printf(Locale.ROOT, "samediff: step %d/%d%n", step, steps);
        }
        return b;
      }, seed);
      learned = r.model();
      log.printf(Locale.ROOT, "samediff: %d steps of %d instances in %.1f s, loss %.4f (first 30 steps) -> %.4f "
          + "(last 30)%s%n", r.steps(), batch, r.seconds(), r.meanFirst(30), r.meanLast(30),
          r.stoppedEarly(config) ? " (stopped by the time cap)" : "");
      ObjectNode g = root.putObject("samediff");
      g.put("learned", "per layer Wq, Wk, Wv, Wo (d x d), log beta and gamma; " + learned.parameterCount()
              + " parameters; SameDiff gradients, Adam")
          .put("init", initName).put("init_noise", INIT_NOISE).put("steps", r.steps()).put("steps_configured", steps)
          .put("stopped_by_time_cap", r.stoppedEarly(config)).put("time_cap_minutes", maxMinutes).put("batch", batch)
          .put("learning_rate", lr).put("train_seconds", r.seconds())
          .put("loss_first_30_steps", r.meanFirst(30)).put("loss_last_30_steps", r.meanLast(30));
      ArrayNode betas = g.putArray("inverse_temperatures");
      for (double b : learned.inverseTemperatures()) {
        betas.add(b);
      }
      ArrayNode gammas = g.putArray("prior_weights");
      for (double b : learned.gamma()) {
        gammas.add(b);
      }
    }

    String chosen = which.equals("samediff") ? learnedName : which;
    if (which.equals("both")) {
      Random validRandom = new Random(seed ^ 0x2545F4914F6CDD1DL);
      double vg = 0;
      double vs = 0;
      for (int k : KS) {
        for (double delta : DELTAS) {
          for (int t = 0; t < validPerCell; t++) {
            Case c = draw(k, d, n, delta, validRandom);
            int[] truth = c.instance.labels();
            vg += Misclustering.rate(truth, grid.forward(c.instance.points(), c.start).labels(), k);
            vs += Misclustering.rate(truth, learned.forward(c.instance.points(), c.start).labels(), k);
          }
        }
      }
      int count = KS.length * DELTAS.length * validPerCell;
      vg /= count;
      vs /= count;
      chosen = vs <= vg ? learnedName : "grid";
      root.put("valid_instances_per_cell", validPerCell).put("valid_grid", vg).put("valid_" + learnedName, vs);
      log.printf(Locale.ROOT, "validation misclustering: grid %.4f, %s %.4f -> %s%n", vg, learnedName, vs, chosen);
    }
    root.put("chosen", chosen);
    root.set("machine", Machine.current().toJson(mapper));

    ArrayNode rows = root.putArray("rows");
    int cellIndex = 0;
    double sumT = 0;
    double sumE = 0;
    double sumG = 0;
    double sumS = 0;
    double worst = Double.NEGATIVE_INFINITY;
    for (int k : KS) {
      GmmTrainer em = new GmmTrainer(GmmConfig.of(k, CovarianceType.SPHERICAL));
      for (double delta : DELTAS) {
        double eg = 0;
        double es = 0;
        double ee = 0;
        double el = 0;
        List<Case> cell = testCells.get(cellIndex++);
        for (int t = 0; t < testPerCell; t++) {
          Case c = cell.get(t);
          double[][] x = c.instance.points();
          int[] truth = c.instance.labels();
          if (grid != null) {
            eg += Misclustering.rate(truth, grid.forward(x, c.start).labels(), k);
          }
          if (learned != null) {
            es += Misclustering.rate(truth, learned.forward(x, c.start).labels(), k);
          }
          GaussianMixture g = em.fit(x, c.seed);
          ee += Misclustering.rate(truth, g.predict(x), k);
          el += Misclustering.rate(truth, KMeans.lloyd(x, c.start, 300).labels(), k);
        }
        eg /= testPerCell;
        es /= testPerCell;
        ee /= testPerCell;
        el /= testPerCell;
        double et = chosen.equals("grid") ? eg : es;
        sumT += et;
        sumE += ee;
        sumG += eg;
        sumS += es;
        worst = Math.max(worst, et - ee);
        ObjectNode row = rows.addObject();
        row.put("K", k).put("delta", delta).put("transformer", et);
        if (grid != null) {
          row.put("grid", eg);
        }
        if (learned != null) {
          row.put(learnedName, es);
        }
        row.put("em", ee).put("lloyd", el);
        if (k == 2) {
          row.put("bayes", normalCdf(-delta / 2));
        }
        log.printf(Locale.ROOT, "K=%d Delta=%.0f transformer (%s) %.4f em %.4f lloyd %.4f%n", k, delta, chosen, et,
            ee, el);
      }
    }
    int cells = KS.length * DELTAS.length;
    root.put("mean_transformer", sumT / cells).put("mean_em", sumE / cells)
        .put("worst_cell_transformer_minus_em", worst);
    if (grid != null) {
      root.put("mean_grid", sumG / cells);
    }
    if (learned != null) {
      root.put("mean_" + learnedName, sumS / cells);
    }
    root.put("seconds", (System.nanoTime() - t0) / 1e9);
    return root;
  }

  /** The plain-Java trainer's options, validated before any work starts. */
  private record JavaSettings(int steps, int batch, double learningRate, int warmup, Adam.Decay decay, double clip,
      int evalEvery, int threads, Path checkpoint, int curve, Path plot, int starts) {

    static JavaSettings parse(Map<String, String> o) {
      Adam.Decay dec = Options.decay(o, "java-decay", Adam.Decay.COSINE);
      int warmup = Options.nonNegative(o, "java-warmup", 100);
      return new JavaSettings(Options.positive(o, "java-steps", 3000), Options.positive(o, "java-batch", 16),
          Options.positiveDouble(o, "java-lr", 0.003), warmup, dec, Options.positiveDouble(o, "java-clip", 1.0),
          Options.positive(o, "java-eval-every", 100), Options.positive(o, "threads", 2),
          o.containsKey("checkpoint") ? Path.of(o.get("checkpoint")) : null, Options.positive(o, "curve", 20),
          o.containsKey("plot") ? Path.of(o.get("plot")) : null, Options.positive(o, "java-starts", 1));
    }
  }

  /**
   * Trains {@link LearnedEmTransformer} with the plain-Java pass ({@link JavaEmTrainer}) from the chosen start, on
   * fresh batches (step s: K = KS[s % 3], Delta cycling within the batch, instance streams from the seed and s),
   * selecting on {@code validPerCell} validation instances per cell (their own stream), with a learning curve on the
   * first {@code curve} test instances of every cell; records everything under {@code j}.
   */
  private static LearnedEmTransformer trainJava(ObjectNode j, JavaSettings js, int layers, String initName, int d,
      int n, int batch, long seed, int validPerCell, List<List<Case>> testCells, PrintStream log)
      throws java.io.IOException {
    Random validRandom = new Random(seed ^ 0x7F4A7C159E3779B9L);
    List<EmTransformerTrainer.Instance> validation = new ArrayList<>();
    for (int k : KS) {
      for (double delta : DELTAS) {
        for (int t = 0; t < validPerCell; t++) {
          validation.add(draw(k, d, n, delta, validRandom).asInstance());
        }
      }
    }
    List<EmTransformerTrainer.Instance> curve = new ArrayList<>();
    for (List<Case> cell : testCells) {
      for (int t = 0; t < Math.min(js.curve(), cell.size()); t++) {
        curve.add(cell.get(t).asInstance());
      }
    }
    long batchSeed = seed ^ 0x5DEECE66DL;
    java.util.function.IntFunction<List<EmTransformerTrainer.Instance>> batches = step -> {
      int k = KS[step % KS.length];
      long s = JavaTrainer.stepSeed(batchSeed, step);
      List<EmTransformerTrainer.Instance> b = new ArrayList<>(batch);
      for (int t = 0; t < batch; t++) {
        b.add(draw(k, d, n, DELTAS[t % DELTAS.length], new Random(JavaTrainer.stepSeed(s, t))).asInstance());
      }
      return b;
    };
    String fp = String.format(Locale.ROOT, "em-transformer seed %d n %d batch %d init %s valid %d curve %d", seed, n,
        batch, initName, validPerCell, js.curve());
    JavaEmTrainer.Result r = null;
    int chosenStart = 0;
    double chosenValidation = Double.POSITIVE_INFINITY;
    double seconds = 0;
    int parameters = 0;
    List<StartResult> perStart = new ArrayList<>();
    for (int start = 0; start < js.starts(); start++) {
      Random initRandom = new Random(start == 0 ? seed : startSeed(seed, start));
      LearnedEmTransformer init = initName.equals("em")
          ? LearnedEmTransformer.emConstruction(layers, d, INIT_NOISE, initRandom)
          : LearnedEmTransformer.random(layers, d, initRandom);
      parameters = init.parameterCount();
      Path checkpoint = js.checkpoint() == null || start == 0 ? js.checkpoint()
          : js.checkpoint().resolveSibling(js.checkpoint().getFileName() + ".start" + start);
      var options = new JavaEmTrainer.Options(layers, js.steps(), js.learningRate(), js.warmup(), js.decay(),
          js.clip(), js.evalEvery(), js.threads(), checkpoint);
      log.printf(Locale.ROOT, "java: training %d layers from %s weights (start %d of %d), %d parameters, %d steps of "
          + "%d, %d threads%n", layers, initName, start, js.starts(), init.parameterCount(), js.steps(), batch,
          js.threads());
      var rs = JavaEmTrainer.train(init, options, batches, fp, validation, curve, line -> log.println("  " + line));
      JavaTrainer.Result ts = rs.training();
      double v = Double.POSITIVE_INFINITY;
      for (double[] e : ts.evaluations()) {
        v = Math.min(v, e[0]);
      }
      seconds += ts.seconds();
      perStart.add(new StartResult(v, ts.bestStep(), ts.seconds(), ts.trainLoss()[ts.trainLoss().length - 1]));
      if (js.starts() > 1) {
        log.printf(Locale.ROOT, "java: start %d: best validation misclustering %.4f at step %d%n", start, v,
            ts.bestStep());
      }
      if (r == null || v < chosenValidation) {
        chosenValidation = v;
        chosenStart = start;
        r = rs;
      }
    }
    JavaTrainer.Result t = r.training();
    j.put("learned", "per layer Wq, Wk, Wv, Wo (d x d), log beta and gamma; " + parameters
            + " parameters; plain-Java gradients, Adam with warm-up and " + js.decay().name().toLowerCase(Locale.ROOT)
            + " decay, gradient-norm clip " + js.clip())
        .put("init", initName).put("steps", js.steps()).put("batch", batch).put("learning_rate", js.learningRate())
        .put("warmup", js.warmup()).put("threads", js.threads()).put("train_seconds", seconds)
        .put("starts", js.starts()).put("chosen_start", chosenStart)
        .put("best_step", t.bestStep()).put("resumed_from_step", t.resumedFrom())
        .put("validation_instances_per_cell", validPerCell).put("curve_instances_per_cell", js.curve());
    ArrayNode sv = j.putArray("start_validation");
    ArrayNode sb = j.putArray("start_best_step");
    ArrayNode ss = j.putArray("start_train_seconds");
    ArrayNode sl = j.putArray("start_last_train_loss");
    for (StartResult ps : perStart) {
      sv.add(ps.validation());
      sb.add(ps.bestStep());
      ss.add(ps.seconds());
      sl.add(ps.lastTrainLoss());
    }
    ArrayNode cs = j.putArray("curve_steps");
    ArrayNode cv = j.putArray("curve_validation");
    ArrayNode ct = j.putArray("curve_test");
    double[][] series = new double[2][t.evalSteps().length];
    for (int i = 0; i < t.evalSteps().length; i++) {
      cs.add(t.evalSteps()[i]);
      cv.add(t.evaluations()[i][0]);
      ct.add(t.evaluations()[i][1]);
      series[0][i] = t.evaluations()[i][1];
      series[1][i] = t.evaluations()[i][0];
    }
    ArrayNode tl = j.putArray("train_loss_per_100_steps");
    for (int s = 0; s < t.trainLoss().length; s += 100) {
      double m = 0;
      int e = Math.min(t.trainLoss().length, s + 100);
      for (int i = s; i < e; i++) {
        m += t.trainLoss()[i] / (e - s);
      }
      tl.add(m);
    }
    ArrayNode betas = j.putArray("inverse_temperatures");
    for (double b : r.model().inverseTemperatures()) {
      betas.add(b);
    }
    ArrayNode gammas = j.putArray("prior_weights");
    for (double b : r.model().gamma()) {
      gammas.add(b);
    }
    j.set("layers_analysis", layerAnalysis(r.model(), curve));
    if (js.plot() != null) {
      LearningCurvePlot.write(js.plot(), "EM transformer from " + initName + " weights: misclustering", "mean misclustering",
          t.evalSteps(), series, new String[] {"test (" + js.curve() + " per cell)", "validation (" + validPerCell
              + " per cell)"}, new double[0], null);
      j.put("plot", js.plot().toString());
    }
    return r.model();
  }

  /** One start of the plain-Java trainer: its best validation misclustering, that step, its training time, last loss. */
  private record StartResult(double validation, int bestStep, double seconds, double lastTrainLoss) {}

  /** The seed of start {@code start} &gt;= 1's initial weights (start 0 uses the run's seed itself). */
  static long startSeed(long seed, int start) {
    return JavaTrainer.stepSeed(seed ^ 0x3C6EF372FE94F82BL, start);
  }

  /**
   * What each layer computes, against one step of EM (spherical, unit variance, the construction's beta = 1/2,
   * gamma = 1) from the same centres and log weights: per layer l, the mean total-variation distance between the
   * network's responsibilities and EM's E-step, the mean distance between the network's next centres and EM's M-step
   * centres, the mean size of the network's centre update, and the misclustering of the network cut after layer l.
   */
  static ObjectNode layerAnalysis(LearnedEmTransformer model, List<EmTransformerTrainer.Instance> instances) {
    int layers = model.layers();
    int d = model.dimension();
    int stride = 4 * d * d + 2;
    double[] p = model.flatten();
    LearnedEmTransformer[] prefix = new LearnedEmTransformer[layers + 1];
    for (int l = 1; l <= layers; l++) {
      prefix[l] = LearnedEmTransformer.unflatten(java.util.Arrays.copyOf(p, l * stride), l, d);
    }
    double[] tv = new double[layers];
    double[] dist = new double[layers];
    double[] size = new double[layers];
    double[] error = new double[layers];
    for (EmTransformerTrainer.Instance in : instances) {
      double[][] x = in.points();
      int k = in.start().length;
      int nn = x.length;
      double[][] mu = in.start();
      double[] logPi = new double[k];
      for (int l = 0; l < layers; l++) {
        LearnedEmTransformer.Output out = prefix[l + 1].forward(x, in.start());
        double[][] em = new double[nn][k];
        double[][] emMu = new double[k][d];
        double[] mass = new double[k];
        for (int i = 0; i < nn; i++) {
          double max = Double.NEGATIVE_INFINITY;
          for (int c = 0; c < k; c++) {
            double s = 0;
            for (int a = 0; a < d; a++) {
              s += (x[i][a] - mu[c][a]) * (x[i][a] - mu[c][a]);
            }
            em[i][c] = -0.5 * s + logPi[c];
            max = Math.max(max, em[i][c]);
          }
          double sum = 0;
          for (int c = 0; c < k; c++) {
            em[i][c] = Math.exp(em[i][c] - max);
            sum += em[i][c];
          }
          double t = 0;
          for (int c = 0; c < k; c++) {
            em[i][c] /= sum;
            mass[c] += em[i][c];
            t += Math.abs(em[i][c] - out.responsibilities()[i][c]);
            for (int a = 0; a < d; a++) {
              emMu[c][a] += em[i][c] * x[i][a];
            }
          }
          tv[l] += 0.5 * t / nn / instances.size();
        }
        double[][] next = out.centres();
        for (int c = 0; c < k; c++) {
          double ds = 0;
          double ss = 0;
          for (int a = 0; a < d; a++) {
            double e = emMu[c][a] / (mass[c] + LearnedEmTransformer.EPS_ATTENTION);
            ds += (next[c][a] - e) * (next[c][a] - e);
            ss += (next[c][a] - mu[c][a]) * (next[c][a] - mu[c][a]);
          }
          dist[l] += Math.sqrt(ds) / k / instances.size();
          size[l] += Math.sqrt(ss) / k / instances.size();
        }
        error[l] += Misclustering.rate(in.labels(), out.labels(), k) / instances.size();
        double[] netMass = new double[k];
        for (int i = 0; i < nn; i++) {
          for (int c = 0; c < k; c++) {
            netMass[c] += out.responsibilities()[i][c];
          }
        }
        for (int c = 0; c < k; c++) {
          logPi[c] = Math.log(netMass[c] / nn + LearnedEmTransformer.EPS_PRIOR);
        }
        mu = next;
      }
    }
    ObjectNode a = new ObjectMapper().createObjectNode();
    a.put("what", "per layer: total variation between the network's responsibilities and one EM E-step from the same "
        + "centres and log weights; distance of the network's next centres from EM's M-step; size of the network's "
        + "centre update; misclustering of the network cut after the layer (on the curve instances)");
    ArrayNode t = a.putArray("e_step_tv");
    ArrayNode m = a.putArray("m_step_distance");
    ArrayNode s = a.putArray("step_size");
    ArrayNode e = a.putArray("misclustering");
    for (int l = 0; l < layers; l++) {
      t.add(tv[l]);
      m.add(dist[l]);
      s.add(size[l]);
      e.add(error[l]);
    }
    return a;
  }

  /** Standard normal CDF via erfc (Numerical Recipes' erfc Chebyshev fit, relative error below 1.2e-7). */
  static double normalCdf(double z) {
    return 0.5 * erfc(-z / Math.sqrt(2));
  }

  private static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + 0.5 * z);
    double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
        + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
        + t * (-0.82215223 + t * 0.17087277)))))))));
    return x >= 0 ? r : 2 - r;
  }

  @Override
  public String toText(ObjectNode r) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "EM transformer (%d layers, n = %d, d = %d, seed %d, transformer = %s), "
        + "misclustering rate%n", r.get("layers").asInt(), r.get("n").asInt(), r.get("d").asInt(),
        r.get("seed").asLong(), r.get("chosen").asText()));
    String ln = r.has("java") ? "java" : "samediff";
    sb.append(String.format(Locale.ROOT, "%-3s %-6s %12s %9s %9s %8s %8s %8s%n", "K", "Delta", "transformer",
        ln, "grid", "EM", "Lloyd", "Bayes"));
    for (var row : r.get("rows")) {
      sb.append(String.format(Locale.ROOT, "%-3d %-6.0f %12.4f %9s %9s %8.4f %8.4f %8s%n", row.get("K").asInt(),
          row.get("delta").asDouble(), row.get("transformer").asDouble(), cell(row, ln), cell(row, "grid"),
          row.get("em").asDouble(), row.get("lloyd").asDouble(), cell(row, "bayes")));
    }
    sb.append(String.format(Locale.ROOT, "mean: transformer %.4f, EM %.4f; worst cell transformer - EM %+.4f%n",
        r.get("mean_transformer").asDouble(), r.get("mean_em").asDouble(),
        r.get("worst_cell_transformer_minus_em").asDouble()));
    if (r.has("valid_grid")) {
      sb.append(String.format(Locale.ROOT, "validation: grid %.4f, %s %.4f%n", r.get("valid_grid").asDouble(), ln,
          r.get("valid_" + ln).asDouble()));
    }
    if (r.has("java")) {
      var s = r.get("java");
      sb.append(String.format(Locale.ROOT, "java (from %s weights): %d steps x %d instances, %.1f s training, best "
          + "validation at step %d; mean %.4f%n", s.get("init").asText(), s.get("steps").asInt(), s.get("batch").asInt(),
          s.get("train_seconds").asDouble(), s.get("best_step").asInt(), r.get("mean_java").asDouble()));
      if (s.has("starts") && s.get("starts").asInt() > 1) {
        sb.append(String.format(Locale.ROOT, "java starts: %d, best validation misclustering per start %s, kept start "
            + "%d%n", s.get("starts").asInt(), s.get("start_validation"), s.get("chosen_start").asInt()));
      }
      sb.append("java curve (step: validation / test misclustering): ");
      for (int i = 0; i < s.get("curve_steps").size(); i++) {
        sb.append(i > 0 ? ", " : "").append(s.get("curve_steps").get(i).asInt()).append(": ")
            .append(String.format(Locale.ROOT, "%.4f / %.4f", s.get("curve_validation").get(i).asDouble(),
                s.get("curve_test").get(i).asDouble()));
      }
      sb.append('\n');
      sb.append("java per layer (E-step TV from EM, M-step distance from EM / step size): ");
      var a = s.get("layers_analysis");
      for (int l = 0; l < a.get("e_step_tv").size(); l++) {
        sb.append(l > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.3f %.3f/%.3f", a.get("e_step_tv").get(l).asDouble(),
            a.get("m_step_distance").get(l).asDouble(), a.get("step_size").get(l).asDouble()));
      }
      sb.append('\n');
    }
    if (r.has("samediff")) {
      var s = r.get("samediff");
      sb.append(String.format(Locale.ROOT, "samediff: %d steps x %d instances, %.1f s training, loss %.4f -> %.4f; "
          + "mean %.4f%n", s.get("steps").asInt(), s.get("batch").asInt(), s.get("train_seconds").asDouble(),
          s.get("loss_first_30_steps").asDouble(), s.get("loss_last_30_steps").asDouble(),
          r.get("mean_samediff").asDouble()));
      sb.append("samediff inverse temperatures: ").append(s.get("inverse_temperatures")).append('\n');
    }
    if (r.has("grid")) {
      var g = r.get("grid");
      sb.append(String.format(Locale.ROOT, "grid: %.1f s training; mean %.4f; inverse temperatures %s%n",
          g.get("train_seconds").asDouble(), r.get("mean_grid").asDouble(), g.get("inverse_temperatures")));
    }
    return sb.toString();
  }

  private static String cell(com.fasterxml.jackson.databind.JsonNode row, String key) {
    return row.has(key) ? String.format(Locale.ROOT, "%.4f", row.get(key).asDouble()) : "-";
  }
}
