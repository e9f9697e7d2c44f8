package io.hardmax.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.hardmax.nlp.TokenizerSettings;
import io.hardmax.nlp.Truncation;
import io.hardmax.nlp.Vocabulary;
import io.hardmax.nlp.VocabularySettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelTest {

  /** A small deterministic training set: sentiment words mixed with neutral ones. */
  static ModelTrainer.LabeledTexts toyData(int n, long seed) {
    String[] pos = {"great", "superb", "loved", "wonderful", "best"};
    String[] neg = {"awful", "boring", "worst", "waste", "poor"};
    String[] neutral = {"the", "movie", "film", "plot", "actor", "was", "and", "it", "scene", "story"};
    SplittableRandom r = new SplittableRandom(seed);
    List<String> texts = new ArrayList<>();
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      int y = r.nextInt(2);
      StringBuilder sb = new StringBuilder();
      int len = 5 + r.nextInt(10);
      for (int k = 0; k < len; k++) {
        double u = r.nextDouble();
        String[] src = u < 0.25 ? (y == 1 ? pos : neg) : u < 0.3 ? (y == 1 ? neg : pos) : neutral;
        sb.append(src[r.nextInt(src.length)]).append(' ');
      }
      texts.add(sb.toString().strip());
      labels[i] = y;
    }
    return new ModelTrainer.LabeledTexts(texts, labels);
  }

  static ModelTrainer.Outcome trainToy(HardmaxConfig cfg, int threads, long seed) {
    TrainerConfig tc = TrainerConfig.builder().threads(threads).seed(seed).maxEpochs(4).learningRate(0.01).embeddingInitStd(0.3).build();
    return ModelTrainer.train(TokenizerSettings.defaults(), VocabularySettings.defaults(), cfg, tc, toyData(600, 1),
        toyData(200, 2), "toy", TrainingListener.NONE);
  }

  static HardmaxConfig toyConfig() {
    return HardmaxConfig.builder().dim(4).depth(2).alphaInit(0.5).tau(0.05).maxLength(16).build();
  }

  @Test
  void trainsAToyProblemAndExplainsExactly() {
    ModelTrainer.Outcome o = trainToy(toyConfig(), 2, 3);
    assertThat(o.result().best().validationAccuracyHardmax()).as("chance is 0.5").isGreaterThan(0.75);
    Explanation e = o.model().explain("the movie was great and the plot superb");
    double sum = e.bias() + e.paddingContribution();
    for (TokenContribution t : e.tokens()) {
      sum += t.contribution();
    }
    assertThat(sum).isCloseTo(e.logit(), within(1e-6));
    assertThat(e.label()).isEqualTo(1);
    assertThat(e.probability()).isCloseTo(Weights.sigmoid(e.logit()), within(1e-12));
    assertThat(e.paddingContribution()).isNotZero();
    assertThat(e.trajectory()).hasDimensions(3, 8);
    double clusters = 0;
    for (ClusterContribution c : e.clusters()) {
      clusters += c.contribution();
      assertThat(c.members()).contains(c.leader());
    }
    assertThat(clusters + e.bias() + e.paddingContribution()).isCloseTo(e.logit(), within(1e-6));
    // the explanation's logit is the model's prediction, bit for bit (both run on the same compact rows)
    for (String text : List.of("the movie was great and the plot superb",
        "great great film , great plot , bad bad acting and a bad bad end", "the the the the")) {
      Explanation x = o.model().explain(text);
      assertThat(o.model().predict(text).logit()).as(text).isEqualTo(x.logit());
      for (int i = 0; i < x.tokens().size(); i++) {
        int l = x.tokens().get(i).leader();
        if (l >= 0) {
          assertThat(x.tokens().get(l).leader()).as("a leader leads itself: %s in %s", l, text).isEqualTo(l);
          for (int k = 0; k < l; k++) {
            assertThat(x.tokens().get(k).text()).as("a leader is the first copy of its word").isNotEqualTo(x.tokens().get(l).text());
          }
        }
      }
    }
  }

  @Test
  void trainingIsDeterministicForASeedAndThreadCount() {
    ModelTrainer.Outcome a = trainToy(toyConfig(), 2, 9);
    ModelTrainer.Outcome b = trainToy(toyConfig(), 2, 9);
    assertThat(a.model().network().weights().embeddings).isEqualTo(b.model().network().weights().embeddings);
    assertThat(a.model().network().weights().dense).isEqualTo(b.model().network().weights().dense);
  }

  @Test
  void saveLoadGivesIdenticalPredictionsAndBadFilesGiveOneLine(@TempDir Path dir) throws Exception {
    HardmaxConfig cfg = toyConfig().toBuilder().attention(HardmaxConfig.AttentionKind.LEARNED_SPD).sharedLayers(false).build();
    SentimentModel m = trainToy(cfg, 1, 4).model();
    Path f = dir.resolve("m.hmx");
    m.save(f);
    SentimentModel back = SentimentModel.load(f);
    for (String t : toyData(50, 5).texts()) {
      assertThat(back.explain(t).logit()).isEqualTo(m.explain(t).logit());
    }
    assertThat(back.provenance()).isEqualTo(m.provenance());
    assertThat(back.vocabulary()).isEqualTo(m.vocabulary());
    assertThat(back.config()).isEqualTo(m.config());
    assertThat(dir.toFile().list()).containsExactly("m.hmx");

    byte[] bytes = Files.readAllBytes(f);
    Path trunc = dir.resolve("trunc.hmx");
    Files.write(trunc, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> SentimentModel.load(trunc)).isInstanceOf(ModelFileException.class)
        .hasMessageStartingWith(trunc.toString()).hasMessageNotContaining("\n");
    Path corrupt = dir.resolve("corrupt.hmx");
    byte[] c = bytes.clone();
    c[c.length - 100] ^= 1;
    Files.write(corrupt, c);
    assertThatThrownBy(() -> SentimentModel.load(corrupt)).hasMessage(corrupt + ": corrupted or truncated model file (SHA-256 checksum does not match)");
    Path foreign = dir.resolve("foreign.hmx");
    Files.writeString(foreign, "PK\u0003\u0004 not a model");
    assertThatThrownBy(() -> SentimentModel.load(foreign)).hasMessage(foreign + ": not a hardmax model file (expected it to start with \"HARDMAX\")");
    Path version = dir.resolve("v9.hmx");
    byte[] v = bytes.clone();
    v[8] = 9;
    Files.write(version, v);
    assertThatThrownBy(() -> SentimentModel.load(version)).hasMessage(version + ": model format version 9, this hardmax reads versions 1 to 2");
    assertThatThrownBy(() -> SentimentModel.load(dir.resolve("missing.hmx"))).isInstanceOf(ModelFileException.class)
        .hasMessageContaining("missing.hmx: cannot read the model file");
  }

  @Test
  void bigramVocabularySurvivesSaveAndLoad(@TempDir Path dir) throws Exception {
    TrainerConfig tc = TrainerConfig.builder().threads(1).seed(3).maxEpochs(1).embeddingInitStd(0.3).build();
    SentimentModel m = ModelTrainer.train(TokenizerSettings.defaults(), new VocabularySettings(1, 1000, true, 2, 100),
        toyConfig(), tc, toyData(200, 1), toyData(50, 2), "toy", TrainingListener.NONE).model();
    assertThat(m.vocabulary().hasBigrams()).isTrue();
    Path f = dir.resolve("bi.hmx");
    m.save(f);
    SentimentModel back = SentimentModel.load(f);
    assertThat(back.vocabulary().bigramStart()).isEqualTo(m.vocabulary().bigramStart());
    String text = "the movie was great and the plot superb";
    assertThat(back.encode(text).ids()).isEqualTo(m.encode(text).ids());
    assertThat(back.explain(text).logit()).isEqualTo(m.explain(text).logit());
  }

  @Test
  void formatVersion1FixtureStillLoads() throws Exception {
    try (var in = ModelTest.class.getResourceAsStream("/fixtures/model-v1.hmx")) {
      assertThat(in).as("fixture model-v1.hmx").isNotNull();
      SentimentModel m = ModelFile.read(in, "model-v1.hmx");
      assertThat(m.config()).isEqualTo(toyConfig());
      Explanation e = m.explain("the movie was great and the plot superb");
      assertThat(e.label()).isEqualTo(1);
      // same weights, same prediction; within float32 rounding, since kernel changes that are exact in real
      // arithmetic (e.g. leaders kept bit-exact as fixed points) may move the last bits of the logit
      assertThat(e.logit()).isCloseTo(Double.parseDouble(new String(
          ModelTest.class.getResourceAsStream("/fixtures/model-v1.logit").readAllBytes()).strip()), within(1e-6));
    }
  }

  /** Writes the v1 fixture (run once by hand when the format is new; never overwrite an existing one). */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    SentimentModel m = trainToy(toyConfig(), 1, 3).model();
    m.save(dir.resolve("model-v1.hmx"));
    Files.writeString(dir.resolve("model-v1.logit"), Double.toString(m.explain("the movie was great and the plot superb").logit()) + "\n");
  }

  @Test
  void papersNonLeaderConfigurationConvergesToEdgeMidpoints() {
    // tokens embedded at the corners (+-1, +-1) and at (+-0.5, 0); A = I, alpha = 0.5, 30 layers, exact hardmax
    List<String> toks = List.of(Vocabulary.PAD_TOKEN, Vocabulary.UNK_TOKEN, "a", "b", "c", "d", "e", "f");
    Vocabulary vocab = new Vocabulary(toks);
    HardmaxConfig cfg = HardmaxConfig.builder().dim(2).depth(30).alphaInit(0.5).pooling(HardmaxConfig.Pooling.REAL_TOKENS)
        .maxLength(16).build();
    Weights w = Weights.init(cfg, toks.size(), 1);
    float[][] pts = {{0, 0}, {0, 0}, {1, 1}, {-1, 1}, {-1, -1}, {1, -1}, {0.5f, 0}, {-0.5f, 0}};
    for (int i = 0; i < pts.length; i++) {
      w.embeddings[2 * i] = pts[i][0];
      w.embeddings[2 * i + 1] = pts[i][1];
    }
    w.dense[0] = (float) Weights.inverseSoftplus(0.5);
    SentimentModel m = new SentimentModel(TokenizerSettings.defaults(), vocab, new Network(cfg, w), Provenance.none());
    Explanation e = m.explain("a b c d e f");
    float[][] last = e.trajectory()[30];
    assertThat(last[4][0]).isCloseTo(1f, within(1e-4f));
    assertThat(last[4][1]).isCloseTo(0f, within(1e-6f));
    assertThat(last[5][0]).isCloseTo(-1f, within(1e-4f));
    // corners are leaders and fixed points; the inner points are not leaders (ties between two corners)
    for (int i = 0; i < 4; i++) {
      assertThat(e.tokens().get(i).leader()).isEqualTo(i);
      assertThat(last[i]).containsExactly(e.trajectory()[0][i]);
    }
    assertThat(e.tokens().get(4).leader()).isNotEqualTo(4);
    assertThat(e.diagnostics().leadersLastLayer()).isEqualTo(4);
    // every layer moves an inner point closer to (1, 0) by exactly 1/(1 + alpha)
    for (int k = 0; k < 29; k++) {
      float gap = 1 - e.trajectory()[k][4][0];
      float next = 1 - e.trajectory()[k + 1][4][0];
      assertThat(next).isCloseTo(gap / 1.5f, within(1e-6f));
    }
  }
}
