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
 * The model file format, version 2 (version 1 files are still read). Self-contained and never Java
 * serialization:
 *
 * <pre>
 *   8 bytes   magic "HARDMAX\n"
 *   4 bytes   format version (little-endian int) = 2
 *   4 bytes   header length H (little-endian int)
 *   H bytes   UTF-8 JSON header: config, tokenizer settings, vocabulary (and bigram_start, the id of its first
 *             bigram entry; trigram_start, the id of its first trigram entry, when it has any), provenance,
 *             embedding_encoding (dtype "float32", "int16" or "int8", bits, scale "none", "row" or "column",
 *             and the dequantisation formula in words), and the list of arrays with their names, shapes and
 *             dtypes: embeddings [vocab, dim], embedding_scales [vocab] or [dim] (float32, only when
 *             quantised), dense [D] (float32)
 *   arrays    each array's values, little-endian, in header order
 *   32 bytes  SHA-256 of everything before it
 * </pre>
 *
 * Version 1 is the same without embedding_encoding, trigram_start, embedding_scales and the arrays' dtypes: its
 * embeddings and dense arrays are float32. A quantised table is dequantised on load ({@link EmbeddingEncoding});
 * the model then computes with those float32 values, so its explanation stays exactly additive.
 *
 * Loading checks the magic, the version, the checksum, and every shape against the config.
 *
 * <p>Version 2 adds the attention variant to the config: {@code word_order} (GLOBAL, DISTANCE, WINDOW or SENTENCE),
 * {@code window}, {@code distance_init} and {@code two_channel}; the dense array then also holds the distance
 * slopes and the embeddings' readout (see {@link Weights}). A version-1 file has none of these keys and reads as
 * global attention with the one-channel readout, predicting exactly as it did. Unknown keys in the config and
 * tokenizer objects are rejected.
 *
 * <p>Still version 2: the value map and several heads add the config keys {@code value_map} (true) and
 * {@code heads} (an int > 1), written only when used, and the dense parameters of {@link Weights} (W per module,
 * the score parameters of heads 1..H-1). A file without them reads as before (no value map, one head), so every
 * file of the earlier configurations is written byte for byte as before and old readers still read it; a file that
 * uses them has a key old version-2 readers reject by name, so they cannot misread it, and the version needs no
 * bump. The negation gate adds the key {@code negation_gate} (the name of the scope rule, "v1") and its U, c and decay
 * at the end of the dense parameters, in the same way (the contrast gate, key {@code contrast_gate}, shares them); pooling {@code DISTINCT_WORDS} is a new value of the existing
 * {@code pooling} key, which older readers refuse by name.
 */
public final class ModelFile {
  static final byte[] MAGIC = "HARDMAX\n".getBytes(StandardCharsets.US_ASCII);
  /** The format version written by this code. */
  public static final int VERSION = 2;
  /** The oldest format version this code reads. */
  public static final int OLDEST_VERSION = 1;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ModelFile() {}

  static final FloatContainer.Format FORMAT = new FloatContainer.Format(MAGIC, VERSION, OLDEST_VERSION, "model file", "model");

  /** The JSON header of a model (everything but the weights' values). */
  static ObjectNode header(SentimentModel model) {
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
    if (c.valueMap()) {
      cfg.put("value_map", true);
    }
    if (c.heads() > 1) {
      cfg.put("heads", c.heads());
    }
    if (c.negationGate()) {
      cfg.put("negation_gate", SequenceLayout.NEGATION_RULE);
    }
    if (c.contrastGate()) {
      cfg.put("contrast_gate", SequenceLayout.CONTRAST_RULE);
    }
    TokenizerSettings t = model.tokenizerSettings();
    h.putObject("tokenizer").put("kind", t.kind().name()).put("lowercase", t.lowercase())
        .put("stop_list", t.stopList().name()).put("stem", t.stem()).put("strip_html", t.stripHtml())
        .put("mark_negation", t.markNegation()).put("lemmatize", t.lemmatize())
        .put("drop_punctuation", t.dropPunctuation());
    h.put("bigram_start", model.vocabulary().bigramStart());
    if (model.vocabulary().hasTrigrams()) {
      h.put("trigram_start", model.vocabulary().trigramStart());
    }
    ArrayNode vocab = h.putArray("vocabulary");
    model.vocabulary().tokens().forEach(vocab::add);
    h.set("provenance", MAPPER.valueToTree(model.provenance()));
    EmbeddingEncoding enc = model.embeddingEncoding();
    h.putObject("embedding_encoding").put("dtype", enc.dtype()).put("bits", enc.bits())
        .put("scale", EmbeddingEncoding.name(enc.scale())).put("dequantise", enc.formula());
    ArrayNode arrays = h.putArray("arrays");
    for (ArraySpec a : arraySpecs(enc, w.vocab, w.dim, w.dense.length)) {
      arrays.addObject().put("name", a.name()).putPOJO("shape", a.shape()).put("dtype", a.dtype());
    }
    return h;
  }

