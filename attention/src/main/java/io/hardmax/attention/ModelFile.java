package io.hardmax.attention;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hardmax.nlp.TokenizerSettings;
import io.hardmax.nlp.Truncation;
import io.hardmax.nlp.Vocabulary;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The model file format, version 2 (version 1 is still read). Self-contained and never Java serialization:
 *
 * <pre>
 *   8 bytes   magic "HARDMAX\n"
 *   4 bytes   format version (little-endian int) = 2
 *   4 bytes   header length H (little-endian int)
 *   H bytes   UTF-8 JSON header: config, tokenizer settings, vocabulary (and bigram_start, the id of its first
 *             bigram entry), provenance, and the list of arrays
 *             with their names and shapes
 *   arrays    each array's float32 values, little-endian, in header order
 *   32 bytes  SHA-256 of everything before it
 * </pre>
 *
 * Loading checks the magic, the version, the checksum, and every shape against the config.
 *
 * <p>Version 2 adds the attention variant to the config: {@code word_order} (GLOBAL, DISTANCE, WINDOW or SENTENCE),
 * {@code window}, {@code distance_init} and {@code two_channel}; the dense array then also holds the distance
 * slopes and the embeddings' readout (see {@link Weights}). A version-1 file has none of these keys and reads as
 * global attention with the one-channel readout, predicting exactly as it did. Unknown keys in the config and
 * tokenizer objects are rejected.
 */
public final class ModelFile {
  static final byte[] MAGIC = "HARDMAX\n".getBytes(StandardCharsets.US_ASCII);
  /** The format version written by this code. */
  public static final int VERSION = 2;
  /** The oldest format version this code reads. */
  public static final int OLDEST_VERSION = 1;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ModelFile() {}

  private static final FloatContainer.Format FORMAT = new FloatContainer.Format(MAGIC, VERSION, "model file", "model", OLDEST_VERSION);

  /** The JSON header of a model (everything but the weights' values). */
  private static ObjectNode header(SentimentModel model) {
    HardmaxConfig c = model.config();
    Weights w = model.network().weights();
    ObjectNode h = MAPPER.createObjectNode();
    h.put("format", "hardmax-model");
    h.put("version", VERSION);
    ObjectNode cfg = h.putObject("config");
    cfg.put("dim", c.dim()).put("depth", c.depth()).put("shared_layers", c.sharedLayers())
        .put("attention", c.attention().name()).put("alpha_init", Double.isNaN(c.alphaInit()) ? "uniform" : Double.toString(c.alphaInit()))
        .put("tau", c.tau()).put("pooling", c.pooling().name()).put("max_length", c.maxLength())
        .put("truncation", c.truncation().name()).put("spd_epsilon", c.spdEpsilon())
        .put("word_order", c.wordOrder().name()).put("window", c.window()).put("distance_init", c.distanceInit())
        .put("two_channel", c.twoChannel());
    TokenizerSettings t = model.tokenizerSettings();
    h.putObject("tokenizer").put("kind", t.kind().name()).put("lowercase", t.lowercase())
        .put("stop_list", t.stopList().name()).put("stem", t.stem()).put("strip_html", t.stripHtml())
        .put("mark_negation", t.markNegation()).put("lemmatize", t.lemmatize())
        .put("drop_punctuation", t.dropPunctuation());
    h.put("bigram_start", model.vocabulary().bigramStart());
    ArrayNode vocab = h.putArray("vocabulary");
    model.vocabulary().tokens().forEach(vocab::add);
    h.set("provenance", MAPPER.valueToTree(model.provenance()));
    ArrayNode arrays = h.putArray("arrays");
    arrays.addObject().put("name", "embeddings").putPOJO("shape", new int[] {w.vocab, w.dim});
    arrays.addObject().put("name", "dense").putPOJO("shape", new int[] {w.dense.length});
    return h;
  }

  /** Writes atomically: a temp file in the same folder, forced to disk, then a move. */
  static void write(SentimentModel model, Path file) throws IOException {
    Weights w = model.network().weights();
    FloatContainer.write(file, FORMAT, header(model), w.embeddings, w.dense);
  }

