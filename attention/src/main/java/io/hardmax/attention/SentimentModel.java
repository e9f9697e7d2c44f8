package io.hardmax.attention;

import io.hardmax.nlp.EncodedText;
import io.hardmax.nlp.Encoder;
import io.hardmax.nlp.TokenizerSettings;
import io.hardmax.nlp.Tokenizers;
import io.hardmax.nlp.Vocabulary;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A complete, immutable sentiment classifier: tokenizer settings, vocabulary, hardmax transformer and
 * provenance. {@link #explain} runs exact hardmax inference and returns the exact per-token decomposition of the
 * logit. Thread-safe.
 */
public final class SentimentModel {
  /** Class-path location of the bundled IMDb model. */
  public static final String DEFAULT_RESOURCE = "/io/hardmax/attention/default-model.hmx";

  private final TokenizerSettings tokenizerSettings;
  private final Vocabulary vocabulary;
  private final Network network;
  private final Provenance provenance;
  private final Encoder encoder;

  SentimentModel(TokenizerSettings tokenizerSettings, Vocabulary vocabulary, Network network, Provenance provenance) {
    if (network.weights().vocab != vocabulary.size()) {
      throw new IllegalArgumentException("vocabulary has " + vocabulary.size() + " entries, the weights " + network.weights().vocab);
    }
    this.tokenizerSettings = tokenizerSettings;
    this.vocabulary = vocabulary;
    this.network = network;
    this.provenance = provenance;
    this.encoder = new Encoder(Tokenizers.create(tokenizerSettings), vocabulary, network.config().maxLength(),
        network.config().truncation());
  }

  /** Loads a model file; a bad file gives a {@link ModelFileException} with a one-line message. */
  public static SentimentModel load(Path file) {
    return ModelFile.read(file);
  }

  /** The bundled IMDb model. */
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

  /** Writes the model file atomically (temp file, then move). */
  public void save(Path file) throws IOException {
    ModelFile.write(this, file);
  }

  /** The encoded text as the model sees it (tokens, ids, truncation). */
  public EncodedText encode(String text) {
    return encoder.encode(text);
  }

  /** Exact hardmax inference with the full explanation. */
  public Explanation explain(String text) {
    return explain(encoder.encode(text));
  }

  /** As {@link #explain(String)} for a text already encoded by {@link #encode} (tokenizing is the costly part). */
  public Explanation explain(EncodedText encoded) {
    return Explainer.explain(network, encoded);
  }

  /** Exact hardmax inference: label, probability, logit. */
  public Prediction predict(String text) {
    EncodedText e = encoder.encode(text);
    return Prediction.of(network.logit(e.ids(), true));
  }

  /** Predictions of many texts with {@code threads} workers (order kept). */
  public List<Prediction> predictAll(List<String> texts, int threads) {
    List<int[]> ids = new ArrayList<>(texts.size());
    for (String t : texts) {
      ids.add(encoder.encode(t).ids());
    }
    double[] l = network.logits(ids, true, network.config().depth(), threads);
    List<Prediction> out = new ArrayList<>(l.length);
    for (double x : l) {
      out.add(Prediction.of(x));
    }
    return out;
  }

  public HardmaxConfig config() {
    return network.config();
  }

  public TokenizerSettings tokenizerSettings() {
    return tokenizerSettings;
  }

  public Vocabulary vocabulary() {
    return vocabulary;
  }

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

  /** The readout bias b. */
  public double readoutBias() {
    Weights w = network.weights();
    return w.dense[w.biasOffset()];
  }

  /** The distance slope m of every attention module (empty unless the word order is DISTANCE). */
  public double[] distanceSlopes() {
    Weights w = network.weights();
    double[] m = new double[w.distance ? w.modules : 0];
    for (int k = 0; k < m.length; k++) {
      m[k] = w.slope(k);
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
}
