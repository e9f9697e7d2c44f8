package io.hardmax.eval.experiments;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hardmax.attention.em.CovarianceType;
import io.hardmax.attention.em.EmTransformer;
import io.hardmax.attention.em.EmTransformerTrainer;
import io.hardmax.attention.em.GaussianMixture;
import io.hardmax.attention.em.GmmConfig;
import io.hardmax.attention.em.GmmTrainer;
import io.hardmax.attention.em.KMeans;
import io.hardmax.attention.em.Misclustering;
import io.hardmax.datasets.synthetic.MixtureGenerator;
import io.hardmax.datasets.synthetic.MixtureInstance;
import io.hardmax.eval.Experiment;
import io.hardmax.eval.bench.Machine;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * {@code hardmax experiment em-transformer}: misclustering of the EM transformer ({@link EmTransformer}, softmax
 * attention, inverse temperatures per layer pre-trained on synthetic instances) against EM with spherical
 * covariances and Lloyd's k-means, all three started from the same k-means++ centres, on fresh test mixtures with
 * separation {@code Delta} in {1, 2, 3, 4, 6} and K in {2, 3, 4}; for K = 2 the Bayes floor {@code Phi(-Delta/2)}.
 * Labels are matched optimally (all permutations).
 *
 * <p>Options ({@code --set key=value}): {@code n} points per instance (default 200), {@code d} dimension (default
 * 5), {@code layers} (default 10), {@code train} training instances per (K, Delta) cell (default 30),
 * {@code test} test instances per cell (default 300), {@code sweeps} coordinate-descent cap (default 3).
 * Training and test instances come from two different random streams derived from the seed.
 */
public final class EmTransformerExperiment implements Experiment {

  private static final Set<String> KEYS = Set.of("n", "d", "layers", "train", "test", "sweeps");
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

  /** One test instance with the shared k-means++ start and its seed. */
  private record Case(MixtureInstance instance, double[][] start, long seed) {}

  private static Case draw(int k, int d, int n, double delta, Random random) {
    MixtureInstance m = MixtureGenerator.generate(k, d, n, delta, random);
    long s = random.nextLong();
    return new Case(m, KMeans.plusPlus(m.points(), k, new Random(s)), s);
  }

