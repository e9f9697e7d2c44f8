package io.hardmax.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hardmax.nlp.Truncation;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KernelTest {

  static HardmaxConfig config(String attn, String pool, boolean shared, double tau, int depth) {
    return HardmaxConfig.builder().dim(4).depth(depth).sharedLayers(shared).attention(HardmaxConfig.AttentionKind.valueOf(attn))
        .alphaInit(0.7).tau(tau).pooling(HardmaxConfig.Pooling.valueOf(pool)).maxLength(12).truncation(Truncation.FIRST).build();
  }

  static int[] randomIds(SplittableRandom r, int n, int vocab) {
    int[] ids = new int[n];
    for (int i = 0; i < n; i++) {
      ids[i] = 2 + r.nextInt(vocab - 2);
    }
    return ids;
  }

  static Weights randomWeights(HardmaxConfig c, int vocab, long seed, double bScale) {
    Weights w = Weights.init(c, vocab, seed);
    SplittableRandom r = new SplittableRandom(seed + 1);
    for (int i = 0; i < w.embeddings.length; i++) {
      w.embeddings[i] = (float) (r.nextDouble() * 2 - 1);
    }
    if (w.spd) {
      for (int m = 0; m < w.modules; m++) {
        for (int i = 0; i < c.dim() * c.dim(); i++) {
          w.dense[w.bOffset(m) + i] += (float) ((r.nextDouble() * 2 - 1) * bScale);
        }
      }
    }
    for (int m = 0; m < w.modules; m++) {
      w.dense[m] = (float) (r.nextDouble() * 2 - 1);
    }
    w.dense[w.biasOffset()] = 0.3f;
    return w;
  }

  @ParameterizedTest(name = "{0} {1} shared={2}")
  @CsvSource({
    "IDENTITY, ALL_POSITIONS, true",
    "IDENTITY, REAL_TOKENS, false",
    "LEARNED_SPD, ALL_POSITIONS, false",
    "LEARNED_SPD, REAL_TOKENS, true"
  })
  void fastForwardMatchesReference(String attn, String pool, boolean shared) {
    SplittableRandom r = new SplittableRandom(11);
    for (double tau : new double[] {0.3, 1e-3}) {
      HardmaxConfig c = config(attn, pool, shared, tau, 3);
      Weights w = randomWeights(c, 9, 3, 0.3);
      Workspace ws = new Workspace(c);
      float[][] a = Network.attentionMatrices(c, w);
      for (int t = 0; t < 20; t++) {
        int[] ids = randomIds(r, 1 + r.nextInt(12), 9);
        for (boolean hard : new boolean[] {false, true}) {
          double fast = ws.forward(ids, ids.length, w, a, hard, c.depth());
          double ref = ReferenceModel.logit(c, w, ids, hard);
          assertThat(fast).as("tau %s hard %s ids %s", tau, hard, java.util.Arrays.toString(ids)).isCloseTo(ref, within(1e-5));
        }
      }
    }
  }

  @ParameterizedTest(name = "{0} {1} shared={2}")
  @CsvSource({
    "IDENTITY, ALL_POSITIONS, true",
    "IDENTITY, REAL_TOKENS, false",
    "LEARNED_SPD, ALL_POSITIONS, false",
    "LEARNED_SPD, REAL_TOKENS, true"
  })
  void backwardMatchesFiniteDifferencesOfTheReference(String attn, String pool, boolean shared) {
    HardmaxConfig c = config(attn, pool, shared, 0.5, 2);
    Weights w = randomWeights(c, 7, 5, 0.3);
    int[] ids = {2, 3, 4, 2, 6, 5};
    Workspace ws = new Workspace(c);
    Gradients g = new Gradients(w);
    ws.forward(ids, ids.length, w, Network.attentionMatrices(c, w), false, c.depth());
    ws.backward(1.0, w, Network.attentionMatrices(c, w), g, c.depth());
    double[] dense = new double[w.dense.length];
    for (int i = 0; i < dense.length; i++) {
      dense[i] = w.dense[i];
    }
    double[] emb = new double[w.embeddings.length];
    for (int i = 0; i < emb.length; i++) {
      emb[i] = w.embeddings[i];
    }
    double h = 1e-5;
    for (int i = 0; i < dense.length; i++) {
      double keep = dense[i];
      dense[i] = keep + h;
      double up = ReferenceModel.logit(c, w, ids, false, dense, emb);
      dense[i] = keep - h;
      double down = ReferenceModel.logit(c, w, ids, false, dense, emb);
      dense[i] = keep;
      assertThat((double) g.dense[i]).as("dense parameter %d", i).isCloseTo((up - down) / (2 * h), within(2e-4 + 1e-3 * Math.abs(g.dense[i])));
    }
    for (int i = 0; i < emb.length; i++) {
      double keep = emb[i];
      emb[i] = keep + h;
      double up = ReferenceModel.logit(c, w, ids, false, dense, emb);
      emb[i] = keep - h;
      double down = ReferenceModel.logit(c, w, ids, false, dense, emb);
      emb[i] = keep;
      assertThat((double) g.emb[i]).as("embedding value %d", i).isCloseTo((up - down) / (2 * h), within(2e-4 + 1e-3 * Math.abs(g.emb[i])));
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"IDENTITY", "LEARNED_SPD"})
  void logitIsInvariantToTokenOrder(String attn) {
    HardmaxConfig c = config(attn, "REAL_TOKENS", true, 1e-3, 4);
    Weights w = randomWeights(c, 10, 8, 0.2);
    Workspace ws = new Workspace(c);
    float[][] a = Network.attentionMatrices(c, w);
    int[] ids = {2, 7, 3, 9, 4, 2, 8};
    int[] perm = {8, 2, 4, 9, 2, 7, 3};
    for (boolean hard : new boolean[] {false, true}) {
      assertThat(ws.forward(perm, perm.length, w, a, hard, c.depth()))
          .isCloseTo(ws.forward(ids, ids.length, w, a, hard, c.depth()), within(1e-5));
    }
  }

  @ParameterizedTest(name = "{0} {1} shared={2}")
  @CsvSource({
    "IDENTITY, ALL_POSITIONS, true",
    "IDENTITY, REAL_TOKENS, false",
    "LEARNED_SPD, ALL_POSITIONS, false",
    "LEARNED_SPD, REAL_TOKENS, true"
  })
  void compactRowsAgreeWithOneRowPerToken(String attn, String pool, boolean shared) {
    SplittableRandom r = new SplittableRandom(23);
    for (double tau : new double[] {0.5, 1e-3}) {
      HardmaxConfig c = config(attn, pool, shared, tau, 3);
      Weights w = randomWeights(c, 6, 9, 0.3);
      float[][] a = Network.attentionMatrices(c, w);
      Workspace compact = new Workspace(c);
      Workspace expanded = new Workspace(c);
      for (int t = 0; t < 30; t++) {
        int[] ids = randomIds(r, 1 + r.nextInt(14), 6); // few words, many copies; some longer than maxLength
        for (boolean hard : new boolean[] {false, true}) {
          double lc = compact.forward(ids, ids.length, w, a, hard, c.depth(), true);
          double le = expanded.forward(ids, ids.length, w, a, hard, c.depth(), false);
          assertThat(lc).as("tau %s hard %s ids %s", tau, hard, java.util.Arrays.toString(ids)).isCloseTo(le, within(1e-5));
          assertThat(compact.rows).isLessThanOrEqualTo(expanded.rows);
          assertThat(compact.tokens).isEqualTo(expanded.tokens);
          for (int i = 0; i < compact.tokens; i++) {
            assertThat(compact.ids[compact.tokenRow[i]]).isEqualTo(ids[i]);
          }
          // gradients at the moderate temperature only: at tau = 1e-3 the expanded path's softmax derivative over
          // the tied copies of a word is float rounding noise divided by tau (exactly 0 in the merged row)
          if (!hard && tau > 0.1) {
            Gradients gc = new Gradients(w);
            Gradients ge = new Gradients(w);
            compact.backward(1.0, w, a, gc, c.depth());
            expanded.backward(1.0, w, a, ge, c.depth());
            for (int i = 0; i < gc.dense.length; i++) {
              assertThat((double) gc.dense[i]).as("dense %d", i).isCloseTo(ge.dense[i], within(1e-4 + 1e-4 * Math.abs(ge.dense[i])));
            }
            for (int i = 0; i < gc.emb.length; i++) {
              assertThat((double) gc.emb[i]).as("embedding %d", i).isCloseTo(ge.emb[i], within(1e-4 + 1e-4 * Math.abs(ge.emb[i])));
            }
          }
        }
      }
    }
  }
}