  /** One entry of the header's array list. */
  private record ArraySpec(String name, int[] shape, String dtype) {}

  /** The arrays of a version-2 file, in order. */
  private static List<ArraySpec> arraySpecs(EmbeddingEncoding enc, int vocab, int dim, int dense) {
    List<ArraySpec> a = new ArrayList<>();
    a.add(new ArraySpec("embeddings", new int[] {vocab, dim}, enc.dtype()));
    if (enc.quantised()) {
      a.add(new ArraySpec("embedding_scales", new int[] {StoredEmbeddings.scaleCount(enc, vocab, dim)}, "float32"));
    }
    a.add(new ArraySpec("dense", new int[] {dense}, "float32"));
    return a;
  }

  /** Writes atomically: a temp file in the same folder, forced to disk, then a move. */
  static void write(SentimentModel model, Path file) throws IOException {
    Weights w = model.network().weights();
    StoredEmbeddings e = model.storedEmbeddings();
    FloatContainer.Array table = switch (e.encoding.bits()) {
      case 16 -> new FloatContainer.Int16(e.int16);
      case 8 -> new FloatContainer.Int8(e.int8);
      default -> new FloatContainer.Float32(e.float32);
    };
    if (e.encoding.quantised()) {
      FloatContainer.write(file, FORMAT, header(model), table, new FloatContainer.Float32(e.scales),
          new FloatContainer.Float32(w.dense));
    } else {
      FloatContainer.write(file, FORMAT, header(model), table, new FloatContainer.Float32(w.dense));
    }
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
      List<String> known = new ArrayList<>(List.of("format", "version", "config", "tokenizer", "bigram_start", "vocabulary",
          "provenance", "arrays"));
      if (frame.version() >= 2) {
        known.addAll(List.of("trigram_start", "embedding_encoding"));
      }
      rejectUnknown(h, known, "header");
      HardmaxConfig cfg = config(required(h, "config"), frame.version());
      TokenizerSettings ts = tokenizer(h.path("tokenizer"));
      List<String> toks = new ArrayList<>();
      for (JsonNode t : required(h, "vocabulary")) {
        toks.add(t.asText());
      }
      // bigram entries form a block after the unigrams, trigram entries one after the bigrams; files without
      // the fields have none
      int bigramStart = h.has("bigram_start") ? h.get("bigram_start").asInt() : toks.size();
      if (frame.version() == 1 && h.has("trigram_start")) {
        throw new IllegalArgumentException("\"trigram_start\" in a version-1 file");
      }
      Vocabulary vocab = new Vocabulary(toks, bigramStart, h.has("trigram_start") ? h.get("trigram_start").asInt() : toks.size());
      Provenance prov = MAPPER.treeToValue(required(h, "provenance"), Provenance.class);
      int expectDense = Weights.denseSize(cfg);
      EmbeddingEncoding enc = frame.version() == 1 ? EmbeddingEncoding.FLOAT32 : encoding(required(h, "embedding_encoding"));
      checkArrays(source, required(h, "arrays"), frame.version(), enc, vocab.size(), cfg.dim(), expectDense);
      int n = Math.multiplyExact(vocab.size(), cfg.dim());
      int scaleCount = StoredEmbeddings.scaleCount(enc, vocab.size(), cfg.dim());
      long weightBytes = (long) n * (enc.bits() / 8) + 4L * scaleCount + 4L * expectDense;
      if (b.remaining() != weightBytes) {
        throw new ModelFileException(source + ": expected " + weightBytes + " bytes of weights, found " + b.remaining());
      }
      StoredEmbeddings stored = readEmbeddings(b, enc, vocab.size(), cfg.dim());
      float[] dense = new float[expectDense];
      for (int i = 0; i < dense.length; i++) {
        dense[i] = b.getFloat();
      }
      Weights w = new Weights(stored.dequantise(), dense, vocab.size(), cfg);
      return new SentimentModel(ts, vocab, new Network(cfg, w, SequenceLayout.of(vocab)), prov, stored);
    } catch (IOException | IllegalArgumentException | NullPointerException e) {
      throw new ModelFileException(source + ": invalid model header (" + String.valueOf(e.getMessage()).split("\n")[0] + ")", e);
    }
  }

  /** The stored embedding table (and its scales) from the arrays section. */
  private static StoredEmbeddings readEmbeddings(ByteBuffer b, EmbeddingEncoding enc, int vocab, int dim) {
    int n = Math.multiplyExact(vocab, dim);
    float[] f32 = null;
    short[] i16 = null;
    byte[] i8 = null;
    switch (enc.bits()) {
      case 16 -> {
        i16 = new short[n];
        b.asShortBuffer().get(i16);
        b.position(b.position() + 2 * n);
      }
      case 8 -> {
        i8 = new byte[n];
        b.get(i8);
      }
      default -> {
        f32 = new float[n];
        b.asFloatBuffer().get(f32);
        b.position(b.position() + 4 * n);
      }
    }
    float[] scales = new float[StoredEmbeddings.scaleCount(enc, vocab, dim)];
    b.asFloatBuffer().get(scales);
    b.position(b.position() + 4 * scales.length);
    for (int i = 0; i < scales.length; i++) {
      if (!(scales[i] >= 0) || Float.isInfinite(scales[i])) {
        throw new IllegalArgumentException("embedding_scales[" + i + "] is " + scales[i] + ", expected a finite value >= 0");
      }
    }
    return new StoredEmbeddings(enc, vocab, dim, f32, i16, i8, scales);
  }

  /** The header's embedding_encoding object (version 2). */
  private static EmbeddingEncoding encoding(JsonNode e) {
    Iterator<String> names = e.fieldNames();
    List<String> known = List.of("dtype", "bits", "scale", "dequantise");
    while (names.hasNext()) {
      String n = names.next();
      if (!known.contains(n)) {
        throw new IllegalArgumentException("unknown embedding_encoding field \"" + n + "\"");
      }
    }
    int bits = required(e, "bits").asInt();
    String scale = required(e, "scale").asText();
    EmbeddingEncoding enc = bits == 32 && scale.equals("none") ? EmbeddingEncoding.FLOAT32
        : new EmbeddingEncoding(bits, EmbeddingEncoding.parseScale(scale));
    String dtype = required(e, "dtype").asText();
    if (!dtype.equals(enc.dtype())) {
      throw new IllegalArgumentException("embedding_encoding dtype \"" + dtype + "\" does not match " + bits + " bits");
    }
    return enc;
  }

  /** The header's array list must name exactly the arrays the config and encoding need, in order. */
  private static void checkArrays(String source, JsonNode arrays, int version, EmbeddingEncoding enc, int vocab, int dim,
      int dense) {
    List<ArraySpec> want = version == 1 ? List.of(new ArraySpec("embeddings", new int[] {vocab, dim}, "float32"),
        new ArraySpec("dense", new int[] {dense}, "float32")) : arraySpecs(enc, vocab, dim, dense);
    Map<String, int[]> shapes = new HashMap<>();
    List<String> names = new ArrayList<>();
    for (JsonNode a : arrays) {
      JsonNode s = a.path("shape");
      int[] shape = new int[s.size()];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = s.get(i).asInt();
      }
      String name = a.path("name").asText();
      shapes.put(name, shape);
      names.add(name);
      String dtype = a.path("dtype").asText("float32");
      if (version >= 2 && !a.has("dtype")) {
        throw new IllegalArgumentException("array \"" + name + "\" has no dtype");
      }
      for (ArraySpec w : want) {
        if (w.name().equals(name) && !w.dtype().equals(dtype)) {
          throw new ModelFileException(source + ": array \"" + name + "\" has dtype " + dtype + ", the embedding encoding needs "
              + w.dtype());
        }
      }
    }
    for (ArraySpec w : want) {
      checkShape(source, w.name(), shapes.get(w.name()), w.shape());
    }
    List<String> wantNames = want.stream().map(ArraySpec::name).toList();
    if (!names.equals(wantNames)) {
      throw new ModelFileException(source + ": arrays " + names + ", expected " + wantNames);
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
      "two_channel", "value_map", "heads", "negation_gate", "contrast_gate");

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
      if (c.has("value_map")) {
        JsonNode v = c.get("value_map");
        if (!v.isBoolean() || !v.asBoolean()) {
          throw new IllegalArgumentException("\"value_map\" is " + v + ", expected true (the key is absent without a value map)");
        }
        b.valueMap(true);
      }
      if (c.has("heads")) {
        JsonNode v = c.get("heads");
        if (!v.isInt() || v.asInt() < 2) {
          throw new IllegalArgumentException("\"heads\" is " + v + ", expected an integer >= 2 (the key is absent with one head)");
        }
        b.heads(v.asInt());
      }
      b.negationGate(ruleKey(c, "negation_gate", SequenceLayout.NEGATION_RULE, "negation"));
      b.contrastGate(ruleKey(c, "contrast_gate", SequenceLayout.CONTRAST_RULE, "contrast"));
    }
    return b.build();
  }

  /**
   * A gate's key: absent (false), or the name of the scope rule this version knows (true); anything else is refused by
   * name.
   */
  private static boolean ruleKey(JsonNode c, String key, String rule, String what) {
    if (!c.has(key)) {
      return false;
    }
    JsonNode v = c.get(key);
    if (!v.isTextual() || !v.asText().equals(rule)) {
      throw new IllegalArgumentException("\"" + key + "\" is " + v + ", expected \"" + rule + "\" (the " + what
          + "-scope rule this version knows; the key is absent without the gate)");
    }
    return true;
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
