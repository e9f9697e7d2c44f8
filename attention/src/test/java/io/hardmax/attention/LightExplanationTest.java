package io.hardmax.attention;

import static org.assertj.core.api.Assertions.assertThat;

import io.hardmax.nlp.Token;
import io.hardmax.nlp.TokenizerSettings;
import io.hardmax.nlp.Vocabulary;
import io.hardmax.nlp.EncodedText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Explanations without the layer-by-layer trajectory (what classify needs) against full ones. */
class LightExplanationTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({"IDENTITY", "LEARNED_SPD"})
  void explanationWithoutTrajectoryIsTheSameExplanation(String attn) {
    HardmaxConfig c = KernelTest.config(attn, "ALL_POSITIONS", true, 1e-3, 3);
    Weights w = KernelTest.randomWeights(c, 9, 5, 0.3);
    List<String> toks = new ArrayList<>(List.of(Vocabulary.PAD_TOKEN, Vocabulary.UNK_TOKEN));
    for (int i = 2; i < 9; i++) {
      toks.add("w" + i);
    }
    SentimentModel m = new SentimentModel(TokenizerSettings.defaults(), new Vocabulary(toks), new Network(c, w),
        Provenance.none());
    SplittableRandom r = new SplittableRandom(7);
    for (int t = 0; t < 50; t++) {
      int[] ids = KernelTest.randomIds(r, 1 + r.nextInt(c.maxLength()), 9);
      List<Token> tokens = new ArrayList<>();
      for (int i = 0; i < ids.length; i++) {
        tokens.add(new Token(toks.get(ids[i]), 3 * i, 3 * i + 2));
      }
      EncodedText enc = new EncodedText(ids, tokens, ids.length, List.of());
      Explanation full = m.explain(enc);
      Explanation light = m.explain(enc, false);
      assertThat(light.trajectory()).isEmpty();
      assertThat(full.trajectory()).hasDimensions(c.depth() + 1, ids.length);
      assertThat(light.logit()).isEqualTo(full.logit());
      assertThat(light.tokens()).isEqualTo(full.tokens());
      assertThat(light.clusters()).isEqualTo(full.clusters());
      assertThat(light.diagnostics()).isEqualTo(full.diagnostics());
    }
  }
}
