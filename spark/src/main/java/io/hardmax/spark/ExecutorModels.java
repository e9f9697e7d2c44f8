package io.hardmax.spark;

import io.hardmax.attention.SentimentModel;
import io.hardmax.nlp.Encoder;
import io.hardmax.nlp.Tokenizers;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The models decoded in this JVM (a Spark executor, or the driver in local mode), by the SHA-256 of their file: a
 * model is decoded once per JVM, not once per task, partition or row, and its tokenizer is built once per task thread.
 *
 * <p>This is the one piece of static state of the module, and it must be: Spark runs tasks in long-lived executor
 * JVMs that share nothing else between tasks. It keeps at most {@link #CAPACITY} models (least recently used dropped)
 * so that a long session loading many models does not grow without bound.
 */
final class ExecutorModels {
  /** Models kept per JVM. */
  static final int CAPACITY = 4;

  private static final Map<String, Loaded> CACHE = new LinkedHashMap<>(8, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Loaded> eldest) {
      return size() > CAPACITY;
    }
  };
  private static final AtomicInteger DECODES = new AtomicInteger();

  private ExecutorModels() {}

  /** The decoded model of {@code bytes}, decoding it when this JVM has not yet. */
  static Loaded get(ModelBytes bytes) {
    synchronized (CACHE) {
      Loaded l = CACHE.get(bytes.sha256());
      if (l == null) {
        l = new Loaded(SentimentModel.fromBytes(bytes.bytes(), bytes.source()));
        DECODES.incrementAndGet();
        CACHE.put(bytes.sha256(), l);
      }
      return l;
    }
  }

  /** How many times this JVM decoded a model file (tests check that it is once per model). */
  static int decodes() {
    return DECODES.get();
  }

  /** A decoded model and its per-thread encoders. */
  static final class Loaded {
    private final SentimentModel model;
    private final AtomicInteger encoders = new AtomicInteger();
    private final ThreadLocal<Encoder> encoder;

    private Loaded(SentimentModel model) {
      this.model = model;
      // the same settings, vocabulary and length as the model's own encoder, so tokens and ids are identical
      this.encoder = ThreadLocal.withInitial(() -> {
        encoders.incrementAndGet();
        return new Encoder(Tokenizers.create(model.tokenizerSettings()), model.vocabulary(), model.config().maxLength(),
            model.config().truncation());
      });
    }

    SentimentModel model() {
      return model;
    }

    /** This thread's encoder (built on the thread's first use; Spark's task threads are pooled and reused). */
    Encoder encoder() {
      return encoder.get();
    }

    /** How many encoders (tokenizers) were built for this model: at most one per task thread. */
    int encodersBuilt() {
      return encoders.get();
    }
  }
}
