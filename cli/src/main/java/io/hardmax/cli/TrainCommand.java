package io.hardmax.cli;

import io.hardmax.core.AtomicFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hardmax.attention.EmbeddingEncoding;
import io.hardmax.attention.EpochStats;
import io.hardmax.attention.HardmaxConfig;
import io.hardmax.attention.ModelTrainer;
import io.hardmax.attention.SentimentModel;
import io.hardmax.attention.TrainerConfig;
import io.hardmax.attention.TrainingListener;
import io.hardmax.datasets.Review;
import io.hardmax.datasets.Splits;
import io.hardmax.eval.Presets;
import io.hardmax.nlp.NlpException;
import io.hardmax.nlp.TokenizerSettings;
import io.hardmax.nlp.Tokenizers;
import io.hardmax.nlp.Truncation;
import io.hardmax.nlp.VocabularySettings;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hardmax train}: trains a model on labelled data, carving a seeded validation split out of it for early
 * stopping (never touching test data), and writes the model file and a JSON training log.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Train a hardmax transformer. A validation part is carved out of --data (seeded) for early",
      "stopping; presets: paper (the paper's model) or default (the bundled model's configuration); every option",
      "below overrides the preset. A checkpoint is written after every epoch; --resume continues an interrupted run",
      "and gives the model an uninterrupted run would have given."})
