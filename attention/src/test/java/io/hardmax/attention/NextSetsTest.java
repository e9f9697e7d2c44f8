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

/**
 * The final configuration's attention sets ({@link Workspace#nextSets}, reusing the forward pass's score matrix)
 * against a scalar reference, and explanations without the trajectory against full ones.
 */
class NextSetsTest {

  @ParameterizedTest(name = "{0} {1} shared={2} depth={3}")
  @CsvSource({
    "IDENTITY, ALL_POSITIONS, true, 0",
    "IDENTITY, ALL_POSITIONS, true, 1",
    "IDENTITY, REAL_TOKENS, false, 3",
    "IDENTITY, ALL_POSITIONS, true, 8",
    "LEARNED_SPD, ALL_POSITIONS, false, 2",
    "LEARNED_SPD, REAL_TOKENS, true, 4"
  })
  void nextSetsMatchTheScalarReference(String attn, String pool, boolean shared, int depth) {
    long seed = 20261201L + depth;
    SplittableRandom r = new SplittableRandom(seed);
    HardmaxConfig c = KernelTest.config(attn, pool, shared, 1e-3, depth);
    // a small vocabulary, so reviews hold duplicates (exact ties) and leaders that followers collapse onto
    Weights w = KernelTest.randomWeights(c, 7, seed, 0.3);
    Workspace ws = new Workspace(c);
    float[][] a = Network.attentionMatrices(c, w);
    for (int t = 0; t < 200; t++) {
      int[] ids = KernelTest.randomIds(r, 1 + r.nextInt(c.maxLength() + 3), 7);
      ws.forward(ids, ids.length, w, a, true, depth, true);
      float[] am = depth == 0 ? null : a[c.moduleOf(depth - 1)];
      int[][] expected = hardmaxSets(ws.z[depth], ws.rows, c.dim(), am, c);
      int[][] actual = ws.nextSets(depth, am);
      assertThat(actual).as("seed %s, review %s: %s", seed, t, Arrays.toString(ids)).isDeepEqualTo(expected);
    }
  }

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

  /** The reference: exact hardmax attention sets of a configuration, scalar loops (the former Explainer code). */
  static int[][] hardmaxSets(float[] z, int rows, int d, float[] a, HardmaxConfig cfg) {
    float[] q = z;
    if (a != null && cfg.attention() != HardmaxConfig.AttentionKind.IDENTITY) {
      q = new float[rows * d];
      for (int i = 0; i < rows; i++) {
        for (int c = 0; c < d; c++) {
          float s = 0f;
          for (int k = 0; k < d; k++) {
            s += z[i * d + k] * a[k * d + c];
          }
          q[i * d + c] = s;
        }
      }
    }
    int[][] sets = new int[rows][];
    float[] sc = new float[rows];
    int[] tmp = new int[rows];
    for (int i = 0; i < rows; i++) {
      float max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < rows; j++) {
        float s = 0f;
        for (int c = 0; c < d; c++) {
          s += q[i * d + c] * z[j * d + c];
        }
        sc[j] = s;
        max = Math.max(max, s);
      }
      int m = 0;
      for (int j = 0; j < rows; j++) {
        if (sc[j] == max) {
          tmp[m++] = j;
        }
      }
      sets[i] = Arrays.copyOf(tmp, m);
    }
    return sets;
  }
}
