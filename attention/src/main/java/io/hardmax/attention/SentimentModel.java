package io.hardmax.attention;

import io.hardmax.nlp.EncodedText;
import io.hardmax.nlp.Encoder;
import io.hardmax.nlp.TokenizerSettings;
import io.hardmax.nlp.Tokenizers;
import io.hardmax.nlp.Vocabulary;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * A complete, immutable sentiment classifier: tokenizer settings, vocabulary, hardmax transformer and
 * provenance. The entry point of the Java API:
 *
 * <pre>{@code
 * SentimentModel model = SentimentModel.loadDefault();          // or SentimentModel.load(Path.of("my.hmx"))
 * Prediction p = model.predict("A wonderful, moving film.");   // label, probability, logit
 * Explanation e = model.explain("A wonderful, moving film.");  // the same decision, token by token
 * for (TokenContribution t : e.tokens()) { ... }               // text, offsets, leader, contributions
 * for (ClusterContribution c : e.clusters()) { ... }           // leaders and their followers
 * }</pre>
 *
 * <p>{@link #explain} runs exact hardmax inference and returns the exact per-token decomposition of the logit;
 * {@link #predict} gives the same decision (the same logit, bit for bit) without it.
 *
 * <p><b>Thread safety.</b> A model is immutable after loading and safe to share: load it once and call
 * {@link #predict}, {@link #explain} and {@link #encode} from any number of threads at once (each thread gets its
 * own working buffers). Loading is the costly step (seconds for the bundled model); do not load per request. The
 * results ({@link Prediction}, {@link Explanation}, {@link TokenContribution}, {@link ClusterContribution}) are
 * immutable records, except {@link Explanation#trajectory()}'s arrays, which callers must not modify.
 */
public final class SentimentModel {
  /** Class-path location of the bundled IMDb model. */
  public static final String DEFAULT_RESOURCE = "/io/hardmax/attention/default-model.hmx";

  private final TokenizerSettings tokenizerSettings;
  private final Vocabulary vocabulary;
  private final Network network;
  private final Provenance provenance;
  private final Encoder encoder;
  private final StoredEmbeddings stored;

  SentimentModel(TokenizerSettings tokenizerSettings, Vocabulary vocabulary, Network network, Provenance provenance) {
    this(tokenizerSettings, vocabulary, network, provenance, StoredEmbeddings.float32(network.weights().embeddings,
        network.weights().vocab, network.weights().dim));
  }

  /**
   * @param stored the embedding table as the model file stores it; its dequantised values must be the network's
   *               embeddings
   */
  SentimentModel(TokenizerSettings tokenizerSettings, Vocabulary vocabulary, Network network, Provenance provenance,
      StoredEmbeddings stored) {
    if (network.weights().vocab != vocabulary.size()) {
      throw new IllegalArgumentException("vocabulary has " + vocabulary.size() + " entries, the weights " + network.weights().vocab);
    }
    if (stored.vocab != network.weights().vocab || stored.dim != network.weights().dim) {
      throw new IllegalArgumentException("stored embeddings are " + stored.vocab + " x " + stored.dim + ", the weights "
          + network.weights().vocab + " x " + network.weights().dim);
    }
    this.stored = stored;
    this.tokenizerSettings = tokenizerSettings;
    this.vocabulary = vocabulary;
    this.network = network;
    this.provenance = provenance;
    this.encoder = new Encoder(Tokenizers.create(tokenizerSettings), vocabulary, network.config().maxLength(),
        network.config().truncation());
  }

  /**
   * Loads a model file written by {@link #save} or {@code hardmax train}.
   *
   * @throws ModelFileException with a one-line message naming the file when it is missing, damaged (checksum) or
   *     of an unknown format version
   */
  public static SentimentModel load(Path file) {
    return ModelFile.read(file);
  }

  /**
   * Decodes the bytes of a model file (a model shipped to a Spark executor as bytes, for instance); {@code source}
   * names it in messages. A bad file gives a {@link ModelFileException} with a one-line message.
   */
  public static SentimentModel fromBytes(byte[] bytes, String source) {
    return ModelFile.decode(bytes, source);
  }

  /**
   * The bundled IMDb model (in this artifact's jar; trained on imdb:train, see {@link #provenance()}).
   *
   * @throws ModelFileException when the model is missing from the class path
   */
  public static SentimentModel loadDefault() {
    try (InputStream in = SentimentModel.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new ModelFileException("the bundled model " + DEFAULT_RESOURCE + " is missing from the class path; pass --model FILE");
      }
      return ModelFile.read(in, "bundled model");
    } catch (IOException e) {
      throw new ModelFileException("cannot read the bundled model: " + e.getMessage(), e);
    }
  }

  /**
   * This model with its embedding table stored in {@code encoding} (quantised from the float32 table): the
   * returned model computes with the dequantised values, so it predicts and explains exactly as the file it
   * writes will after loading. Returns this model when it already has that encoding; a model loaded from a
   * quantised file is quantised again from its dequantised values.
   */
  public SentimentModel withEmbeddingEncoding(EmbeddingEncoding encoding) {
    if (encoding.equals(stored.encoding)) {
      return this;
    }
    Weights w = network.weights();
    StoredEmbeddings q = StoredEmbeddings.quantise(encoding, w.embeddings, w.vocab, w.dim);
    // the config gives the dense layout (distance slopes, two-channel readout) and the vocabulary the positions
    Weights dq = new Weights(q.dequantise(), w.dense, w.vocab, network.config());
    return new SentimentModel(tokenizerSettings, vocabulary, new Network(network.config(), dq, SequenceLayout.of(vocabulary)),
        provenance, q);
  }

  /** How the model file stores the embedding table ({@link EmbeddingEncoding#FLOAT32} unless quantised). */
  public EmbeddingEncoding embeddingEncoding() {
    return stored.encoding;
  }

  StoredEmbeddings storedEmbeddings() {
    return stored;
  }

  /** Writes the model file atomically (temp file, then move), with the embeddings in {@link #embeddingEncoding}. */
  public void save(Path file) throws IOException {
    ModelFile.write(this, file);
  }

  /** The encoded text as the model sees it (tokens, ids, truncation). */
  public EncodedText encode(String text) {
    return encoder.encode(text);
  }

  /**
   * Exact hardmax inference with the full explanation: the decision, every real token with its character span
   * in {@code text}, its final-layer leader and its contribution to the logit, and the clusters. Thread-safe.
   */
  public Explanation explain(String text) {
    return explain(encoder.encode(text));
  }

  /** As {@link #explain(String)} for a text already encoded by {@link #encode} (tokenizing is the costly part). */
  public Explanation explain(EncodedText encoded) {
    return Explainer.explain(network, encoded);
  }

  /**
   * As {@link #explain(EncodedText)}; {@code trajectory = false} leaves the layer-by-layer token states out (the
   * explanation's {@link Explanation#trajectory()} is then empty), which is what classification needs: the
   * states are {@code (depth+1) x tokens x dim} floats per review, most of an explanation's size.
   */
  public Explanation explain(EncodedText encoded, boolean trajectory) {
    return Explainer.explain(network, encoded, trajectory);
  }

  /** Exact hardmax inference: label, probability, logit (the logit of {@link #explain}, bit for bit). Thread-safe. */
  public Prediction predict(String text) {
    EncodedText e = encoder.encode(text);
    return Prediction.of(network.logit(e.ids(), true));
  }

  /** The network's configuration (dimension, depth, attention kind, pooling, maximum length ...). */
  public HardmaxConfig config() {
    return network.config();
  }

  /** How texts are tokenized before lookup (tokenizer kind, lowercasing, negation marking ...). */
  public TokenizerSettings tokenizerSettings() {
    return tokenizerSettings;
  }

  /** The vocabulary: token text to embedding row (unknown words map to the unknown token). */
  public Vocabulary vocabulary() {
    return vocabulary;
  }

  /** Where the model came from: training data and its SHA-256, seed, git commit, versions, validation metrics. */
  public Provenance provenance() {
    return provenance;
  }

  /** The network (config + weights) for batch work on token ids. */
  public Network network() {
    return network;
  }

  /** A copy of the embedding table, [vocab][dim]. */
  public float[][] embeddings() {
    Weights w = network.weights();
    float[][] e = new float[w.vocab][w.dim];
    for (int i = 0; i < w.vocab; i++) {
      System.arraycopy(w.embeddings, i * w.dim, e[i], 0, w.dim);
    }
    return e;
  }

  /** A copy of the readout vector v, [dim]. */
  public float[] readout() {
    Weights w = network.weights();
    return java.util.Arrays.copyOfRange(w.dense, w.readoutOffset(), w.readoutOffset() + w.dim);
  }

  /**
   * How far each module's value map W is from the identity: the Frobenius norm of W - I (empty without a value
   * map; 0 is the layer without one).
   */
  public double[] valueMapDistances() {
    Weights w = network.weights();
    double[] out = new double[w.valueMap ? w.modules : 0];
    for (int m = 0; m < out.length; m++) {
      out[m] = w.valueMapDistance(m);
    }
    return out;
  }

  /** The readout bias b. */
  public double readoutBias() {
    Weights w = network.weights();
    return w.dense[w.biasOffset()];
  }

  /**
   * The distance slope m of every attention module's heads, module after module (one per module with one head;
   * empty unless the word order is DISTANCE).
   */
  public double[] distanceSlopes() {
    Weights w = network.weights();
    double[] m = new double[w.distance ? w.modules * w.heads : 0];
    for (int k = 0; k < m.length; k++) {
      m[k] = w.slope(k / w.heads, k % w.heads);
    }
    return m;
  }

  /** alpha of every attention module (one when layers are shared). */
  public double[] alphas() {
    Weights w = network.weights();
    double[] a = new double[w.modules];
    for (int m = 0; m < a.length; m++) {
      a[m] = w.alpha(m);
    }
    return a;
  }

  /**
   * The gate an operator word (a negator, or a contrast word) applies to the word next to it:
   * {@code g = 1 - 2 sigmoid(U e + c)}, the factor by which each coordinate of that word is multiplied
   * ({@link HardmaxConfig#negationGate()}, {@link HardmaxConfig#contrastGate()}): 1 keeps, 0 removes, -1 flips (words
   * further away: {@link #gateDecay}). Empty when the model has no gate or {@code word} is not a vocabulary entry.
   */
  public double[] gate(String word) {
    Weights w = network.weights();
    int id = vocabulary.id(word);
    if (!w.gated || id == Vocabulary.UNK || id == Vocabulary.PAD) {
      return new double[0];
    }
    int d = w.dim;
    int go = w.gateOffset();
    double[] g = new double[d];
    for (int r = 0; r < d; r++) {
      double a = w.dense[go + d * d + r];
      for (int c = 0; c < d; c++) {
        a += (double) w.dense[go + r * d + c] * w.embeddings[id * d + c];
      }
      g[r] = 1 - 2 * Weights.sigmoid(a);
    }
    return g;
  }

  /** lambda of the gate: its argument falls by lambda per word between the operator and the word (NaN without a gate). */
  public double gateDecay() {
    Weights w = network.weights();
    return w.gated ? w.gateDecay() : Double.NaN;
  }

  /**
   * The gates ({@link #gate}) of the {@code limit} operator words (negation words with the negation gate,
   * contrast words with the contrast gate) with the smallest vocabulary ids (the most frequent, as vocabularies are
   * built), in id order; empty without a gate.
   */
  public java.util.Map<String, double[]> gates(int limit) {
    java.util.Map<String, double[]> out = new java.util.LinkedHashMap<>();
    if (!network.weights().gated) {
      return out;
    }
    HardmaxConfig c = network.config();
    SequenceLayout l = network.layout();
    for (int id = 0; id < vocabulary.size() && out.size() < limit; id++) {
      boolean neg = c.negationGate() && id < l.opensNegation().length && l.opensNegation()[id];
      boolean con = c.contrastGate() && id < l.opensContrast().length && l.opensContrast()[id];
      if (neg || con) {
        String t = vocabulary.token(id);
        out.put(t, gate(t));
      }
    }
    return out;
  }

  /**
   * "not 0.97 (0.96..0.98), never ..., decay 0.25 per word": mean, min and max over coordinates of
   * {@link #gates}, then {@link #gateDecay}; "" without a gate.
   */
  public String gateSummary(int limit) {
    StringBuilder sb = new StringBuilder();
    for (java.util.Map.Entry<String, double[]> e : gates(limit).entrySet()) {
      java.util.DoubleSummaryStatistics st = java.util.Arrays.stream(e.getValue()).summaryStatistics();
      sb.append(sb.length() == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT, "%s %.2f (%.2f..%.2f)", e.getKey(),
          st.getAverage(), st.getMin(), st.getMax()));
    }
    if (sb.length() > 0) {
      sb.append(String.format(java.util.Locale.ROOT, "; decay %.3f per word", gateDecay()));
    }
    return sb.toString();
  }
}