final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--data", required = true, paramLabel = "SPEC", description = "training data, e.g. imdb:train")
  List<String> data;

  @Mixin InputOptions in;

  @Option(names = "--preset", defaultValue = "default", description = "paper or default (default: ${DEFAULT-VALUE})")
  String preset;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "the model file to write")
  Path out;

  @Option(names = "--log", paramLabel = "FILE", description = "the JSON training log (default: FILE.log.json beside --out)")
  Path log;

  @Option(names = "--checkpoint", paramLabel = "FILE", description = {"the training checkpoint, rewritten atomically after every epoch and",
      "deleted once the model and log are written (default: FILE.ckpt beside --out)"})
  Path checkpoint;

  @Option(names = "--resume", description = {"continue from --checkpoint where an interrupted run left it; same data and options",
      "are required, and the model equals that of an uninterrupted run bit for bit (same --threads)"})
  boolean resume;

  @Option(names = "--stop-after", paramLabel = "N", description = {"end this run after epoch N, keeping the checkpoint to continue",
      "with --resume (training in slices); no model is written"})
  Integer stopAfter;

  @Option(names = "--validation", defaultValue = "0.1", description = "share of --data held out for validation (default: ${DEFAULT-VALUE})")
  double validation;

  @Option(names = "--validation-blocks", paramLabel = "N", defaultValue = "0", description = {
      "draw the validation part in whole runs of N consecutive reviews of each label (input order), so that",
      "reviews of one movie, which IMDb numbers consecutively, stay on one side; 0 draws single reviews",
      "(default: ${DEFAULT-VALUE})"})
  int validationBlocks;

  @Option(names = "--seed", defaultValue = "20261122", description = "seed of the split, initial weights and shuffling (default: ${DEFAULT-VALUE})")
  long seed;

  @Mixin SharedOptions.Threads threads;

  // model
  @Option(names = "--dim", description = "embedding dimension d") Integer dim;
  @Option(names = "--depth", description = "attention layers (0 = mean of embeddings)") Integer depth;
  @Option(names = "--per-layer", description = "one attention module per layer instead of shared") Boolean perLayer;
  @Option(names = "--attention", description = "identity or learned-spd") String attention;
  @Option(names = "--alpha", description = "initial alpha (> 0)") Double alpha;
  @Option(names = "--tau", description = "training softmax temperature") Double tau;
  @Option(names = "--pooling", description = "all-positions (padding included), real-tokens or distinct-words (each distinct word once)") String pooling;
  @Option(names = "--max-length", description = "tokens per review") Integer maxLength;
  @Option(names = "--truncation", description = "first or head-tail") String truncation;
  @Option(names = "--word-order", description = {"global (no word order), distance (scores minus a learned m |i - j|)",
      "window (keys within --window positions) or sentence (keys from the token's own sentence)"}) String wordOrder;
  @Option(names = "--window", paramLabel = "W", description = "window of --word-order window, in positions") Integer window;
  @Option(names = "--distance-init", paramLabel = "M", description = "initial slope m >= 0 of --word-order distance") Double distanceInit;
  @Option(names = "--two-channel", arity = "1", description = "readout v0 . mean z^0 + v . mean z^L (true or false)") Boolean twoChannel;
  @Option(names = "--value-map", arity = "1", description = {"a learned d x d map W per module, starting at I:",
      "z_i <- (z_i + alpha W mean_C z_j) / (1 + alpha) (true or false)"}) Boolean valueMap;
  @Option(names = "--heads", paramLabel = "H", description = {"attention heads per module, each with its own scores",
      "(needs --attention learned-spd or --word-order distance with --distance-init > 0)"}) Integer heads;
  @Option(names = "--negation-gate", arity = "1", description = {"a negator (not, never, n't ...) gates the words of its",
      "scope (up to clause punctuation): e_i -> (1 - 2 sigmoid(U e_neg + c - lambda k)) * e_i, k words after the",
      "first; U, c and lambda learned (true or false)"})
  Boolean negationGate;
  @Option(names = "--contrast-gate", arity = "1", description = {"a contrast word (but, however, yet) gates the words",
      "before it in its sentence with the same gate (true or false)"})
  Boolean contrastGate;
  // tokenizer and vocabulary
  @Option(names = "--tokenizer", description = "corenlp, lucene or paper") String tokenizer;
  @Option(names = "--lowercase", arity = "1", description = "true or false") Boolean lowercase;
  @Option(names = "--stop-words", description = "none, negation-preserving or full") String stopWords;
  @Option(names = "--mark-negation", arity = "1", description = "true or false") Boolean markNegation;
  @Option(names = "--min-count", description = "vocabulary min count") Integer minCount;
  @Option(names = "--max-vocab", description = "vocabulary max size (unigrams)") Integer maxVocab;
  @Option(names = "--bigrams", paramLabel = "N", description = "add up to N bigram entries (0 = none)") Integer bigrams;
  @Option(names = "--bigram-min-count", paramLabel = "N", description = "a bigram entry needs N occurrences") Integer bigramMinCount;
  @Option(names = "--trigrams", paramLabel = "N", description = "add up to N trigram entries (0 = none, the presets' choice)") Integer trigrams;
  @Option(names = "--trigram-min-count", paramLabel = "N", description = "a trigram entry needs N occurrences (default: 3)") Integer trigramMinCount;
  // model file
  @Option(names = "--embedding-bits", defaultValue = "32", paramLabel = "BITS", description = {"store the embedding table in the",
      "model file as 32 (float32), 16 (int16) or 8 (int8) bits a value; training is float32 either way, and the",
      "validation accuracy of the stored model is printed beside the trained one's (default: ${DEFAULT-VALUE})"}) int embeddingBits;
  @Option(names = "--embedding-scale", defaultValue = "column", paramLabel = "AXIS", description = {"one quantisation scale per",
      "column (dimension) or per row (token), for 16 and 8 bits; per row costs 4 bytes a token (default: ${DEFAULT-VALUE})"})
  String embeddingScale;
  // trainer
  @Option(names = "--epochs", description = "epochs at most") Integer epochs;
  @Option(names = "--batch", description = "batch size") Integer batch;
  @Option(names = "--lr", description = "Adam learning rate") Double lr;
  @Option(names = "--weight-decay", description = "decoupled weight decay") Double weightDecay;
  @Option(names = "--patience", description = "early-stopping patience in epochs") Integer patience;
  @Option(names = "--init-std", description = "std of the initial embeddings") Double initStd;
  @Option(names = "--hardmax-epochs", description = "train the last N epochs through exact hardmax (straight-through)") Integer hardmaxEpochs;
  @Option(names = "--word-dropout", description = "leave out each distinct word of a training review with this probability, per epoch (embedding dropout)") Double wordDropout;

  @Override
  public Integer call() throws Exception {
    int t = threads.get();
    boolean paper = switch (preset) {
      case "paper" -> true;
      case "default" -> false;
      default -> throw new CliException("--preset must be paper or default, was '" + preset + "'");
    };
    TokenizerSettings ts;
    VocabularySettings vs;
    HardmaxConfig cfg;
    TrainerConfig tc;
    EmbeddingEncoding encoding;
    try {
      ts = paper ? TokenizerSettings.paper() : Presets.defaultTokenizer();
      vs = paper ? VocabularySettings.defaults() : Presets.defaultVocabulary();
      cfg = paper ? HardmaxConfig.paper(16) : Presets.defaultConfig();
      tc = paper ? TrainerConfig.paper(t, seed) : Presets.defaultTrainer(t, seed);
      tc = tc.toBuilder().threads(t).seed(seed).build();
      TokenizerSettings.Builder tsb = ts.toBuilder();
      if (tokenizer != null) {
        tsb.kind(Tokenizers.parseKind(tokenizer));
      }
      if (lowercase != null) {
        tsb.lowercase(lowercase);
      }
      if (stopWords != null) {
        tsb.stopList(Tokenizers.parseStopList(stopWords));
      }
      if (markNegation != null) {
        tsb.markNegation(markNegation);
      }
      ts = tsb.build();
      VocabularySettings.Builder vsb = vs.toBuilder();
      if (minCount != null) {
        vsb.minCount(minCount);
      }
      if (maxVocab != null) {
        vsb.maxSize(maxVocab);
      }
      if (bigrams != null) {
        vsb.bigrams(bigrams != 0);
        if (bigrams != 0) {
          vsb.bigramMaxSize(bigrams);
        }
      }
      if (bigramMinCount != null) {
        vsb.bigramMinCount(bigramMinCount);
      }
      if (trigrams != null) {
        vsb.trigrams(trigrams != 0);
        if (trigrams != 0) {
          vsb.trigramMaxSize(trigrams);
        }
      }
      if (trigramMinCount != null) {
        vsb.trigramMinCount(trigramMinCount);
      }
      vs = vsb.build();
      encoding = EmbeddingEncoding.of(embeddingBits, embeddingScale);
      HardmaxConfig.Builder cb = cfg.toBuilder();
      if (dim != null) {
        cb.dim(dim);
      }
      if (depth != null) {
        cb.depth(depth);
      }
      if (perLayer != null) {
        cb.sharedLayers(!perLayer);
      }
      if (attention != null) {
        cb.attention(HardmaxConfig.AttentionKind.valueOf(attention.toUpperCase(Locale.ROOT).replace('-', '_')));
      }
      if (alpha != null) {
        cb.alphaInit(alpha);
      }
      if (tau != null) {
        cb.tau(tau);
      }
      if (pooling != null) {
        cb.pooling(parseEnum(HardmaxConfig.Pooling.class, "--pooling", pooling));
      }
      if (maxLength != null) {
        cb.maxLength(maxLength);
      }
      if (truncation != null) {
        cb.truncation(parseEnum(Truncation.class, "--truncation", truncation));
      }
      if (wordOrder != null) {
        String wo = wordOrder.toUpperCase(Locale.ROOT);
        if (!List.of("GLOBAL", "DISTANCE", "WINDOW", "SENTENCE").contains(wo)) {
          throw new CliException("--word-order must be global, distance, window or sentence, was '" + wordOrder + "'");
        }
        cb.wordOrder(HardmaxConfig.WordOrder.valueOf(wo));
      }
      if (window != null) {
        cb.windowSize(window);
      }
      if (distanceInit != null) {
        cb.distanceInit(distanceInit);
      }
      if (twoChannel != null) {
        cb.twoChannel(twoChannel);
      }
      if (valueMap != null) {
        cb.valueMap(valueMap);
      }
      if (heads != null) {
        cb.heads(heads);
      }
      if (negationGate != null) {
        cb.negationGate(negationGate);
      }
      if (contrastGate != null) {
        cb.contrastGate(contrastGate);
      }
      cfg = cb.build();
      TrainerConfig.Builder tb = tc.toBuilder();
      if (epochs != null) {
        tb.maxEpochs(epochs);
      }
      if (batch != null) {
        tb.batchSize(batch);
      }
      if (lr != null) {
        tb.learningRate(lr);
      }
      if (weightDecay != null) {
        tb.weightDecay(weightDecay);
      }
      if (patience != null) {
        tb.patience(patience);
      }
      if (initStd != null) {
        tb.embeddingInitStd(initStd);
      }
      if (hardmaxEpochs != null) {
        tb.hardmaxEpochs(hardmaxEpochs);
      }
      if (wordDropout != null) {
        tb.wordDropout(wordDropout);
      }
      tc = tb.build();
    } catch (IllegalArgumentException | NlpException e) {
      throw new CliException(e.getMessage());
    }
    List<Review> all;
    try (Stream<Review> s = in.open(data)) {
      all = s.toList();
    }
    for (Review r : all) {
      if (r.label() == null) {
        throw new CliException(r.origin() + ": review " + r.id() + " has no label; training needs labelled data");
      }
    }
    Splits.Split split;
    try {
      if (validationBlocks < 0) {
        throw new CliException("--validation-blocks must be >= 0, was " + validationBlocks);
      }
      split = Splits.trainValidationBlocks(all, validation, validationBlocks, seed);
    } catch (IllegalArgumentException e) {
      throw new CliException("--validation: " + e.getMessage());
    }
    if (stopAfter != null && stopAfter < 1) {
      throw new CliException("--stop-after must be >= 1, was " + stopAfter);
    }
    Path ckpt = checkpoint != null ? checkpoint : out.resolveSibling(out.getFileName() + ".ckpt");
    if (Files.isDirectory(ckpt)) {
      throw new CliException(ckpt + ": is a folder, expected the checkpoint file");
    }
    PrintWriter err = spec.commandLine().getErr();
    err.printf(Locale.ROOT, "hardmax: training on %d reviews, validating on %d drawn as %s (seed %d, %d threads)%n",
        split.train().size(), split.validation().size(), split.method(), seed, t);
    err.printf(Locale.ROOT, "hardmax: %s%nhardmax: %s%nhardmax: %s%n", cfg, ts, tc);
    if (resume) {
      err.printf(Locale.ROOT, "hardmax: resuming from %s%n", ckpt);
    } else if (Files.exists(ckpt)) {
      err.printf(Locale.ROOT, "hardmax: overwriting the checkpoint %s of an earlier run (--resume continues from it)%n", ckpt);
    }
    err.println(EpochLog.HEADER);
    err.flush();
    ModelTrainer.Outcome o;
    EpochLog epochLog = new EpochLog(err, tc.maxEpochs(), System.console() != null);
    try {
      o = ModelTrainer.train(ts, vs, cfg, tc, texts(split.train()), texts(split.validation()), String.join(" ", data),
          new TrainingListener() {
            @Override
            public void step(int epoch, int step, int steps, double loss, double acc) {
              epochLog.step(epoch, step, steps, loss, acc);
            }

            @Override
            public void epoch(EpochStats s, boolean best) {
              epochLog.epoch(s, best);
              if (stopAfter != null && s.epoch() == stopAfter) {
                throw new StopAfter();
              }
            }
          }, ckpt, resume);
    } catch (StopAfter e) {
      err.printf(Locale.ROOT, "hardmax: stopped after epoch %d as asked; %s holds the run, continue it with --resume%n",
          stopAfter, ckpt);
      err.flush();
      return Main.OK;
    } finally {
      epochLog.close();
    }
    SentimentModel model = o.model().withEmbeddingEncoding(encoding);
    double storedAccuracy = Double.NaN;
    if (encoding.quantised()) {
      storedAccuracy = accuracy(model, split.validation(), t);
      err.printf(Locale.ROOT, "hardmax: embeddings stored as %s: validation accuracy %.4f (hardmax), %.4f in float32%n",
          encoding, storedAccuracy, accuracy(o.model(), split.validation(), t));
    }
    model.save(out);
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode logJson = mapper.createObjectNode();
    logJson.put("model", out.toString()).put("data", String.join(" ", data)).put("seed", seed).put("threads", t)
        .put("validation_fraction", validation).put("validation_drawn_as", split.method()).put("train_count", split.train().size())
        .put("validation_count", split.validation().size()).put("best_epoch", o.result().bestEpoch())
        .put("config", cfg.toString()).put("tokenizer", ts.toString()).put("vocabulary", vs.toString()).put("trainer", tc.toString())
        .put("embedding_encoding", encoding.toString()).put("model_bytes", Files.size(out));
    if (encoding.quantised()) {
      logJson.put("validation_accuracy_hardmax_stored", storedAccuracy);
    }
    ArrayNode h = logJson.putArray("epochs");
    for (EpochStats s : o.result().history()) {
      h.add(mapper.valueToTree(s));
    }
    Path logPath = log != null ? log : out.resolveSibling(out.getFileName() + ".log.json");
    AtomicFiles.writeString(logPath, mapper.writeValueAsString(logJson) + "\n");
    Files.deleteIfExists(ckpt); // the model and log are written: the run needs no resuming
    err.printf(Locale.ROOT, "hardmax: best epoch %d, validation accuracy %.4f (hardmax); wrote %s and %s%n", o.result().bestEpoch(),
        o.result().best().validationAccuracyHardmax(), out, logPath);
    if (cfg.gated()) {
      err.printf(Locale.ROOT, "hardmax: gate 1 - 2 sigmoid(U e + c) of each operator word for the word next to it, mean (min..max) over coordinates: %s%n",
          o.model().gateSummary(6));
    }
    return Main.OK;
  }

  /** Ends a run after the epoch of {@code --stop-after}, its checkpoint written. */
  private static final class StopAfter extends RuntimeException {
    StopAfter() {
      super("--stop-after", null, false, false);
    }
  }

  /** Exact-hardmax accuracy of a model on labelled reviews. */
  private static double accuracy(SentimentModel m, List<Review> rs, int threads) throws Exception {
    java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(threads);
    try {
      // SentimentModel is thread-safe; the count does not depend on the order the threads finish in
      long right = pool.submit(() -> rs.parallelStream().filter(r -> m.predict(r.text()).label() == r.label()).count()).get();
      return rs.isEmpty() ? Double.NaN : right / (double) rs.size();
    } finally {
      pool.shutdown();
    }
  }

  private static ModelTrainer.LabeledTexts texts(List<Review> rs) {
    int[] labels = new int[rs.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = rs.get(i).label();
    }
    return new ModelTrainer.LabeledTexts(rs.stream().map(Review::text).toList(), labels);
  }

  /** An enum constant from its command-line spelling ("real-tokens" for REAL_TOKENS), or a user error listing them. */
  static <E extends Enum<E>> E parseEnum(Class<E> type, String option, String value) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'))) {
        return e;
      }
    }
    List<String> names = new java.util.ArrayList<>();
    for (E e : type.getEnumConstants()) {
      names.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
    throw new CliException(option + " must be one of " + String.join(", ", names) + ", was '" + value + "'");
  }
}
