package io.hardmax.cli;

import io.hardmax.core.AtomicFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hardmax.attention.HardmaxConfig;
import io.hardmax.attention.Explanation;
import io.hardmax.attention.HardmaxTrainer;
import io.hardmax.attention.SentimentModel;
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
import io.hardmax.serve.HardmaxServer;
import io.hardmax.serve.LoadGenerator;
import io.hardmax.serve.ServeConfig;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.time.Duration;
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
      "serve (requests/s and p50/p99 latency of hardmax serve on loopback, against the classify path in-process),",
      "learn (one gradient step of the spectral and EM transformers: SameDiff vs the plain-Java pass, same batch).",
      "Prints medians over --runs runs after --warmup runs, and the machine."})
final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "WHAT", description = "tokenize, train, infer, serve or learn")
  String what;

  @Option(names = "--data", defaultValue = "imdb:train", description = "data (default: ${DEFAULT-VALUE})")
  String data;

  @Mixin InputOptions in;

  @Option(names = "--runs", defaultValue = "5", description = "measured runs (default: ${DEFAULT-VALUE})")
  int runs;

  @Option(names = "--warmup", defaultValue = "1", description = "warm-up runs (default: ${DEFAULT-VALUE})")
  int warmup;

  @Mixin SharedOptions.Threads threads;

  @Option(names = "--reviews", defaultValue = "5000", paramLabel = "N",
      description = "infer: reviews per run (the first N of --data; default: ${DEFAULT-VALUE})")
  int reviewCount;

  @Option(names = "--model", paramLabel = "FILE",
      description = "infer: also measure this trained model (its own tokenizer, vocabulary and configuration)")
  java.nio.file.Path model;

  @Option(names = "--clients", defaultValue = "4", paramLabel = "N",
      description = "serve: concurrent HTTP clients of the load generator (default: ${DEFAULT-VALUE})")
  int clients;

  @Option(names = "--requests", defaultValue = "2000", paramLabel = "N",
      description = "serve: requests per run with one text each; the 100-text runs send a tenth (default: ${DEFAULT-VALUE})")
  int requests;

  @Option(names = "--texts-out", paramLabel = "FILE",
      description = "serve: also write the texts used as JSON Lines ({\"id\", \"text\"}), to time hardmax classify on them")
  java.nio.file.Path textsOut;

  @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
      description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
  SharedOptions.TextOrJson format;

  @Option(names = "--variants", paramLabel = "LIST", split = ",",
      description = {"train, infer: also measure the bundled configuration (tokenizer, 25k bigrams, 1,000 tokens, word",
        "dropout) with these attention variants: global, distance, sentence, window3, window8, each optionally with -2ch",
        "(two-channel readout), -value (learned value map) and -headsH (H heads), in that order, e.g. distance-2ch-value-heads2;",
        "infer trains one epoch on the first --reviews reviews and times inference on them"})
  List<String> variants;

  private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Override
  public Integer call() throws Exception {
    if (runs < 1 || warmup < 0) {
      throw new CliException("--runs must be >= 1 and --warmup >= 0");
    }
    int t = threads.get();
    ObjectNode root = mapper.createObjectNode();
    root.put("benchmark", what).put("runs", runs).put("warmup", warmup).put("threads", t);
    root.set("machine", Machine.current().toJson(mapper));
    ArrayNode rows = root.putArray("results");
    switch (what) {
      case "tokenize" -> tokenize(rows, t);
      case "train" -> train(rows, t);
      case "infer" -> infer(rows, t);
      case "serve" -> serve(rows, t);
      case "learn" -> LearnBench.run(rows, warmup, runs, t);
      default -> throw new CliException("unknown benchmark '" + what + "', expected tokenize, train, infer, serve or learn");
    }
    PrintWriter out = spec.commandLine().getOut();
    if (format == SharedOptions.TextOrJson.json) {
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
    TokenizerSettings lucene = TokenizerSettings.builder().kind(TokenizerSettings.Kind.LUCENE).build();
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
    String base = name;
    java.util.regex.Matcher hm = java.util.regex.Pattern.compile("(.*)-heads([1-9][0-9]?)").matcher(base);
    int heads = 1;
    if (hm.matches()) {
      base = hm.group(1);
      heads = Integer.parseInt(hm.group(2));
    }
    b.valueMap(base.endsWith("-value"));
    base = base.endsWith("-value") ? base.substring(0, base.length() - 6) : base;
    b.twoChannel(base.endsWith("-2ch"));
    base = base.endsWith("-2ch") ? base.substring(0, base.length() - 4) : base;
    if (base.equals("global")) {
      b.global();
    } else if (base.equals("distance")) {
      b.distance(0.05);
    } else if (base.equals("sentence")) {
      b.sentence();
    } else if (base.matches("window[1-9][0-9]*")) {
      b.window(Integer.parseInt(base.substring(6)));
    } else {
      throw new CliException("unknown variant '" + name + "', expected global, distance, sentence or windowW, optionally with "
          + "-2ch, -value and -headsH");
    }
    b.heads(heads);
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new CliException("variant '" + name + "': " + e.getMessage());
    }
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
      TrainerConfig tc = io.hardmax.eval.Presets.defaultTrainer(threads, 1).toBuilder().maxEpochs(1).build();
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
      HardmaxTrainer tr = new HardmaxTrainer(cfg, TrainerConfig.builder().threads(threads).seed(1).maxEpochs(1).build());
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
      HardmaxConfig cfg = HardmaxConfig.builder().dim(dl[0]).maxLength(dl[1]).build();
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

  /**
   * {@code hardmax serve} on an ephemeral loopback port with {@code threads} workers, loaded by
   * {@link LoadGenerator} ({@code --clients} closed-loop clients): /v1/classify with 1 and with 100 texts per
   * request and /v1/explain with 1, and the path of {@code hardmax classify} on the same texts in this JVM (explain
   * each text on {@code threads} workers, no HTTP); {@code warmup} rounds then {@code runs} rounds of all four in
   * turn (medians over the rounds).
   */
  private void serve(ArrayNode rows, int threads) throws Exception {
    if (clients < 1 || requests < 10) {
      throw new CliException("--clients must be >= 1 and --requests >= 10");
    }
    List<Review> all = load(data);
    List<String> texts = all.subList(0, Math.min(all.size(), Math.max(1, reviewCount))).stream().map(Review::text).toList();
    if (textsOut != null) {
      AtomicFiles.write(textsOut, out -> {
        for (int i = 0; i < texts.size(); i++) {
          out.write(mapper.copy().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(
              mapper.createObjectNode().put("id", "bench-" + i).put("text", texts.get(i))));
          out.write('\n');
        }
      });
    }
    SentimentModel m = model == null ? SentimentModel.loadDefault() : SentimentModel.load(model);
    String source = (model == null ? "bundled model" : model.getFileName().toString()) + ", " + texts.size() + " texts of " + data;
    ServeConfig cfg = ServeConfig.builder().port(0).threads(threads).queue(Math.max(ServeConfig.DEFAULT_QUEUE, clients)).build();
    record Scenario(String name, String path, int texts, int requests) {}
    List<Scenario> scenarios = List.of(new Scenario("POST /v1/classify, 1 text per request", "/v1/classify", 1, requests),
        new Scenario("POST /v1/classify, 100 texts per request", "/v1/classify", 100, requests / 10),
        new Scenario("POST /v1/explain, 1 text per request", "/v1/explain", 1, requests));
    List<List<LoadGenerator.Result>> results = new ArrayList<>();
    scenarios.forEach(x -> results.add(new ArrayList<>()));
    List<Double> inProcess = new ArrayList<>();
    java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(threads);
    try (HardmaxServer server = HardmaxServer.start(m, cfg)) {
      URI base = URI.create(server.url());
      // rounds of every scenario in turn, so that the load of a shared machine drifting over time falls on all alike
      for (int r = 0; r < warmup + runs; r++) {
        for (int k = 0; k < scenarios.size(); k++) {
          Scenario sc = scenarios.get(k);
          LoadGenerator.Result res = LoadGenerator.run(base, sc.path(), texts, sc.texts(), clients, sc.requests(), Duration.ofMinutes(10));
          if (res.errors() > 0 || res.requests() != sc.requests()) {
            throw new IllegalStateException(sc.name() + ": " + res.errors() + " errors, " + res.requests() + " of "
                + sc.requests() + " requests answered");
          }
          if (r >= warmup) {
            results.get(k).add(res);
          }
        }
        // the classify command's path: every text explained on `threads` workers (ClassifyCommand), no HTTP
        long t0 = System.nanoTime();
        // collected, not counted: count() of a sized stream may skip the map
        List<Explanation> ex = pool.submit(() -> texts.parallelStream().map(m::explain).toList()).get();
        double rate = ex.size() / ((System.nanoTime() - t0) / 1e9);
        if (r >= warmup) {
          inProcess.add(rate);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    for (int k = 0; k < scenarios.size(); k++) {
      Scenario sc = scenarios.get(k);
      List<LoadGenerator.Result> rs = results.get(k);
      String name = String.format(Locale.ROOT, "serve %s, %d clients, %d requests (%s)", sc.name(), clients, sc.requests(), source);
      stat(rows, name, "requests/s", rs.stream().mapToDouble(LoadGenerator.Result::requestsPerSecond).toArray(), threads);
      stat(rows, name, "texts/s", rs.stream().mapToDouble(LoadGenerator.Result::textsPerSecond).toArray(), threads);
      stat(rows, name + " p50 latency", "ms", rs.stream().mapToDouble(x -> x.quantileMs(0.50)).toArray(), threads);
      stat(rows, name + " p99 latency", "ms", rs.stream().mapToDouble(x -> x.quantileMs(0.99)).toArray(), threads);
    }
    stat(rows, "classify path in-process (explain on " + threads + " threads, no HTTP; " + source + ")", "texts/s",
        inProcess.stream().mapToDouble(Double::doubleValue).toArray(), threads);
  }

  /** A row of the median, min and max of several runs' values. */
  private void stat(ArrayNode rows, String name, String unit, double[] values, int threads) {
    double[] v = values.clone();
    java.util.Arrays.sort(v);
    double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    row(rows, name, unit, median, v[0], v[v.length - 1], threads);
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
