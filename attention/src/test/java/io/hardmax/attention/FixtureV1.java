package io.hardmax.attention;

import io.hardmax.nlp.TokenizerSettings;
import io.hardmax.nlp.Truncation;
import io.hardmax.nlp.VocabularySettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * The format-version-1 fixtures {@code /fixtures/v1-identity-bigrams.hmx} and {@code /fixtures/v1-spd-perlayer.hmx}
 * with their expected predictions ({@code .expected}: one line per text, "logit bits (hex) TAB leaders TAB text").
 * Written once by {@link #main} at commit 7131e54 (main before format version 2); never regenerate them: they
 * pin what a version-1 file predicts.
 */
final class FixtureV1 {
  private FixtureV1() {}

  static final String[] NAMES = {"v1-identity-bigrams", "v1-spd-perlayer"};

  /** The bundled model's shape in small: A = I, one layer, bigrams, real-token mean, head + tail. */
  static HardmaxConfig identityBigrams() {
    return HardmaxConfig.builder().dim(4).depth(1).alphaInit(0.5).tau(0.05).pooling(HardmaxConfig.Pooling.REAL_TOKENS)
        .maxLength(24).truncation(Truncation.HEAD_TAIL).build();
  }

  /** Learned SPD A, two layers with one module each, padding pooled, first tokens. */
  static HardmaxConfig spdPerLayer() {
    return HardmaxConfig.builder().dim(4).depth(2).sharedLayers(false).attention(HardmaxConfig.AttentionKind.LEARNED_SPD)
        .alphaInit(0.5).tau(0.05).pooling(HardmaxConfig.Pooling.ALL_POSITIONS).maxLength(16).build();
  }

  static List<String> texts() {
    List<String> t = new ArrayList<>(ModelTest.toyData(30, 7).texts());
    t.add("the movie was great and the plot superb");
    t.add("great great film , great plot , bad bad acting and a bad bad end");
    t.add("the the the the");
    t.add("");
    t.add("unknownword another unknown");
    StringBuilder longText = new StringBuilder();
    for (String s : ModelTest.toyData(6, 8).texts()) {
      longText.append(s).append(' ');
    }
    t.add(longText.toString().strip());
    return t;
  }

  static String line(SentimentModel m, String text) {
    Explanation e = m.explain(text);
    StringJoiner leaders = new StringJoiner(",");
    for (TokenContribution c : e.tokens()) {
      leaders.add(Integer.toString(c.leader()));
    }
    return Long.toHexString(Double.doubleToRawLongBits(e.logit())) + "\t" + leaders + "\t" + text;
  }

  /** Writes the fixtures into folder {@code args[0]} (refuses to overwrite). */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    HardmaxConfig[] cfgs = {identityBigrams(), spdPerLayer()};
    for (int k = 0; k < cfgs.length; k++) {
      Path f = dir.resolve(NAMES[k] + ".hmx");
      if (Files.exists(f)) {
        throw new IllegalStateException(f + " exists; fixtures are never regenerated");
      }
      TrainerConfig tc = TrainerConfig.builder().threads(1).seed(11 + k).maxEpochs(3).learningRate(0.01).embeddingInitStd(0.3).build();
      SentimentModel m = ModelTrainer.train(TokenizerSettings.defaults(), new VocabularySettings(1, 1000, true, 2, 40),
          cfgs[k], tc, ModelTest.toyData(400, 1), ModelTest.toyData(100, 2), "toy", TrainingListener.NONE).model();
      m.save(f);
      StringBuilder sb = new StringBuilder();
      for (String t : texts()) {
        sb.append(line(m, t)).append('\n');
      }
      Files.writeString(dir.resolve(NAMES[k] + ".expected"), sb.toString(), StandardCharsets.UTF_8);
    }
  }
}
