package io.hardmax.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hardmax.attention.HardmaxConfig;
import io.hardmax.attention.HardmaxTrainer;
import io.hardmax.attention.Network;
import io.hardmax.attention.TrainerConfig;
import io.hardmax.attention.TrainingListener;
import io.hardmax.datasets.DatasetSpec;
import io.hardmax.datasets.ReadOptions;
import io.hardmax.datasets.Review;
import io.hardmax.eval.bench.Machine;
import io.hardmax.eval.bench.Timing;
import io.hardmax.nlp.Encoder;
import io.hardmax.nlp.Tokenizer;
import io.hardmax.nlp.TokenizerSettings;
import io.hardmax.nlp.Tokenizers;
import io.hardmax.nlp.Vocabulary;
import io.hardmax.nlp.VocabularyBuilder;
import io.hardmax.nlp.VocabularySettings;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hardmax bench tokenize|train|infer}: recorded speed benchmarks (medians, with the machine). */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Benchmarks: tokenize (tokens/s per tokenizer on one thread; all of IMDb read+tokenized on all",
      "threads), train (one epoch of the paper's model on imdb:train), infer (hardmax reviews/s, model only),",
      "learn (one gradient step of the spectral and EM transformers: SameDiff vs the plain-Java pass, same batch).",
      "Prints medians over --runs runs after --warmup runs, and the machine."})
