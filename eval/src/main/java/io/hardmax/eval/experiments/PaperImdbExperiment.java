package io.hardmax.eval.experiments;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hardmax.attention.EpochStats;
import io.hardmax.attention.HardmaxConfig;
import io.hardmax.attention.ModelTrainer;
import io.hardmax.attention.Network;
import io.hardmax.attention.TrainerConfig;
import io.hardmax.attention.TrainingListener;
import io.hardmax.datasets.DataDir;
import io.hardmax.datasets.DatasetSpec;
import io.hardmax.datasets.ReadOptions;
import io.hardmax.datasets.Review;
import io.hardmax.datasets.Splits;
import io.hardmax.eval.Evaluation;
import io.hardmax.eval.Experiment;
import io.hardmax.eval.bench.Machine;
import io.hardmax.nlp.TokenizerSettings;
import io.hardmax.nlp.VocabularySettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code hardmax experiment paper-imdb}: the model of Alcalde et al. (2025, section 5) on the official IMDb
 * split: the paper's preprocessing, A = I, one shared alpha, depth 8, tau 0.001, 128 tokens, padding pooled,
 * d = 2, 4, 8, 16; the epoch chosen on a seeded 10 % validation split of imdb:train (never on test); test
 * accuracy at softmax and at exact hardmax, once, for the chosen epoch; training time per epoch; the
 * depth-0 ablation (mean of embeddings) and the clustering diagnostics on the test set.
 *
 * <p>Options ({@code --set}): {@code dims} (comma-separated, default 2,4,8,16), {@code epochs} (cap, default 20),
 * {@code patience} (default 3), {@code threads} (default: all cores), {@code ablation} (true/false),
 * {@code data-dir}, {@code train} and {@code test} (dataset specs, default imdb:train / imdb:test; for tests).
 */
public final class PaperImdbExperiment implements Experiment {
  private static final Set<String> KEYS = Set.of("dims", "epochs", "patience", "threads", "ablation", "data-dir", "train", "test");

  @Override
  public String name() {
    return "paper-imdb";
  }

  @Override
  public String description() {
    return "the paper's hardmax model on the official IMDb split, d = 2/4/8/16, softmax vs hardmax, depth-0 ablation";
  }

