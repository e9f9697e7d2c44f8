package io.hardmax.eval.experiments;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hardmax.attention.spectral.Pca;
import io.hardmax.attention.spectral.PowerMethod;
import io.hardmax.attention.spectral.SpectralTransformer;
import io.hardmax.datasets.DataDir;
import io.hardmax.datasets.synthetic.CovarianceGenerator;
import io.hardmax.datasets.synthetic.MnistDigits;
import io.hardmax.eval.Experiment;
import io.hardmax.eval.bench.Machine;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

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
 */
public final class SpectralTransformerExperiment implements Experiment {

  private static final Set<String> KEYS = Set.of("d", "n", "k", "layers", "train", "test", "sweeps", "mnist", "data-dir");
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
    for (String key : o.keySet()) {
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException("unknown option '" + key + "', expected one of " + KEYS);
      }
    }
    int d = positive(o, "d", 10);
    int n = positive(o, "n", 10);
    int k = positive(o, "k", 3);
    int layers = positive(o, "layers", 10);
    int trainCount = positive(o, "train", 1000);
    int testCount = positive(o, "test", 2000);
    int sweeps = positive(o, "sweeps", 2);
    if (k > d || n < 2) {
      throw new IllegalArgumentException("need k <= d and n >= 2, found k = " + k + ", d = " + d + ", n = " + n);
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
    double[] cos = model.meanAbsCos(test);
    double[] plain = SpectralTransformer.powerIteration(layers, k).meanAbsCos(test);
    for (int p = 0; p < k; p++) {
      power[p] /= testCount;
      random[p] /= testCount;
    }
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("experiment", name()).put("seed", seed).put("d", d).put("n", n).put("k", k).put("layers", layers)
        .put("train_instances", trainCount).put("test_instances", testCount).put("train_seconds", trainSeconds)
        .put("learned", "one shift s_l per layer: layer computes (C + s_l tau I) v with ReLU attention, tau = tr C / d")
        .put("power_method", "deflated power method, " + layers + " iterations per eigenvector, random start");
    array(root.putArray("shifts"), model.shifts());
    array(root.putArray("cos"), cos);
    array(root.putArray("power_method_cos"), power);
    array(root.putArray("block_power_cos"), plain);
    array(root.putArray("random_cos"), random);
    array(root.putArray("paper_cos"), PAPER);
    String mnist = o.getOrDefault("mnist", "false");
    if (!mnist.equals("true") && !mnist.equals("false")) {
      throw new IllegalArgumentException("option mnist must be true or false, found '" + mnist + "'");
    }
    if (mnist.equals("true")) {
      Path folder = MnistDigits.defaultFolder(DataDir.resolve(o.containsKey("data-dir") ? Path.of(o.get("data-dir")) : null));
      MnistDigits digits = MnistDigits.load(folder);
      Random mr = new Random(seed + 1);
      double[][] projection = MnistDigits.randomProjection(d, mr);
      List<SpectralTransformer.Instance> mTrain = new ArrayList<>();
      for (int t = 0; t < trainCount; t++) {
        mTrain.add(SpectralTransformer.Instance.of(digits.instance(new int[] {0, 1, 2, 3, 4}, n, projection, mr), k,
            mr.nextLong()));
      }
      SpectralTransformer mModel = SpectralTransformer.train(mTrain, layers, k, sweeps);
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
      ObjectNode m = root.putObject("mnist");
      m.put("train_digits", "0-4").put("test_digits", "5-9").put("folder", folder.toString());
      array(m.putArray("shifts"), mModel.shifts());
      array(m.putArray("cos"), mModel.meanAbsCos(mTest));
      array(m.putArray("synthetic_model_cos"), model.meanAbsCos(mTest));
      array(m.putArray("power_method_cos"), mPower);
      array(m.putArray("block_power_cos"), SpectralTransformer.powerIteration(layers, k).meanAbsCos(mTest));
    }
    root.set("machine", Machine.current().toJson(mapper));
    root.put("seconds", (System.nanoTime() - t0) / 1e9);
    return root;
  }

  private static void array(ArrayNode a, double[] v) {
    for (double x : v) {
      a.add(x);
    }
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
    sb.append("learned shifts: ").append(r.get("shifts")).append('\n');
    if (r.has("mnist")) {
      var m = r.get("mnist");
      sb.append("MNIST out of distribution (train digits 0-4, test 5-9): transformer ").append(m.get("cos"))
          .append(", synthetic-trained transformer ").append(m.get("synthetic_model_cos"))
          .append(", power method ").append(m.get("power_method_cos")).append('\n');
    }
    return sb.toString();
  }
}
