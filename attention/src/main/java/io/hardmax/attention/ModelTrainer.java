package io.hardmax.attention;

import io.hardmax.core.RunManifest;
import io.hardmax.nlp.Encoder;
import io.hardmax.nlp.Token;
import io.hardmax.nlp.Tokenizer;
import io.hardmax.nlp.TokenizerSettings;
import io.hardmax.nlp.Tokenizers;
import io.hardmax.nlp.Vocabulary;
import io.hardmax.nlp.VocabularyBuilder;
import io.hardmax.nlp.VocabularySettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Text in, model out: tokenizes, builds the vocabulary from the training texts only (never validation or test),
 * encodes, trains a {@link HardmaxTrainer}, and packs the best weights with their provenance into a
 * {@link SentimentModel}.
 */
public final class ModelTrainer {
  private ModelTrainer() {}

  /** A labelled set of texts. */
  public record LabeledTexts(List<String> texts, int[] labels) {
    public LabeledTexts {
      if (texts.size() != labels.length) {
        throw new IllegalArgumentException("texts and labels differ in count: " + texts.size() + " vs " + labels.length);
      }
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] != 0 && labels[i] != 1) {
          throw new IllegalArgumentException("label " + i + " is " + labels[i] + ", expected 0 or 1");
        }
      }
    }

    public int size() {
      return labels.length;
    }
  }

  /** The trained model and its training history. */
  public record Outcome(SentimentModel model, HardmaxTrainer.Result result) {}

  /**
   * Trains a model.
   *
   * @param dataName a name of the training data for the provenance (e.g. {@code imdb:train})
   */
  public static Outcome train(TokenizerSettings ts, VocabularySettings vs, HardmaxConfig cfg, TrainerConfig tc,
      LabeledTexts train, LabeledTexts validation, String dataName, TrainingListener listener) {
    return train(ts, vs, cfg, tc, train, validation, dataName, listener, null, false);
  }

  /**
   * Trains a model, writing a {@link Checkpoint} to {@code checkpoint} after every epoch (when not null) and, with
   * {@code resume}, continuing from it. The checkpoint must match the settings and the encoded data, else a
   * {@link ModelFileException} names what differs. Tokenizing and the vocabulary are redone on resume (they are
   * deterministic), so the resumed model equals the uninterrupted one bit for bit.
   */
  public static Outcome train(TokenizerSettings ts, VocabularySettings vs, HardmaxConfig cfg, TrainerConfig tc,
      LabeledTexts train, LabeledTexts validation, String dataName, TrainingListener listener, Path checkpoint,
      boolean resume) {
    if (resume && checkpoint == null) {
      throw new IllegalArgumentException("resume needs a checkpoint file");
    }
    Tokenizer tokenizer = Tokenizers.create(ts);
    return train(ts, vs, cfg, tc, tokenize(tokenizer, train.texts(), tc.threads()), train,
        tokenize(tokenizer, validation.texts(), tc.threads()), validation, dataName, listener, checkpoint, resume);
  }

  /**
   * Tokens of texts by a tokenizer with settings {@code ts}, in order, for {@link #train(TokenizerSettings,
   * VocabularySettings, HardmaxConfig, TrainerConfig, List, LabeledTexts, List, LabeledTexts, String,
   * TrainingListener)} (experiments that train several models on one tokenization).
   */
  public static List<List<Token>> tokenize(TokenizerSettings ts, List<String> texts, int threads) {
    return tokenize(Tokenizers.create(ts), texts, threads);
  }

  /**
   * As {@link #train(TokenizerSettings, VocabularySettings, HardmaxConfig, TrainerConfig, LabeledTexts,
   * LabeledTexts, String, TrainingListener)} from the texts' tokens (by a tokenizer with settings {@code ts}).
   */
  public static Outcome train(TokenizerSettings ts, VocabularySettings vs, HardmaxConfig cfg, TrainerConfig tc,
      List<List<Token>> trainTokens, LabeledTexts train, List<List<Token>> valTokens, LabeledTexts validation,
      String dataName, TrainingListener listener) {
    return train(ts, vs, cfg, tc, trainTokens, train, valTokens, validation, dataName, listener, null, false);
  }

  private static Outcome train(TokenizerSettings ts, VocabularySettings vs, HardmaxConfig cfg, TrainerConfig tc,
      List<List<Token>> trainTokens, LabeledTexts train, List<List<Token>> valTokens, LabeledTexts validation,
      String dataName, TrainingListener listener, Path checkpoint, boolean resume) {
    if (trainTokens.size() != train.size() || valTokens.size() != validation.size()) {
      throw new IllegalArgumentException("tokens and texts differ in count");
    }
    Tokenizer tokenizer = Tokenizers.create(ts);
    VocabularyBuilder vb = new VocabularyBuilder(vs);
    for (List<Token> t : trainTokens) {
      vb.add(t);
    }
    Vocabulary vocab = vb.build();
    Encoder enc = new Encoder(tokenizer, vocab, cfg.maxLength(), cfg.truncation());
    List<int[]> trainIds = new ArrayList<>(trainTokens.size());
    for (List<Token> t : trainTokens) {
      trainIds.add(enc.encodeTokens(t).ids());
    }
    List<int[]> valIds = new ArrayList<>(valTokens.size());
    for (List<Token> t : valTokens) {
      valIds.add(enc.encodeTokens(t).ids());
    }
    HardmaxTrainer trainer = new HardmaxTrainer(cfg, tc, SequenceLayout.of(vocab));
    Checkpointing ck = checkpoint == null ? null : new Checkpointing(checkpoint, resume, List.of(ts, vs),
        "train " + sha256(train) + ", validation " + sha256(validation));
    HardmaxTrainer.Result r = trainer.train(vocab.size(), trainIds, train.labels(), valIds, validation.labels(), listener, ck);
    Map<String, Double> metrics = new LinkedHashMap<>();
    EpochStats best = r.best();
    metrics.put("best_epoch", (double) r.bestEpoch());
    metrics.put("validation_accuracy_hardmax", best.validationAccuracyHardmax());
    metrics.put("validation_accuracy_softmax", best.validationAccuracySoftmax());
    metrics.put("validation_loss", best.validationLoss());
    metrics.put("validation_count", (double) validation.size());
    metrics.put("vocabulary_size", (double) vocab.size());
    Provenance p = new Provenance(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), dataName,
        sha256(train), train.size(), tc.seed(), tc.threads(), RunManifest.currentGitCommit(), RunManifest.libraryVersions(), tc.toString(), metrics);
    return new Outcome(new SentimentModel(ts, vocab, r.network(), p), r);
  }

  /** Tokenizes in parallel with a fixed partition (the result does not depend on the thread count). */
  static List<List<Token>> tokenize(Tokenizer tokenizer, List<String> texts, int threads) {
    IntStream range = IntStream.range(0, texts.size());
    if (threads > 1) {
      range = range.parallel();
    }
    // mapToObj on an ordered stream keeps the input order whatever the thread interleaving
    return range.mapToObj(i -> tokenizer.tokenize(texts.get(i))).toList();
  }

  /** SHA-256 over the texts and labels in order (each text UTF-8, then a 0 byte, the label and a newline). */
  static String sha256(LabeledTexts data) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (int i = 0; i < data.size(); i++) {
        md.update(data.texts().get(i).getBytes(StandardCharsets.UTF_8));
        md.update(new byte[] {0, (byte) ('0' + data.labels()[i]), '\n'});
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

}