  @Override
  public ObjectNode run(Map<String, String> o, long seed, PrintStream log) throws Exception {
    Options.requireKnown(o, KEYS);
    List<Integer> dims = new ArrayList<>();
    for (String d : o.getOrDefault("dims", "2,4,8,16").split(",")) {
      dims.add(Options.positive(Map.of("dims", d), "dims", 0));
    }
    int epochs = Options.positive(o, "epochs", 20);
    int patience = Options.positive(o, "patience", 3);
    int threads = Options.positive(o, "threads", Runtime.getRuntime().availableProcessors());
    boolean ablation = Boolean.parseBoolean(o.getOrDefault("ablation", "true"));
    Path dataDir = DataDir.resolve(o.containsKey("data-dir") ? Path.of(o.get("data-dir")) : null);
    String trainSpec = o.getOrDefault("train", "imdb:train");
    String testSpec = o.getOrDefault("test", "imdb:test");
    List<Review> all = DatasetSpec.parse(trainSpec).readAll(ReadOptions.defaults(), null, dataDir);
    List<Review> test = DatasetSpec.parse(testSpec).readAll(ReadOptions.defaults(), null, dataDir);
    Splits.Split split = Splits.trainValidation(all, 0.1, seed);
    ObjectMapper m = new ObjectMapper();
    ObjectNode root = m.createObjectNode();
    root.put("experiment", name()).put("seed", seed).put("train", trainSpec).put("test", testSpec)
        .put("train_count", split.train().size()).put("validation_count", split.validation().size())
        .put("test_count", test.size()).put("epochs_cap", epochs).put("patience", patience).put("threads", threads);
    root.set("machine", Machine.current().toJson(m));
    ArrayNode rows = root.putArray("rows");
    List<int[]> configs = new ArrayList<>();
    for (int d : dims) {
      configs.add(new int[] {d, 8});
    }
    if (ablation) {
      configs.add(new int[] {16, 0});
    }
    for (int[] dc : configs) {
      HardmaxConfig cfg = HardmaxConfig.builder().dim(dc[0]).depth(dc[1]).build();
      TrainerConfig tc = TrainerConfig.builder().threads(threads).seed(seed).maxEpochs(epochs).patience(patience).build();
      log.printf(Locale.ROOT, "paper-imdb: d = %d, depth %d%n", dc[0], dc[1]);
      ModelTrainer.Outcome out = ModelTrainer.train(TokenizerSettings.paper(), VocabularySettings.defaults(), cfg, tc,
          texts(split.train()), texts(split.validation()), trainSpec, new TrainingListener() {
            @Override
            public void epoch(EpochStats s, boolean best) {
              log.printf(Locale.ROOT, "  epoch %2d  loss %.4f  val softmax %.4f  hardmax %.4f  %.1f s%s%n", s.epoch(),
                  s.trainLoss(), s.validationAccuracySoftmax(), s.validationAccuracyHardmax(), s.seconds(), best ? "  best" : "");
            }
          });
      List<int[]> ids = test.stream().map(r -> out.model().encode(r.text()).ids()).toList();
      int[] gold = test.stream().mapToInt(Review::label).toArray();
      Network net = out.model().network();
      double soft = Network.accuracy(net.logits(ids, false, cfg.depth(), threads), gold);
      Evaluation ev = Evaluation.run("d=" + dc[0], out.model(), test, threads, seed);
      double secs = out.result().history().stream().mapToDouble(EpochStats::seconds).sorted().skip(out.result().history().size() / 2).findFirst().orElse(0);
      ObjectNode r = rows.addObject();
      r.put("dim", dc[0]).put("depth", dc[1]).put("best_epoch", out.result().bestEpoch())
          .put("epochs_run", out.result().history().size())
          .put("validation_accuracy_hardmax", out.result().best().validationAccuracyHardmax())
          .put("test_accuracy_softmax", soft).put("test_accuracy_hardmax", ev.metrics().accuracy())
          .put("test_accuracy_without_attention", ev.accuracyNoAttention())
          .put("median_follower_share", ev.medianFollowerShare()).put("mean_moved_share", ev.meanMovedShare())
          .put("seconds_per_epoch_median", secs).put("alpha", out.model().alphas().length > 0 ? out.model().alphas()[0] : Double.NaN)
          .put("vocabulary", out.model().vocabulary().size());
      log.println("  -> " + r);
    }
    return root;
  }

  private static ModelTrainer.LabeledTexts texts(List<Review> rs) {
    return new ModelTrainer.LabeledTexts(rs.stream().map(Review::text).toList(), rs.stream().mapToInt(Review::label).toArray());
  }

  @Override
  public String toText(ObjectNode r) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "paper-imdb: train %d / validation %d (seed %d) / test %d; %s%n",
        r.get("train_count").asInt(), r.get("validation_count").asInt(), r.get("seed").asLong(), r.get("test_count").asInt(),
        r.get("machine").get("cpu").asText()));
    sb.append(String.format(Locale.ROOT, "%4s %6s %6s %10s %10s %10s %12s %10s %10s%n", "d", "depth", "epoch", "val hard",
        "test soft", "test hard", "no attention", "followers", "s/epoch"));
    for (var x : r.get("rows")) {
      sb.append(String.format(Locale.ROOT, "%4d %6d %6d %10.4f %10.4f %10.4f %12.4f %10.3f %10.1f%n", x.get("dim").asInt(),
          x.get("depth").asInt(), x.get("best_epoch").asInt(), x.get("validation_accuracy_hardmax").asDouble(),
          x.get("test_accuracy_softmax").asDouble(), x.get("test_accuracy_hardmax").asDouble(),
          x.get("test_accuracy_without_attention").asDouble(), x.get("median_follower_share").asDouble(),
          x.get("seconds_per_epoch_median").asDouble()));
    }
    return sb.toString();
  }
}
