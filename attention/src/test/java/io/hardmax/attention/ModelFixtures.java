package io.hardmax.attention;

import io.hardmax.nlp.TokenizerSettings;
import io.hardmax.nlp.VocabularySettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Saved model files of each format version, kept as test fixtures forever ({@link ModelFixturesTest} loads them).
 * {@link #main} writes them; run it by hand once, when a format version is new, and never overwrite an existing
 * fixture: a fixture is evidence of what an older hardmax wrote.
 */
final class ModelFixtures {
  /** The texts whose logits each fixture's {@code .logits} file records, one per line. */
  static final List<String> TEXTS = List.of(
      "the movie was great and the plot superb",
      "awful film , a waste of the story",
      "the actor was poor but the scene was wonderful",
      "loved it",
      "worst movie",
      "boring boring boring and the best scene");

  private ModelFixtures() {}

  /** A toy model with unigrams and bigrams (depth 2, d = 4), trained as in {@link ModelTest}. */
  static SentimentModel bigramToy() {
    TrainerConfig tc = TrainerConfig.builder().threads(1).seed(5).maxEpochs(8).learningRate(0.03).embeddingInitStd(0.3).build();
    return ModelTrainer.train(TokenizerSettings.defaults(), new VocabularySettings(1, 1000, true, 3, 40),
        ModelTest.toyConfig(), tc, ModelTest.toyData(400, 1), ModelTest.toyData(100, 2), "toy", TrainingListener.NONE).model();
  }

  /** One line per text of {@link #TEXTS}: the logit (Java's shortest round-trip decimal), a tab, the text. */
  static String logits(SentimentModel m) {
    StringBuilder sb = new StringBuilder();
    for (String t : TEXTS) {
      sb.append(m.explain(t).logit()).append('\t').append(t).append('\n');
    }
    return sb.toString();
  }

  /** The logits recorded beside a fixture, in {@link #TEXTS} order. */
  static List<Double> readLogits(String resource) throws Exception {
    List<Double> out = new ArrayList<>();
    try (var in = ModelFixtures.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("fixture " + resource + " is missing from the test class path");
      }
      for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          out.add(Double.parseDouble(line.split("\t", 2)[0]));
        }
      }
    }
    return out;
  }

  /** A toy model with unigrams, bigrams and trigrams (depth 2, d = 4), trained as {@link #bigramToy}. */
  static SentimentModel trigramToy() {
    TrainerConfig tc = TrainerConfig.builder().threads(1).seed(5).maxEpochs(8).learningRate(0.03).embeddingInitStd(0.3).build();
    return ModelTrainer.train(TokenizerSettings.defaults(), new VocabularySettings(1, 1000, true, 3, 40).toBuilder().trigrams(3, 30).build(),
        ModelTest.toyConfig(), tc, ModelTest.toyData(400, 1), ModelTest.toyData(100, 2), "toy", TrainingListener.NONE).model();
  }

  /**
   * Writes a fixture and its {@code .logits} into the folder {@code args[0]}: {@code args[1]} = "bigrams" writes
   * {@code model-v<VERSION>-bigrams} (float32), "trigrams-int8" writes {@code model-v<VERSION>-trigrams-int8} (int8
   * embeddings with per-row scales).
   */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    String kind = args.length > 1 ? args[1] : "bigrams";
    String name = String.format(Locale.ROOT, "model-v%d-%s", ModelFile.VERSION, kind);
    if (Files.exists(dir.resolve(name + ".hmx"))) {
      throw new IllegalStateException(dir.resolve(name + ".hmx") + " exists; fixtures are never overwritten");
    }
    SentimentModel m = switch (kind) {
      case "bigrams" -> bigramToy();
      case "trigrams-int8" -> trigramToy().withEmbeddingEncoding(new EmbeddingEncoding(8, EmbeddingEncoding.Scale.ROW));
      default -> throw new IllegalArgumentException("unknown fixture kind " + kind);
    };
    m.save(dir.resolve(name + ".hmx"));
    Files.writeString(dir.resolve(name + ".logits"), logits(m));
  }
}
