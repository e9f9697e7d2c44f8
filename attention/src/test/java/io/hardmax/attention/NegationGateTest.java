package io.hardmax.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hardmax.nlp.TokenizerSettings;
import io.hardmax.nlp.Vocabulary;
import io.hardmax.nlp.VocabularySettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The negation gate ({@link HardmaxConfig#negationGate()}): its scope rule, that it learns what a bag of words cannot,
 * exact explanations and strict model files. Forward against the scalar reference and backward against finite
 * differences are in {@link AttentionVariantTest} (variants "*-gate").
 */
class NegationGateTest {
  static final String[] POS = {"great", "superb", "wonderful", "funny", "moving"};
  static final String[] NEG = {"awful", "boring", "dull", "poor", "clumsy"};
  static final String[] NEUTRAL = {"the", "movie", "film", "plot", "actor", "was", "and", "it", "scene", "story", "at",
      "all", "a", "single"};

  /**
   * Reviews of one sentiment word among neutral words; half of them negate it with "not" one to three words before
   * it ("not at all dull": positive), so a bag of words (or bigrams) cannot tell; a quarter of the others put a "not"
   * in an earlier clause that a comma closes ("not the actor , great": positive), so the scope rule matters.
   */
  static ModelTrainer.LabeledTexts negationData(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<String> texts = new ArrayList<>();
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      int y = r.nextInt(2);
      boolean negated = r.nextBoolean();
      boolean polarityPositive = negated ? y == 0 : y == 1;
      StringBuilder sb = new StringBuilder();
      for (int k = r.nextInt(4); k > 0; k--) {
        sb.append(NEUTRAL[r.nextInt(NEUTRAL.length)]).append(' ');
      }
      if (negated) {
        sb.append("not ");
        for (int k = r.nextInt(3); k > 0; k--) {
          sb.append(NEUTRAL[r.nextInt(NEUTRAL.length)]).append(' ');
        }
      } else if (r.nextInt(4) == 0) {
        sb.append("not ").append(NEUTRAL[r.nextInt(NEUTRAL.length)]).append(" , ");
      }
      String[] src = polarityPositive ? POS : NEG;
      sb.append(src[r.nextInt(src.length)]);
      for (int k = r.nextInt(4); k > 0; k--) {
        sb.append(' ').append(NEUTRAL[r.nextInt(NEUTRAL.length)]);
      }
      texts.add(sb.toString());
      labels[i] = y;
    }
    return new ModelTrainer.LabeledTexts(texts, labels);
  }

  static HardmaxConfig config(boolean gate) {
    return HardmaxConfig.builder().dim(8).depth(1).alphaInit(0.5).pooling(HardmaxConfig.Pooling.REAL_TOKENS)
        .maxLength(40).window(3).twoChannel(true).negationGate(gate).build();
  }

  private static ModelTrainer.Outcome gated;

  /** The model with the gate, trained once for the tests that only read it. */
  static synchronized ModelTrainer.Outcome gated() {
    if (gated == null) {
      gated = train(true);
    }
    return gated;
  }

  static ModelTrainer.Outcome train(boolean gate) {
    TrainerConfig tc = TrainerConfig.builder().threads(2).seed(5).maxEpochs(12).patience(12).learningRate(0.02)
        .embeddingInitStd(0.3).build();
    return ModelTrainer.train(TokenizerSettings.defaults(), new VocabularySettings(1, 1000, true, 2, 40), config(gate),
        tc, negationData(1200, 1), negationData(400, 2), "toy negation", TrainingListener.NONE);
  }

  @Test
  void negatorsFollowTheScopeRule() {
    // ids: 2 "not", 3 "a", 4 "single", 5 "dull", 6 ",", 9 "great"; 7 and 8 are bigram entries after their second word
    SequenceLayout l = AttentionVariantTest.LAYOUT;
    //            not a  [not_a] single [a_single] dull [single_dull] ,  great
    int[] ids = {2, 3, 7, 4, 8, 5, 7, 6, 3};
    int[] out = new int[ids.length];
    assertThat(l.negators(ids, ids.length, out)).isTrue();
    assertThat(out).containsExactly(-1, 0, -1, 0, 0, 0, 0, -1, -1);
    // a second negator takes over; clause punctuation first, then no scope at all
    int[] ids2 = {3, 2, 4, 2, 5, 6, 2, 6, 5};
    int[] out2 = new int[ids2.length];
    l.negators(ids2, ids2.length, out2);
    assertThat(out2).containsExactly(-1, -1, 1, -1, 3, -1, -1, -1, -1);
    int[] none = {3, 4, 5, 6, 3};
    assertThat(l.negators(none, none.length, new int[none.length])).isFalse();
  }

  @Test
  void contrastWordsGateTheirSentenceBeforeThem() {
    // ids: 2 "not", 3, 4 words, 5 "but", 6 "." (ends sentence and clause); 7, 8 bigram entries after their last word
    SequenceLayout l = AttentionVariantTest.LAYOUT;
    //           w  w [b] not w  but w  .  w  w  but
    int[] ids = {3, 4, 7, 2, 3, 5, 4, 6, 3, 4, 5};
    int[] out = new int[ids.length];
    assertThat(l.operators(ids, ids.length, out, false, true)).isTrue();
    assertThat(out).containsExactly(5, 5, 5, -1, 5, -1, -1, -1, 10, 10, -1);
    // with negation too, a word in a negation scope keeps its negator (the scope runs to clause punctuation, over "but")
    l.operators(ids, ids.length, out, true, true);
    assertThat(out).containsExactly(5, 5, 5, -1, 3, 3, 3, -1, 10, 10, -1);
    // without contrast words nothing is gated
    int[] plain = {3, 4, 6, 3};
    assertThat(l.operators(plain, plain.length, new int[plain.length], false, true)).isFalse();
  }

  /**
   * "X , but Y" with zero to two neutral words around X and Y: the label is Y's polarity, X has the other one, so only
   * the order around "but" tells (the models compared are bags, depth 0: the gate acts on the embeddings).
   */
  static ModelTrainer.LabeledTexts contrastData(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<String> texts = new ArrayList<>();
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      int y = r.nextInt(2);
      String yes = (y == 1 ? POS : NEG)[r.nextInt(POS.length)];
      String other = (y == 1 ? NEG : POS)[r.nextInt(POS.length)];
      StringBuilder sb = new StringBuilder();
      for (int k = r.nextInt(3); k > 0; k--) {
        sb.append(NEUTRAL[r.nextInt(NEUTRAL.length)]).append(' ');
      }
      sb.append(other);
      for (int k = r.nextInt(3); k > 0; k--) {
        sb.append(' ').append(NEUTRAL[r.nextInt(NEUTRAL.length)]);
      }
      sb.append(" , but");
      for (int k = r.nextInt(3); k > 0; k--) {
        sb.append(' ').append(NEUTRAL[r.nextInt(NEUTRAL.length)]);
      }
      texts.add(sb.append(' ').append(yes).toString());
      labels[i] = y;
    }
    return new ModelTrainer.LabeledTexts(texts, labels);
  }

  @Test
  void theContrastGateLearnsToWeighWhatFollowsBut() {
    double[] acc = new double[2];
    for (int g = 0; g < 2; g++) {
      TrainerConfig tc = TrainerConfig.builder().threads(2).seed(5).maxEpochs(12).patience(12).learningRate(0.02)
          .embeddingInitStd(0.3).build();
      ModelTrainer.Outcome o = ModelTrainer.train(TokenizerSettings.defaults(), new VocabularySettings(1, 1000, true, 2, 40),
          config(false).toBuilder().depth(0).contrastGate(g == 1).build(), tc, contrastData(1200, 1), contrastData(400, 2),
          "toy contrast", TrainingListener.NONE);
      acc[g] = o.result().best().validationAccuracyHardmax();
      if (g == 1) {
        assertThat(o.model().predict("the plot was dull , but the actor was superb").logit()).isPositive();
        assertThat(o.model().gateSummary(6)).startsWith("but ");
      }
    }
    assertThat(acc[1]).as("with the contrast gate").isGreaterThan(0.95);
    assertThat(acc[1]).as("with against without (%s)", acc[0]).isGreaterThan(acc[0] + 0.1);
  }

  @Test
  void theVocabularyNamesNegatorsAndClausePunctuation() {
    Vocabulary v = gated().model().vocabulary();
    SequenceLayout l = SequenceLayout.of(v);
    assertThat(l.opensNegation()[v.id("not")]).isTrue();
    assertThat(l.opensNegation()[v.id("great")]).isFalse();
    assertThat(l.endsClause()[v.id(",")]).isTrue();
    assertThat(l.endsClause()[v.id("dull")]).isFalse();
    assertThat(l.opensContrast()[v.id("not")]).isFalse();
    assertThat(SequenceLayout.isClausePunctuation("...")).isTrue();
    assertThat(SequenceLayout.isClausePunctuation("--")).isFalse();
    assertThat(SequenceLayout.isClausePunctuation("n't")).isFalse();
  }

  @Test
  void theGateLearnsNegationThatTheModelWithoutItCannot() {
    ModelTrainer.Outcome with = gated();
    ModelTrainer.Outcome without = train(false);
    double accWith = with.result().best().validationAccuracyHardmax();
    double accWithout = without.result().best().validationAccuracyHardmax();
    assertThat(accWith).as("with the gate").isGreaterThan(0.95);
    // on this task a negator must flip: "not" learned a gate below 0 on average, and the summary reports it
    double[] g = with.model().gate("not");
    assertThat(g).hasSize(8);
    assertThat(java.util.Arrays.stream(g).average().orElseThrow()).as("mean gate of not").isLessThan(0);
    assertThat(with.model().gateSummary(6)).startsWith("not ");
    assertThat(without.model().gate("not")).isEmpty();
    assertThat(accWith).as("with the gate against without (%s)", accWithout).isGreaterThan(accWithout + 0.1);
    SentimentModel m = with.model();
    for (String text : List.of("the film was not at all dull", "not a single boring scene", "it was not great",
        "not the actor , wonderful", "the plot was superb")) {
      boolean positive = !text.contains("great");
      assertThat(m.predict(text).logit() >= 0).as(text).isEqualTo(positive);
    }
  }

  @Test
  void explanationsStayExactAndFilesRoundTripWithTheGate(@TempDir Path dir) throws Exception {
    SentimentModel m = gated().model();
    Path f = dir.resolve("gate.hmx");
    m.save(f);
    SentimentModel back = SentimentModel.load(f);
    assertThat(back.config()).isEqualTo(m.config());
    assertThat(back.network().weights().dense).isEqualTo(m.network().weights().dense);
    ObjectNode cfg = (ObjectNode) ModelFile.header(m).get("config");
    assertThat(cfg.get("negation_gate").asText()).isEqualTo("v1");
    for (String text : negationData(30, 7).texts()) {
      Explanation e = m.explain(text);
      assertThat(m.predict(text).logit()).as("batch and explanation agree bit for bit").isEqualTo(e.logit());
      assertThat(back.explain(text).logit()).isEqualTo(e.logit());
      double sum = e.bias() + e.paddingContribution();
      for (TokenContribution t : e.tokens()) {
        sum += t.contribution();
      }
      assertThat(sum).as("bias + contributions = logit: %s", text).isCloseTo(e.logit(), within(1e-6));
    }
    // the explanation names the negator of every token in a scope, and only of those
    Explanation e = m.explain("the film was not at all dull , the plot was great");
    List<TokenContribution> toks = e.tokens();
    int not = -1;
    for (int i = 0; i < toks.size(); i++) {
      TokenContribution t = toks.get(i);
      if (t.text().equals("not")) {
        not = i;
      }
      boolean inScope = List.of("at", "all", "dull", "at_all", "all_dull").contains(t.text());
      assertThat(t.gatedBy()).as("negator of %s", t.text()).isEqualTo(inScope ? not : -1);
    }
    assertThat(not).isGreaterThanOrEqualTo(0);
    // strict: another rule name, or the key with a wrong type, is refused by name
    Weights w = m.network().weights();
    for (String bad : List.of("\"v2\"", "true")) {
      ObjectNode h = ModelFile.header(m);
      ((ObjectNode) h.get("config")).set("negation_gate", new ObjectMapper().readTree(bad));
      Path g = dir.resolve("bad.hmx");
      FloatContainer.write(g, ModelFile.FORMAT, h, new FloatContainer.Float32(w.embeddings),
          new FloatContainer.Float32(w.dense));
      assertThatThrownBy(() -> SentimentModel.load(g)).isInstanceOf(ModelFileException.class)
          .hasMessageContaining("negation_gate");
    }
  }

  @Test
  void withoutANegatorTheGateChangesNothing() {
    // the same weights with and without the gate's parameters give the same logit, bit for bit, on reviews
    // without a negation word
    HardmaxConfig cg = config(true);
    HardmaxConfig c = config(false);
    Weights wg = AttentionVariantTest.weights(cg.toBuilder().dim(4).maxLength(14).build(), 3);
    float[] dense = java.util.Arrays.copyOf(wg.dense, wg.dense.length - Weights.gateSize(4));
    Weights w = new Weights(wg.embeddings, dense, wg.vocab, c.toBuilder().dim(4).maxLength(14).build());
    Workspace a = new Workspace(cg.toBuilder().dim(4).maxLength(14).build(), AttentionVariantTest.LAYOUT);
    Workspace b = new Workspace(c.toBuilder().dim(4).maxLength(14).build(), AttentionVariantTest.LAYOUT);
    SplittableRandom r = new SplittableRandom(4);
    int checked = 0;
    for (int t = 0; t < 200; t++) {
      int[] ids = AttentionVariantTest.randomIds(r, 1 + r.nextInt(14));
      if (java.util.Arrays.stream(ids).anyMatch(id -> id == 2)) {
        continue;
      }
      checked++;
      double la = a.forward(ids, ids.length, wg, Network.attentionMatrices(cg, wg), true, 1);
      double lb = b.forward(ids, ids.length, w, Network.attentionMatrices(c, w), true, 1);
      assertThat(la).isEqualTo(lb);
    }
    assertThat(checked).isGreaterThan(20);
  }
}