final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "WHAT", description = "tokenize, train, infer or learn")
  String what;

  @Option(names = "--data", defaultValue = "imdb:train", description = "data (default: ${DEFAULT-VALUE})")
  String data;

  @Mixin InputOptions in;

  @Option(names = "--runs", defaultValue = "5", description = "measured runs (default: ${DEFAULT-VALUE})")
  int runs;

  @Option(names = "--warmup", defaultValue = "1", description = "warm-up runs (default: ${DEFAULT-VALUE})")
  int warmup;

  @Option(names = "--threads", paramLabel = "N", description = "threads where the benchmark is parallel (default: all cores)")
  Integer threads;

  @Option(names = "--reviews", defaultValue = "5000", paramLabel = "N",
      description = "infer: reviews per run (the first N of --data; default: ${DEFAULT-VALUE})")
  int reviewCount;

  @Option(names = "--model", paramLabel = "FILE",
      description = "infer: also measure this trained model (its own tokenizer, vocabulary and configuration)")
  java.nio.file.Path model;

  @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
  String format;

  @Option(names = "--debug", description = "print stack traces of errors")
  boolean debug;

  private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Override
  public Integer call() throws Exception {
    if (runs < 1 || warmup < 0) {
      throw new CliException("--runs must be >= 1 and --warmup >= 0");
    }
    int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    ObjectNode root = mapper.createObjectNode();
    root.put("benchmark", what).put("runs", runs).put("warmup", warmup).put("threads", t);
    root.set("machine", Machine.current().toJson(mapper));
    ArrayNode rows = root.putArray("results");
    switch (what) {
      case "tokenize" -> tokenize(rows, t);
      case "train" -> train(rows, t);
      case "infer" -> infer(rows, t);
      case "learn" -> LearnBench.run(rows, warmup, runs, t);
      default -> throw new CliException("unknown benchmark '" + what + "', expected tokenize, train, infer or learn");
    }
    PrintWriter out = spec.commandLine().getOut();
    if (format.equals("json")) {
      out.println(mapper.writeValueAsString(root));
    } else {
      out.println("machine: " + Machine.current().describe());
      for (var r : rows) {
        out.printf(Locale.ROOT, "%-62s median %12.1f %-13s (min %.1f, max %.1f; %d runs, %s threads)%n", r.get("name").asText(),
            r.get("median").asDouble(), r.get("unit").asText(), r.get("min").asDouble(), r.get("max").asDouble(), runs,
            r.get("threads").asText());
      }
    }
    return Main.OK;
  }

  private void row(ArrayNode rows, String name, String unit, double median, double min, double max, int threads) {
    rows.addObject().put("name", name).put("unit", unit).put("median", median).put("min", min).put("max", max).put("threads", threads);
  }

  private List<Review> load(String spec) throws Exception {
    return DatasetSpec.parse(spec).readAll(ReadOptions.defaults(), null, in.dataDir());
  }

  private void tokenize(ArrayNode rows, int threads) throws Exception {
    List<String> texts = load(data).stream().map(Review::text).toList();
    TokenizerSettings lucene = TokenizerSettings.defaults().withKind(TokenizerSettings.Kind.LUCENE);
    TokenizerSettings corenlp = TokenizerSettings.defaults();
    for (TokenizerSettings s : List.of(lucene, corenlp)) {
      Tokenizer tok = Tokenizers.create(s);
      Timing tm = Timing.measure(warmup, runs, () -> {
        long n = 0;
        for (String x : texts) {
          n += tok.tokenize(x).size();
        }
        return (double) n;
      });
      String name = "tokenize " + s.kind().name().toLowerCase(Locale.ROOT) + " (" + data + ", 1 thread)";
      row(rows, name, "tokens/s", tm.medianRate(), tm.work() / tm.maxSeconds(), tm.work() / tm.minSeconds(), 1);
    }
    for (TokenizerSettings s : List.of(lucene, corenlp)) {
      Tokenizer tok = Tokenizers.create(s);
      Timing tm = Timing.measure(warmup, runs, () -> {
        List<Review> all = load("imdb:all");
        AtomicLong n = new AtomicLong();
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(threads);
        try {
          pool.submit(() -> IntStream.range(0, all.size()).parallel().forEach(i -> n.addAndGet(tok.tokenize(all.get(i).text()).size()))).get();
        } finally {
          pool.shutdown();
        }
        return 1.0;
      });
      row(rows, "read + tokenize all 50,000 IMDb reviews, " + s.kind().name().toLowerCase(Locale.ROOT), "s wall",
          tm.medianSeconds(), tm.minSeconds(), tm.maxSeconds(), threads);
    }
  }

  private static List<int[]> encode(List<Review> reviews, HardmaxConfig cfg, TokenizerSettings ts) {
    Tokenizer tok = Tokenizers.create(ts);
    List<List<io.hardmax.nlp.Token>> toks = reviews.parallelStream().map(r -> tok.tokenize(r.text())).toList();
    VocabularyBuilder vb = new VocabularyBuilder(VocabularySettings.defaults());
    toks.forEach(vb::add);
    Vocabulary v = vb.build();
    Encoder enc = new Encoder(tok, v, cfg.maxLength(), cfg.truncation());
    List<int[]> ids = new ArrayList<>();
    for (var x : toks) {
      ids.add(enc.encodeTokens(x).ids());
    }
    return ids;
  }

  private void train(ArrayNode rows, int threads) throws Exception {
    List<Review> reviews = load(data);
    HardmaxConfig cfg = HardmaxConfig.paper(16);
    List<int[]> ids = encode(reviews, cfg, TokenizerSettings.paper());
    int vocab = ids.stream().flatMapToInt(java.util.Arrays::stream).max().orElse(1) + 1;
    int[] labels = reviews.stream().mapToInt(Review::label).toArray();
    long[] peak = new long[1];
    Timing tm = Timing.measure(warmup, runs, () -> {
      HardmaxTrainer tr = new HardmaxTrainer(cfg, TrainerConfig.paper(threads, 1).withMaxEpochs(1));
      resetPeaks();
      tr.train(vocab, ids, labels, List.of(), new int[0], TrainingListener.NONE);
      peak[0] = Math.max(peak[0], heapPeak());
      return (double) reviews.size();
    });
    row(rows, "train one epoch, d=16, depth 8, 128 tokens, paper preset (" + data + ")", "s/epoch", tm.medianSeconds(),
        tm.minSeconds(), tm.maxSeconds(), threads);
    row(rows, "  peak heap during training", "MB", peak[0] / 1e6, peak[0] / 1e6, peak[0] / 1e6, threads);
  }

  private void infer(ArrayNode rows, int threads) throws Exception {
    List<Review> all = load(data);
    List<Review> reviews = all.subList(0, Math.min(all.size(), Math.max(1, reviewCount)));
    for (int[] dl : new int[][] {{16, 128}, {64, 128}, {16, 512}, {64, 512}}) {
      HardmaxConfig cfg = HardmaxConfig.paper(dl[0]).withMaxLength(dl[1]);
      List<int[]> ids = encode(reviews, cfg, TokenizerSettings.paper());
      int vocab = ids.stream().flatMapToInt(java.util.Arrays::stream).max().orElse(1) + 1;
      Network net = new HardmaxTrainer(cfg, TrainerConfig.paper(threads, 1)).initial(vocab);
      Timing tm = Timing.measure(warmup, runs, () -> {
        net.logits(ids, true, cfg.depth(), threads);
        return (double) ids.size();
      });
      row(rows, String.format(Locale.ROOT, "hardmax inference, d=%d, depth 8, %d tokens, initial weights", dl[0], dl[1]),
          "reviews/s", tm.medianRate(), ids.size() / tm.maxSeconds(), ids.size() / tm.minSeconds(), threads);
    }
    if (model != null) {
      // a trained model: how many tokens follow other leaders (and so move from layer to layer) depends on the
      // weights, and the kernel recomputes only the scores of rows that moved, so this is the figure that counts
      io.hardmax.attention.SentimentModel m = io.hardmax.attention.SentimentModel.load(model);
      HardmaxConfig cfg = m.config();
      List<int[]> ids = new ArrayList<>();
      for (Review r : reviews) {
        ids.add(m.encode(r.text()).ids());
      }
      Network net = m.network();
      Timing tm = Timing.measure(warmup, runs, () -> {
        net.logits(ids, true, cfg.depth(), threads);
        return (double) ids.size();
      });
      row(rows, String.format(Locale.ROOT, "hardmax inference, d=%d, depth %d, %d tokens, %s", cfg.dim(), cfg.depth(),
          cfg.maxLength(), model.getFileName()), "reviews/s", tm.medianRate(), ids.size() / tm.maxSeconds(),
          ids.size() / tm.minSeconds(), threads);
    }
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        p.resetPeakUsage();
      }
    }
  }

  private static long heapPeak() {
    long s = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        s += p.getPeakUsage().getUsed();
      }
    }
    return s;
  }
}
