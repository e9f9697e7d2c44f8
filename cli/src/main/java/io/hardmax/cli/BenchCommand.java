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
      "threads), train (one epoch of the paper's model on imdb:train), infer (hardmax reviews/s, model only).",
      "Prints medians over --runs runs after --warmup runs, and the machine."})
final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "WHAT", description = "tokenize, train or infer")
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

  @Option(names = "--variants", paramLabel = "LIST", split = ",",
      description = {"train, infer: also measure the bundled configuration (tokenizer, 25k bigrams, 1,000 tokens, word",
        "dropout) with these attention variants: global, distance, sentence, window3, window8, each optionally with -2ch",
        "(two-channel readout); infer trains one epoch on the first --reviews reviews and times inference on them"})
  List<String> variants;

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
      default -> throw new CliException("unknown benchmark '" + what + "', expected tokenize, train or infer");
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

  /** The bundled configuration with an attention variant (see --variants). */
  static HardmaxConfig bundledVariant(String name) {
    HardmaxConfig.Builder b = io.hardmax.eval.Presets.defaultConfig().toBuilder();
    String base = name.endsWith("-2ch") ? name.substring(0, name.length() - 4) : name;
    b.twoChannel(name.endsWith("-2ch"));
    if (base.equals("global")) {
      b.global();
    } else if (base.equals("distance")) {
      b.distance(0.05);
    } else if (base.equals("sentence")) {
      b.sentence();
    } else if (base.matches("window[1-9][0-9]*")) {
      b.window(Integer.parseInt(base.substring(6)));
    } else {
      throw new CliException("unknown variant '" + name + "', expected global, distance, sentence or windowW, optionally with -2ch");
    }
    return b.build();
  }

  /** The bundled recipe's encoding of the reviews: ids, vocabulary size and first bigram id. */
  private record Encoded(List<int[]> ids, int vocab, io.hardmax.attention.SequenceLayout layout) {}

  private static Encoded encodeBundled(List<Review> reviews, int maxLength) {
    Tokenizer tok = Tokenizers.create(io.hardmax.eval.Presets.defaultTokenizer());
    List<List<io.hardmax.nlp.Token>> toks = reviews.parallelStream().map(r -> tok.tokenize(r.text())).toList();
    VocabularyBuilder vb = new VocabularyBuilder(io.hardmax.eval.Presets.defaultVocabulary());
    toks.forEach(vb::add);
    Vocabulary v = vb.build();
    Encoder enc = new Encoder(tok, v, maxLength, io.hardmax.eval.Presets.defaultConfig().truncation());
    List<int[]> ids = new ArrayList<>();
    for (var x : toks) {
      ids.add(enc.encodeTokens(x).ids());
    }
    return new Encoded(ids, v.size(), io.hardmax.attention.SequenceLayout.of(v));
  }

  private void variants(ArrayNode rows, int threads, boolean infer) throws Exception {
    if (variants == null || variants.isEmpty()) {
      return;
    }
    List<Review> reviews = load(data);
    if (infer) {
      // inference: the first --reviews reviews, for the vocabulary, one epoch of training and the timed passes
      reviews = reviews.subList(0, Math.min(reviews.size(), Math.max(1, reviewCount)));
    }
    int[] labels = reviews.stream().mapToInt(Review::label).toArray();
    Encoded e = encodeBundled(reviews, io.hardmax.eval.Presets.defaultConfig().maxLength());
    int count = reviews.size();
    for (String name : variants) {
      HardmaxConfig cfg = bundledVariant(name.strip());
      TrainerConfig tc = io.hardmax.eval.Presets.defaultTrainer(threads, 1).withMaxEpochs(1);
      Network[] trained = new Network[1];
      long cpu0 = processCpuNanos();
      Timing tm = Timing.measure(infer ? 0 : warmup, infer ? 1 : runs, () -> {
        trained[0] = new HardmaxTrainer(cfg, tc, e.layout())
            .train(e.vocab(), e.ids(), labels, List.of(), new int[0], TrainingListener.NONE).network();
        return (double) count;
      });
      if (!infer) {
        // CPU time as well: on a shared machine the wall time mostly measures the other processes
        double cpu = (processCpuNanos() - cpu0) / 1e9 / ((infer ? 0 : warmup) + runs);
        row(rows, "train one epoch, bundled configuration, " + name + " (" + data + ")", "s/epoch", tm.medianSeconds(),
            tm.minSeconds(), tm.maxSeconds(), threads);
        row(rows, "  CPU time per epoch (all threads; mean)", "CPU-s/epoch", cpu, cpu, cpu, threads);
        continue;
      }
      List<int[]> ids = e.ids();
      Network net = trained[0];
      long cpu1 = processCpuNanos();
      Timing ti = Timing.measure(warmup, runs, () -> {
        net.logits(ids, true, cfg.depth(), threads);
        return (double) ids.size();
      });
      double cpuRate = ids.size() * (double) (warmup + runs) / ((processCpuNanos() - cpu1) / 1e9);
      row(rows, "hardmax inference, bundled configuration, " + name + ", 1 epoch of training", "reviews/s", ti.medianRate(),
          ids.size() / ti.maxSeconds(), ids.size() / ti.minSeconds(), threads);
      row(rows, "  reviews per CPU-second (all threads; mean)", "reviews/CPU-s", cpuRate, cpuRate, cpuRate, threads);
    }
  }

  private void train(ArrayNode rows, int threads) throws Exception {
    if (variants != null && !variants.isEmpty()) {
      variants(rows, threads, false);
      return;
    }
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
    if (variants != null && !variants.isEmpty()) {
      variants(rows, threads, true);
      return;
    }
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

  /** CPU time of this process so far (all threads), or 0 where the JVM does not tell. */
  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return Math.max(0, os.getProcessCpuTime());
    }
    return 0;
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