  static SentimentModel read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ModelFileException(file + ": cannot read the model file (" + e.getMessage() + ")", e);
    }
    return decode(bytes, file.toString());
  }

  static SentimentModel read(InputStream in, String source) throws IOException {
    return decode(in.readAllBytes(), source);
  }

  static SentimentModel decode(byte[] bytes, String source) {
    FloatContainer.Frame frame = FloatContainer.open(bytes, source, FORMAT);
    JsonNode h = frame.header();
    ByteBuffer b = frame.arrays();
    try {
      rejectUnknown(h, List.of("format", "version", "config", "tokenizer", "bigram_start", "vocabulary", "provenance",
          "arrays"), "header");
      HardmaxConfig cfg = config(required(h, "config"), frame.version());
      TokenizerSettings ts = tokenizer(h.path("tokenizer"));
      List<String> toks = new ArrayList<>();
      for (JsonNode t : required(h, "vocabulary")) {
        toks.add(t.asText());
      }
      // bigram entries form a block at the end; files without the field have none
      Vocabulary vocab = new Vocabulary(toks, h.has("bigram_start") ? h.get("bigram_start").asInt() : toks.size());
      Provenance prov = MAPPER.treeToValue(required(h, "provenance"), Provenance.class);
      int expectDense = Weights.denseSize(cfg);
      Map<String, int[]> shapes = new HashMap<>();
      for (JsonNode a : required(h, "arrays")) {
        JsonNode s = a.path("shape");
        int[] shape = new int[s.size()];
        for (int i = 0; i < shape.length; i++) {
          shape[i] = s.get(i).asInt();
        }
        shapes.put(a.path("name").asText(), shape);
      }
      checkShape(source, "embeddings", shapes.get("embeddings"), new int[] {vocab.size(), cfg.dim()});
      checkShape(source, "dense", shapes.get("dense"), new int[] {expectDense});
      long floats = (long) vocab.size() * cfg.dim() + expectDense;
      if (b.remaining() != floats * 4) {
        throw new ModelFileException(source + ": expected " + floats * 4 + " bytes of weights, found " + b.remaining());
      }
      float[] emb = new float[vocab.size() * cfg.dim()];
      for (int i = 0; i < emb.length; i++) {
        emb[i] = b.getFloat();
      }
      float[] dense = new float[expectDense];
      for (int i = 0; i < dense.length; i++) {
        dense[i] = b.getFloat();
      }
      Weights w = new Weights(emb, dense, vocab.size(), cfg);
      return new SentimentModel(ts, vocab, new Network(cfg, w, SequenceLayout.of(vocab)), prov);
    } catch (IOException | IllegalArgumentException | NullPointerException e) {
      throw new ModelFileException(source + ": invalid model header (" + String.valueOf(e.getMessage()).split("\n")[0] + ")", e);
    }
  }

  private static JsonNode required(JsonNode h, String field) {
    JsonNode n = h.get(field);
    if (n == null || n.isNull()) {
      throw new IllegalArgumentException("missing \"" + field + "\"");
    }
    return n;
  }

  private static void checkShape(String source, String name, int[] actual, int[] expected) {
    if (!Arrays.equals(actual, expected)) {
      throw new ModelFileException(source + ": array \"" + name + "\" has shape " + Arrays.toString(actual)
          + ", the config needs " + Arrays.toString(expected));
    }
  }

  private static final List<String> CONFIG_V1 = List.of("dim", "depth", "shared_layers", "attention", "alpha_init",
      "tau", "pooling", "max_length", "truncation", "spd_epsilon");
  private static final List<String> CONFIG_V2 = List.of("dim", "depth", "shared_layers", "attention", "alpha_init",
      "tau", "pooling", "max_length", "truncation", "spd_epsilon", "word_order", "window", "distance_init",
      "two_channel");

  private static HardmaxConfig config(JsonNode c, int version) {
    rejectUnknown(c, version == 1 ? CONFIG_V1 : CONFIG_V2, "config");
    String ai = required(c, "alpha_init").asText();
    HardmaxConfig.Builder b = HardmaxConfig.builder().dim(required(c, "dim").asInt()).depth(required(c, "depth").asInt())
        .sharedLayers(required(c, "shared_layers").asBoolean())
        .attention(HardmaxConfig.AttentionKind.valueOf(required(c, "attention").asText()))
        .alphaInit(ai.equals("uniform") ? Double.NaN : Double.parseDouble(ai)).tau(required(c, "tau").asDouble())
        .pooling(HardmaxConfig.Pooling.valueOf(required(c, "pooling").asText())).maxLength(required(c, "max_length").asInt())
        .truncation(Truncation.valueOf(required(c, "truncation").asText())).spdEpsilon(required(c, "spd_epsilon").asDouble());
    if (version >= 2) {
      b.wordOrder(HardmaxConfig.WordOrder.valueOf(required(c, "word_order").asText()))
          .windowSize(required(c, "window").asInt()).distanceInit(required(c, "distance_init").asDouble())
          .twoChannel(required(c, "two_channel").asBoolean());
    }
    return b.build();
  }

  /** One rule for every header object: a key this version does not define is an error, never ignored. */
  static void rejectUnknown(JsonNode o, List<String> known, String what) {
    if (!o.isObject()) {
      throw new IllegalArgumentException("\"" + what + "\" is not an object");
    }
    Iterator<String> names = o.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      if (!known.contains(n)) {
        throw new IllegalArgumentException("unknown " + what + " setting \"" + n + "\", expected one of " + known);
      }
    }
  }

  private static TokenizerSettings tokenizer(JsonNode t) {
    rejectUnknown(t, List.of("kind", "lowercase", "stop_list", "stem", "strip_html", "mark_negation", "lemmatize",
        "drop_punctuation"), "tokenizer");
    return new TokenizerSettings(TokenizerSettings.Kind.valueOf(required(t, "kind").asText()),
        required(t, "lowercase").asBoolean(), TokenizerSettings.StopList.valueOf(required(t, "stop_list").asText()),
        required(t, "stem").asBoolean(), required(t, "strip_html").asBoolean(), required(t, "mark_negation").asBoolean(),
        required(t, "lemmatize").asBoolean(), required(t, "drop_punctuation").asBoolean());
  }
}