  @Override
  public ObjectNode run(Map<String, String> o, long seed, PrintStream log) {
    for (String key : o.keySet()) {
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException("unknown option '" + key + "', expected one of " + KEYS);
      }
    }
    int n = positive(o, "n", 200);
    int d = positive(o, "d", 5);
    int layers = positive(o, "layers", 10);
    int trainPerCell = positive(o, "train", 30);
    int testPerCell = positive(o, "test", 300);
    int sweeps = positive(o, "sweeps", 3);
    if (d < 3) {
      throw new IllegalArgumentException("d must be >= 3 (K = 4 needs d >= K - 1), found " + d);
    }
    long t0 = System.nanoTime();
    Random trainRandom = new Random(seed);
    List<EmTransformerTrainer.Instance> train = new ArrayList<>();
    for (int k : KS) {
      for (double delta : DELTAS) {
        for (int t = 0; t < trainPerCell; t++) {
          Case c = draw(k, d, n, delta, trainRandom);
          train.add(new EmTransformerTrainer.Instance(c.instance.points(), c.instance.labels(), c.start));
        }
      }
    }
    EmTransformerTrainer.Result trained = EmTransformerTrainer.train(train, layers, sweeps);
    EmTransformer model = trained.model();
    double trainSeconds = (System.nanoTime() - t0) / 1e9;
    log.printf(Locale.ROOT, "trained %d layers on %d instances in %.1f s: train error %.4f (beta = 1/2: %.4f)%n",
        layers, train.size(), trainSeconds, trained.trainError(), trained.emEquivalentError());

    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("experiment", name()).put("seed", seed).put("n", n).put("d", d).put("layers", layers)
        .put("train_instances_per_cell", trainPerCell).put("test_instances_per_cell", testPerCell)
        .put("sweeps", trained.sweeps()).put("train_seconds", trainSeconds)
        .put("train_error", trained.trainError()).put("train_error_beta_half", trained.emEquivalentError())
        .put("learned", "inverse temperature per layer (softmax over -beta_l ||x - mu||^2 + log pi)")
        .put("em", "GMM EM, spherical covariances, tolerance 1e-8, cap 500, same k-means++ start")
        .put("lloyd", "Lloyd's k-means, cap 300, same k-means++ start");
    ArrayNode betas = root.putArray("inverse_temperatures");
    for (double b : model.inverseTemperatures()) {
      betas.add(b);
    }
    root.set("machine", Machine.current().toJson(mapper));
    ArrayNode rows = root.putArray("rows");
    Random testRandom = new Random(seed ^ 0x9E3779B97F4A7C15L);
    double sumT = 0;
    double sumE = 0;
    double worst = Double.NEGATIVE_INFINITY;
    for (int k : KS) {
      GmmTrainer em = new GmmTrainer(GmmConfig.of(k, CovarianceType.SPHERICAL));
      for (double delta : DELTAS) {
        double et = 0;
        double ee = 0;
        double el = 0;
        for (int t = 0; t < testPerCell; t++) {
          Case c = draw(k, d, n, delta, testRandom);
          double[][] x = c.instance.points();
          int[] truth = c.instance.labels();
          et += Misclustering.rate(truth, model.forward(x, c.start).labels(), k);
          GaussianMixture g = em.fit(x, c.seed);
          ee += Misclustering.rate(truth, g.predict(x), k);
          el += Misclustering.rate(truth, KMeans.lloyd(x, c.start, 300).labels(), k);
        }
        et /= testPerCell;
        ee /= testPerCell;
        el /= testPerCell;
        sumT += et;
        sumE += ee;
        worst = Math.max(worst, et - ee);
        ObjectNode row = rows.addObject();
        row.put("K", k).put("delta", delta).put("transformer", et).put("em", ee).put("lloyd", el);
        if (k == 2) {
          row.put("bayes", normalCdf(-delta / 2));
        }
        log.printf(Locale.ROOT, "K=%d Delta=%.0f transformer %.4f em %.4f lloyd %.4f%n", k, delta, et, ee, el);
      }
    }
    int cells = KS.length * DELTAS.length;
    root.put("mean_transformer", sumT / cells).put("mean_em", sumE / cells)
        .put("worst_cell_transformer_minus_em", worst)
        .put("seconds", (System.nanoTime() - t0) / 1e9);
    return root;
  }

  private static int positive(Map<String, String> o, String key, int fallback) {
    String v = o.get(key);
    if (v == null) {
      return fallback;
    }
    int x;
    try {
      x = Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("option " + key + " must be a positive integer, found '" + v + "'", e);
    }
    if (x < 1) {
      throw new IllegalArgumentException("option " + key + " must be a positive integer, found " + x);
    }
    return x;
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
    sb.append(String.format(Locale.ROOT, "EM transformer (%d layers, n = %d, d = %d, seed %d), misclustering rate%n",
        r.get("layers").asInt(), r.get("n").asInt(), r.get("d").asInt(), r.get("seed").asLong()));
    sb.append(String.format(Locale.ROOT, "%-3s %-6s %12s %8s %8s %8s%n", "K", "Delta", "transformer", "EM", "Lloyd",
        "Bayes"));
    for (var row : r.get("rows")) {
      sb.append(String.format(Locale.ROOT, "%-3d %-6.0f %12.4f %8.4f %8.4f %8s%n", row.get("K").asInt(),
          row.get("delta").asDouble(), row.get("transformer").asDouble(), row.get("em").asDouble(),
          row.get("lloyd").asDouble(), row.has("bayes")
              ? String.format(Locale.ROOT, "%.4f", row.get("bayes").asDouble()) : "-"));
    }
    sb.append(String.format(Locale.ROOT, "mean: transformer %.4f, EM %.4f; worst cell transformer - EM %+.4f%n",
        r.get("mean_transformer").asDouble(), r.get("mean_em").asDouble(),
        r.get("worst_cell_transformer_minus_em").asDouble()));
    sb.append("learned inverse temperatures: ").append(r.get("inverse_temperatures")).append('\n');
    return sb.toString();
  }
}
