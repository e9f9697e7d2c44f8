package io.hardmax.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hardmax.nlp.TokenizerSettings;
import io.hardmax.nlp.Vocabulary;
import io.hardmax.nlp.VocabularySettings;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every attention variant against the scalar reference of {@link HardmaxAttention}: forward within 1e-5,
 * backward against finite differences, exact ties, the explanation's additivity, and model files.
 */
class AttentionVariantTest {
  /** Ids 7 and 8 are "bigram entries" in these tests (positions between their words). */
  static final int BIGRAM_START = 7;
  static final int VOCAB = 9;
  /** Id 6 ends a sentence and a clause; id 2 is a negation word, id 5 a contrast word. */
  static final SequenceLayout LAYOUT = new SequenceLayout(BIGRAM_START, new boolean[] {false, false, false, false, false, false, true},
      new boolean[] {false, false, true}, new boolean[] {false, false, false, false, false, false, true},
      new boolean[] {false, false, false, false, false, true});

  static HardmaxConfig variant(String name, String attn, double tau, int depth) {
    HardmaxConfig.Builder b = HardmaxConfig.builder().dim(4).depth(depth).sharedLayers(depth < 2).alphaInit(0.7)
        .tau(tau).pooling(HardmaxConfig.Pooling.REAL_TOKENS).maxLength(14)
        .attention(HardmaxConfig.AttentionKind.valueOf(attn));
    switch (name) {
      case "global" -> b.global();
      case "global-two-channel" -> b.global().twoChannel(true);
      case "distance" -> b.distance(0.3);
      case "distance-two-channel" -> b.distance(0.3).twoChannel(true);
      case "window1" -> b.window(1);
      case "window3" -> b.window(3);
      case "window3-two-channel" -> b.window(3).twoChannel(true);
      case "sentence" -> b.sentence();
      case "sentence-two-channel" -> b.sentence().twoChannel(true);
      case "global-value" -> b.global().valueMap(true);
      case "distance-value" -> b.distance(0.3).valueMap(true);
      case "distance-two-channel-value" -> b.distance(0.3).twoChannel(true).valueMap(true);
      case "window3-value" -> b.window(3).valueMap(true);
      case "sentence-two-channel-value" -> b.sentence().twoChannel(true).valueMap(true);
      case "distance-heads2" -> b.distance(0.3).heads(2);
      case "distance-two-channel-heads3" -> b.distance(0.3).twoChannel(true).heads(3);
      case "distance-two-channel-value-heads2" -> b.distance(0.3).twoChannel(true).valueMap(true).heads(2);
      case "global-heads2" -> b.global().heads(2);
      case "window3-value-heads2" -> b.window(3).valueMap(true).heads(2);
      case "global-gate" -> b.global().negationGate(true);
      case "window3-two-channel-gate" -> b.window(3).twoChannel(true).negationGate(true);
      case "distance-two-channel-value-gate" -> b.distance(0.3).twoChannel(true).valueMap(true).negationGate(true);
      case "window3-two-channel-contrast" -> b.window(3).twoChannel(true).contrastGate(true);
      case "distance-two-channel-gates" -> b.distance(0.3).twoChannel(true).negationGate(true).contrastGate(true);
      case "global-distinct" -> b.global().pooling(HardmaxConfig.Pooling.DISTINCT_WORDS);
      case "global-two-channel-distinct" -> b.global().twoChannel(true).pooling(HardmaxConfig.Pooling.DISTINCT_WORDS);
      case "window3-two-channel-distinct" -> b.window(3).twoChannel(true).pooling(HardmaxConfig.Pooling.DISTINCT_WORDS);
      case "distance-two-channel-value-gate-distinct" -> b.distance(0.3).twoChannel(true).valueMap(true).negationGate(true)
          .pooling(HardmaxConfig.Pooling.DISTINCT_WORDS);
      default -> throw new IllegalArgumentException(name);
    }
    return b.build();
  }

  /** The attention kinds variant {@code name} is defined for (several heads need a learned A or the distance penalty). */
  static List<String> attentionKinds(String name) {
    return name.contains("heads") && !name.startsWith("distance") ? List.of("LEARNED_SPD") : List.of("IDENTITY", "LEARNED_SPD");
  }

  /** Random ids where a bigram entry (7, 8) only ever follows at least two words, as the encoder writes them. */
  static int[] randomIds(SplittableRandom r, int n) {
    int[] ids = new int[n];
    int words = 0;
    for (int i = 0; i < n; i++) {
      boolean bigram = words >= 2 && i > 0 && ids[i - 1] < BIGRAM_START && r.nextInt(3) == 0;
      ids[i] = bigram ? BIGRAM_START + r.nextInt(2) : 2 + r.nextInt(BIGRAM_START - 2);
      if (!bigram) {
        words++;
      }
    }
    return ids;
  }

  static Weights weights(HardmaxConfig c, long seed) {
    Weights w = KernelTest.randomWeights(c, VOCAB, seed, 0.3);
    SplittableRandom r = new SplittableRandom(seed + 7);
    if (w.distance) {
      for (int m = 0; m < w.modules; m++) {
        w.dense[w.distanceOffset() + m] = (float) Weights.inverseSoftplus(0.05 + 0.4 * r.nextDouble());
      }
    }
    if (w.twoChannel) {
      for (int i = 0; i < c.dim(); i++) {
        w.dense[w.readout0Offset() + i] = (float) (r.nextDouble() * 2 - 1);
      }
    }
    if (w.valueMap) {
      // W = I + noise, so the value map both keeps and turns the mixed vector
      for (int m = 0; m < w.modules; m++) {
        for (int i = 0; i < c.dim() * c.dim(); i++) {
          w.dense[w.valueMapOffset(m) + i] += (float) (r.nextDouble() * 1.2 - 0.6);
        }
      }
    }
    for (int h = 1; h < w.heads; h++) {
      for (int m = 0; m < w.modules; m++) {
        if (w.distance) {
          w.dense[w.slopeOffset(m, h)] = (float) Weights.inverseSoftplus(0.02 + 0.4 * r.nextDouble());
        }
        if (w.spd) {
          for (int i = 0; i < c.dim() * c.dim(); i++) {
            w.dense[w.bOffset(m, h) + i] += (float) ((r.nextDouble() * 2 - 1) * 0.3);
          }
        }
      }
    }
    if (w.gated) {
      // U and c spread so that gates range over (-1, 1): flipped, damped and kept coordinates
      int go = w.gateOffset();
      for (int i = 0; i < c.dim() * c.dim(); i++) {
        w.dense[go + i] = (float) (r.nextDouble() * 1.6 - 0.8);
      }
      for (int i = 0; i < c.dim(); i++) {
        w.dense[go + c.dim() * c.dim() + i] = (float) (r.nextDouble() * 3 - 1.5);
      }
      w.dense[go + c.dim() * c.dim() + c.dim()] = (float) Weights.inverseSoftplus(0.1 + 0.8 * r.nextDouble());
    }
    return w;
  }

  static final String[] NEW_VARIANTS = {"global-value", "distance-value", "distance-two-channel-value", "window3-value",
      "sentence-two-channel-value", "distance-heads2", "distance-two-channel-heads3", "distance-two-channel-value-heads2",
      "global-heads2", "window3-value-heads2"};

  @ParameterizedTest
  @ValueSource(strings = {"global", "global-two-channel", "distance", "distance-two-channel", "window1", "window3",
      "window3-two-channel", "sentence", "sentence-two-channel", "global-value", "distance-value",
      "distance-two-channel-value", "window3-value", "sentence-two-channel-value", "distance-heads2",
      "distance-two-channel-heads3", "distance-two-channel-value-heads2", "global-heads2", "window3-value-heads2",
      "global-gate", "window3-two-channel-gate", "distance-two-channel-value-gate", "global-distinct",
      "global-two-channel-distinct", "window3-two-channel-distinct", "distance-two-channel-value-gate-distinct", "window3-two-channel-contrast",
      "distance-two-channel-gates"})
  void fastForwardMatchesTheScalarReference(String name) {
    SplittableRandom r = new SplittableRandom(21);
    for (String attn : attentionKinds(name)) {
      for (double tau : new double[] {0.3, 1e-3}) {
        HardmaxConfig c = variant(name, attn, tau, 2);
        Weights w = weights(c, 5);
        Workspace ws = new Workspace(c, LAYOUT);
        float[][] a = Network.attentionMatrices(c, w);
        for (int t = 0; t < 25; t++) {
          int[] ids = randomIds(r, 1 + r.nextInt(14));
          for (boolean hard : new boolean[] {false, true}) {
            double fast = ws.forward(ids, ids.length, w, a, hard, c.depth());
            double ref = ReferenceModel.logit(c, w, ids, hard, LAYOUT);
            assertThat(fast).as("%s %s tau %s hard %s ids %s", name, attn, tau, hard, Arrays.toString(ids))
                .isCloseTo(ref, within(1e-5));
          }
        }
      }
    }
  }

  @Test
  void longReviewsMatchTheReferenceWithPrunedDistanceAndBandedWindows() {
    // 200 tokens: the distance kernel skips keys beyond its exact radius, windows score a band of keys
    SplittableRandom r = new SplittableRandom(5);
    for (String name : List.of("distance", "window3", "window1", "sentence", "distance-two-channel-value-heads2")) {
      for (double tau : new double[] {0.05, 1e-3}) {
        HardmaxConfig c = variant(name, "IDENTITY", tau, 2).toBuilder().maxLength(200).build();
        Weights w = weights(c, 13);
        Workspace ws = new Workspace(c, LAYOUT);
        float[][] a = Network.attentionMatrices(c, w);
        for (int t = 0; t < 4; t++) {
          int[] ids = randomIds(r, 150 + r.nextInt(50));
          for (boolean hard : new boolean[] {false, true}) {
            assertThat(ws.forward(ids, ids.length, w, a, hard, c.depth())).as("%s tau %s hard %s", name, tau, hard)
                .isCloseTo(ReferenceModel.logit(c, w, ids, hard, LAYOUT), within(1e-5));
          }
        }
      }
    }
  }

  /**
   * Runs both workspaces on the same review and asserts the same computation bit for bit: the logit, every layer's
   * and head's compressed rows (kept keys and probabilities) and, at hardmax, the final configuration's sets.
   */
  private static void assertSameComputation(Workspace fast, Workspace ref, HardmaxConfig c, Weights w, float[][] a,
      int[] ids, boolean hard, String what) {
    double lp = fast.forward(ids, ids.length, w, a, hard, c.depth());
    double lf = ref.forward(ids, ids.length, w, a, hard, c.depth());
    assertThat(Double.doubleToLongBits(lp)).as(what).isEqualTo(Double.doubleToLongBits(lf));
    for (int k = 0; k < c.depth() * c.heads(); k++) { // every layer's and head's compressed rows
      int rows = fast.rows;
      assertThat(Arrays.copyOf(fast.rowStart[k], rows + 1)).as(what).isEqualTo(Arrays.copyOf(ref.rowStart[k], rows + 1));
      int kept = fast.rowStart[k][rows];
      assertThat(Arrays.copyOf(fast.nzIdx[k], kept)).as(what).isEqualTo(Arrays.copyOf(ref.nzIdx[k], kept));
      assertThat(Arrays.copyOf(fast.nzP[k], kept)).as(what).isEqualTo(Arrays.copyOf(ref.nzP[k], kept));
    }
    if (hard) {
      // the explanation's pass over the final configuration (selection only, the same kernel)
      ForwardTrace tp = fast.trace(w, a);
      ForwardTrace tf = ref.trace(w, a);
      for (int k = 0; k <= c.depth(); k++) {
        assertThat(tp.sets()[k]).as(what + " sets of configuration " + k).isDeepEqualTo(tf.sets()[k]);
      }
      int slot = c.depth() * c.heads();
      int kept = fast.rowStart[slot][fast.rows];
      assertThat(Arrays.copyOf(fast.nzP[slot], kept)).as(what).isEqualTo(Arrays.copyOf(ref.nzP[slot], kept));
    }
  }

  @Test
  void windowKernelScoresAsTheTransposedKeysDoBitForBit() {
    // scoreNear (dot products with the rows of z, four keys at a time) must sum every score in the order the
    // transposed-key kernel (scoreRow) does: same logits, sets and probabilities, for dimension 16 (the bundled
    // model's; scoreRow sums in groups of 4 and 8), 5 and 3 (its other branches), identity and learned attention,
    // softmax and hardmax, one and several heads
    SplittableRandom r = new SplittableRandom(13);
    for (String attn : List.of("IDENTITY", "LEARNED_SPD")) {
      for (int dim : new int[] {16, 5, 3}) {
        for (String name : attn.equals("IDENTITY") ? List.of("window3-two-channel-distinct", "window1")
            : List.of("window3-two-channel-distinct", "window1", "window3-value-heads2")) { // heads need learned A
          HardmaxConfig c = variant(name, attn, 1e-3, 2).toBuilder().maxLength(400).dim(dim).build();
          Weights w = weights(c, 19);
          float[][] a = Network.attentionMatrices(c, w);
          Workspace near = new Workspace(c, LAYOUT);
          Workspace transposed = new Workspace(c, LAYOUT);
          transposed.nearScores = false;
          for (int t = 0; t < 3; t++) {
            int[] ids = randomIds(r, 5 + r.nextInt(395));
            for (boolean hard : new boolean[] {false, true}) {
              assertSameComputation(near, transposed, c, w, a, ids, hard,
                  name + " " + attn + " dim " + dim + " hard " + hard + " length " + ids.length);
            }
          }
          assertThat(near.keysScored).as("both scored the same keys").isEqualTo(transposed.keysScored).isPositive();
        }
      }
    }
  }

  @Test
  void prunedDistanceKernelEqualsTheFullScanBitForBit() {
    // the block pruning of the distance variant must be exact: same logits, attention sets and probabilities as
    // scoring every key, for small learned slopes (wide radii, as trained models have) and large ones, identity
    // and learned attention, softmax and hardmax, reviews of several blocks
    SplittableRandom r = new SplittableRandom(11);
    for (String attn : List.of("IDENTITY", "LEARNED_SPD")) {
      for (double slope : new double[] {0.003, 0.015, 0.3}) {
        for (String name : List.of("distance-two-channel", "distance-two-channel-value-heads2", "distance-two-channel-value")) {
          // dimension 16 as the bundled model (the full scan sums its scores in groups of 4 and 8), else 4
          int dim = name.endsWith("-value") ? 16 : 4;
          HardmaxConfig c = variant(name, attn, 1e-3, 2).toBuilder().maxLength(700).dim(dim).build();
          Weights w = weights(c, 17);
          for (int m = 0; m < w.modules; m++) {
            for (int h = 0; h < w.heads; h++) {
              w.dense[w.slopeOffset(m, h)] = (float) Weights.inverseSoftplus(slope * (1 + m) / (1 + 3 * h));
            }
          }
          float[][] a = Network.attentionMatrices(c, w);
          Workspace pruned = new Workspace(c, LAYOUT);
          Workspace full = new Workspace(c, LAYOUT);
          full.pruning = false;
          for (int t = 0; t < 3; t++) {
            int[] ids = randomIds(r, 40 + r.nextInt(660));
            for (boolean hard : new boolean[] {false, true}) {
              String what = name + " " + attn + " slope " + slope + " hard " + hard + " length " + ids.length;
              assertSameComputation(pruned, full, c, w, a, ids, hard, what);
            }
          }
          // not vacuous: the pruned kernel skipped keys
          assertThat(pruned.keysScored).as(name + " " + attn + " slope " + slope).isLessThan(full.keysScored);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"global-two-channel", "distance", "distance-two-channel", "window1", "window3", "sentence",
      "global-value", "distance-two-channel-value", "window3-value", "sentence-two-channel-value", "distance-heads2",
      "distance-two-channel-heads3", "distance-two-channel-value-heads2", "global-heads2", "window3-value-heads2",
      "global-gate", "window3-two-channel-gate", "distance-two-channel-value-gate", "global-distinct",
      "global-two-channel-distinct", "window3-two-channel-distinct", "distance-two-channel-value-gate-distinct", "window3-two-channel-contrast",
      "distance-two-channel-gates"})
  void backwardMatchesFiniteDifferences(String name) {
    for (String attn : attentionKinds(name)) {
      HardmaxConfig c = variant(name, attn, 0.5, 2);
      Weights w = weights(c, 9);
      int[] ids = {2, 3, 4, 7, 2, 6, 3, 4, 8, 5, 3}; // a negation scope (2 ...), then a contrast scope (3 4 8 before 5)
      Workspace ws = new Workspace(c, LAYOUT);
      Gradients g = new Gradients(w);
      float[][] a = Network.attentionMatrices(c, w);
      ws.forward(ids, ids.length, w, a, false, c.depth());
      ws.backward(1.0, w, a, g, c.depth());
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
        double up = ReferenceModel.logit(c, w, ids, false, dense, emb, LAYOUT);
        dense[i] = keep - h;
        double down = ReferenceModel.logit(c, w, ids, false, dense, emb, LAYOUT);
        dense[i] = keep;
        assertThat((double) g.dense[i]).as("%s %s dense parameter %d", name, attn, i)
            .isCloseTo((up - down) / (2 * h), within(2e-4 + 1e-3 * Math.abs(g.dense[i])));
      }
      for (int i = 0; i < emb.length; i++) {
        double keep = emb[i];
        emb[i] = keep + h;
        double up = ReferenceModel.logit(c, w, ids, false, dense, emb, LAYOUT);
        emb[i] = keep - h;
        double down = ReferenceModel.logit(c, w, ids, false, dense, emb, LAYOUT);
        emb[i] = keep;
        assertThat((double) g.emb[i]).as("%s %s embedding value %d", name, attn, i)
            .isCloseTo((up - down) / (2 * h), within(2e-4 + 1e-3 * Math.abs(g.emb[i])));
      }
      if (w.distance) {
        for (int head = 0; head < w.heads; head++) {
          assertThat(g.dense[w.slopeOffset(0, head)]).as("the slope of head %d gets a gradient", head).isNotZero();
        }
      }
      if (w.spd) {
        for (int head = 0; head < w.heads; head++) {
          int bo = w.bOffset(0, head);
          assertThat(IntStream.range(bo, bo + 16).anyMatch(i -> g.dense[i] != 0f)).as("B of head %d gets a gradient", head)
              .isTrue();
        }
      }
      if (w.valueMap) {
        int wo = w.valueMapOffset(0);
        assertThat(IntStream.range(wo, wo + 16).filter(i -> g.dense[i] != 0f).count()).as("every entry of W gets a gradient")
            .isEqualTo(16);
      }
      if (w.gated) {
        int go = w.gateOffset();
        assertThat(IntStream.range(go, go + 21).filter(i -> g.dense[i] != 0f).count())
            .as("every entry of the gate's U, c and decay gets a gradient").isEqualTo(21);
      }
    }
  }

  @Test
  void positionsPlaceBigramEntriesBetweenTheirWords() {
    float[] p = new float[6];
    HardmaxAttention.positions(new int[] {2, 3, 7, 4, 8, 5}, 6, BIGRAM_START, p);
    assertThat(p).containsExactly(0f, 1f, 0.5f, 2f, 1.5f, 3f);
    HardmaxAttention.positions(new int[] {7, 2, 3}, 3, BIGRAM_START, p);
    assertThat(Arrays.copyOf(p, 3)).as("an entry before two words is a word").containsExactly(0f, 1f, 2f);
  }

  @Test
  void sentencesEndAtPunctuationAndBigramsJoinTheirWord() {
    float[] p = new float[7];
    int[] s = new int[7];
    LAYOUT.place(new int[] {2, 6, 7, 3, 6, 4, 8}, 7, p, s);
    assertThat(s).containsExactly(0, 0, 0, 1, 1, 2, 2);
    assertThat(p).containsExactly(0f, 1f, 0.5f, 2f, 3f, 4f, 3.5f);
  }

  @Test
  void tieRuleIsARelativeToleranceSharedByKernelAndReference() {
    assertThat(HardmaxAttention.tieFloor(1.0)).isEqualTo(1.0 - 2e-6);
    assertThat(HardmaxAttention.tieFloor(-3.0)).isEqualTo(-3.0 - 4e-6);
    float f = HardmaxAttention.tieFloor(0.7f);
    assertThat((double) f).isLessThanOrEqualTo(HardmaxAttention.tieFloor(0.7));
    // two keys whose scores differ by less than the tolerance are both in the set, in both implementations
    double[][] z = {{1, 0}, {0.5, 1e-7}, {0.5, -1e-7}};
    double[][] zz = {{0.2, 0}, {1, 0}, {1 + 1e-7, 0}};
    int[][] sets = HardmaxAttention.referenceSets(zz, null, null, HardmaxConfig.WordOrder.GLOBAL, 0, 0);
    assertThat(sets[0]).containsExactly(1, 2);
    assertThat(HardmaxAttention.referenceSets(z, null, null, HardmaxConfig.WordOrder.GLOBAL, 0, 0)[0]).containsExactly(0);
  }

  /** A model with hand-set embeddings: a = (1, 0), b = (0.2, 0), c = (0, 1), d = (0.2, 0.1). */
  static SentimentModel handModel(HardmaxConfig c) {
    List<String> toks = List.of(Vocabulary.PAD_TOKEN, Vocabulary.UNK_TOKEN, "a", "b", "c", "d", ".");
    Vocabulary vocab = new Vocabulary(toks);
    Weights w = Weights.init(c, toks.size(), 1);
    float[][] pts = {{0, 0}, {0, 0}, {1, 0}, {0.2f, 0}, {0, 1}, {0.2f, 0.1f}, {0, 0}};
    for (int i = 0; i < pts.length; i++) {
      w.embeddings[2 * i] = pts[i][0];
      w.embeddings[2 * i + 1] = pts[i][1];
    }
    w.dense[0] = (float) Weights.inverseSoftplus(0.5);
    return new SentimentModel(TokenizerSettings.defaults(), vocab, new Network(c, w, SequenceLayout.of(vocab)), Provenance.none());
  }

  @Test
  void exactTiesAcrossPositions() {
    // "a b a": b sits between two copies of a at the same distance; they tie exactly under every variant
    for (HardmaxConfig c : List.of(
        HardmaxConfig.builder().dim(2).depth(1).alphaInit(0.5).pooling(HardmaxConfig.Pooling.REAL_TOKENS).maxLength(8).window(1).build(),
        HardmaxConfig.builder().dim(2).depth(1).alphaInit(0.5).pooling(HardmaxConfig.Pooling.REAL_TOKENS).maxLength(8).distance(0.01).build(),
        HardmaxConfig.builder().dim(2).depth(1).alphaInit(0.5).pooling(HardmaxConfig.Pooling.REAL_TOKENS).maxLength(8).sentence().build(),
        HardmaxConfig.builder().dim(2).depth(1).alphaInit(0.5).pooling(HardmaxConfig.Pooling.REAL_TOKENS).maxLength(8).build())) {
      Network net = handModel(c).network();
      Workspace ws = net.workspace();
      ws.forward(new int[] {2, 3, 2}, 3, net.weights(), net.aMats(), true, 1, true);
      ForwardTrace tr = ws.trace(net.weights(), net.aMats());
      int bRow = tr.tokenRow()[1];
      int[] set = tr.sets()[0][bRow];
      if (c.wordOrder().positional()) {
        assertThat(set).as("%s", c.wordOrder()).containsExactly(0, 2);
      } else {
        assertThat(set).as("compact rows: the two copies of a are one row").containsExactly(tr.tokenRow()[0]);
      }
      // b moves to a by alpha / (1 + alpha) of the way: (0.2 + 0.5 * 1) / 1.5
      assertThat(tr.states()[1][bRow * 2]).isCloseTo(0.7f / 1.5f, within(1e-6f));
    }
  }

  @Test
  void windowHidesFarKeysAndDistancePrefersNearOnes() {
    // "a b b b c d": for d, a is the best key globally (<d, a> = 0.2), c the nearest strong one (<d, c> = 0.1)
    int[] ids = {2, 3, 3, 3, 4, 5};
    HardmaxConfig.Builder b = HardmaxConfig.builder().dim(2).depth(1).alphaInit(0.5).pooling(HardmaxConfig.Pooling.REAL_TOKENS)
        .maxLength(8);
    int[] globalSet = setOfLast(b.global().build(), ids);
    int[] windowSet = setOfLast(b.window(2).build(), ids);
    int[] distanceSet = setOfLast(b.distance(0.03).build(), ids);
    int[] sentenceSet = setOfLast(b.sentence().build(), new int[] {2, 3, 6, 4, 5});
    assertThat(globalSet).as("global: the first a").containsExactly(0);
    assertThat(windowSet).as("window 2: a is 5 away").doesNotContain(0);
    assertThat(distanceSet).as("distance: 0.2 - 5 m < 0.1 - m").containsExactly(4);
    assertThat(sentenceSet).as("sentence: a is in the sentence before the full stop").containsExactly(3);
  }

  private static int[] setOfLast(HardmaxConfig c, int[] ids) {
    Network net = handModel(c).network();
    Workspace ws = net.workspace();
    ws.forward(ids, ids.length, net.weights(), net.aMats(), true, 1, true);
    ForwardTrace tr = ws.trace(net.weights(), net.aMats());
    return tr.sets()[0][tr.tokenRow()[ids.length - 1]];
  }

  @ParameterizedTest
  @ValueSource(strings = {"distance", "window3-two-channel", "global-two-channel", "sentence", "global-value",
      "distance-two-channel-value", "distance-two-channel-heads3", "distance-two-channel-value-heads2", "global-heads2",
      "window3-value-heads2", "global-two-channel-distinct", "window3-two-channel-distinct"})
  void explanationsStayExactAndFilesRoundTrip(String name, @TempDir Path dir) throws Exception {
    HardmaxConfig c = variant(name, attentionKinds(name).get(0), 0.05, 1).toBuilder().dim(4).maxLength(32).build();
    TrainerConfig tc = TrainerConfig.builder().threads(2).seed(3).maxEpochs(3).learningRate(0.01).embeddingInitStd(0.3)
        .wordDropout(0.2).build();
    SentimentModel m = ModelTrainer.train(TokenizerSettings.defaults(), new VocabularySettings(1, 1000, true, 2, 40), c, tc,
        ModelTest.toyData(300, 1), ModelTest.toyData(100, 2), "toy", TrainingListener.NONE).model();
    assertThat(m.vocabulary().hasBigrams()).isTrue();
    Path f = dir.resolve("m.hmx");
    m.save(f);
    SentimentModel back = SentimentModel.load(f);
    assertThat(back.config()).isEqualTo(c);
    assertThat(back.network().weights().dense).isEqualTo(m.network().weights().dense);
    ObjectNode cfgKeys = (ObjectNode) ModelFile.header(m).get("config");
    assertThat(cfgKeys.has("value_map")).as("value_map is written only when used").isEqualTo(c.valueMap());
    assertThat(cfgKeys.has("heads")).as("heads is written only when > 1").isEqualTo(c.heads() > 1);
    if (c.valueMap()) {
      assertThat(m.valueMapDistances()[0]).as("training moved W away from I").isGreaterThan(0);
    }
    if (c.heads() > 1 && c.wordOrder() == HardmaxConfig.WordOrder.DISTANCE) {
      assertThat(m.distanceSlopes()).hasSize(c.heads()).doesNotHaveDuplicates();
    }
    for (String text : ModelTest.toyData(20, 5).texts()) {
      Explanation e = m.explain(text);
      assertThat(m.predict(text).logit()).as("batch and explanation agree bit for bit").isEqualTo(e.logit());
      assertThat(back.explain(text).logit()).as("saved and loaded").isEqualTo(e.logit());
      double sum = e.bias() + e.paddingContribution();
      for (TokenContribution t : e.tokens()) {
        sum += t.contribution();
      }
      assertThat(sum).as("bias + contributions = logit: %s", text).isCloseTo(e.logit(), within(1e-6));
      for (TokenContribution t : e.tokens()) {
        int l = t.leader();
        if (l >= 0) {
          assertThat(e.tokens().get(l).leader()).as("a leader leads itself").isEqualTo(l);
        }
      }
    }
  }

  /** The weights of {@code c} with a value map (W = I) and otherwise the same parameters as {@code w}. */
  static Weights withIdentityValueMap(HardmaxConfig cv, Weights w) {
    Weights wv = new Weights(w.embeddings.clone(), Arrays.copyOf(w.dense, Weights.denseSize(cv)), w.vocab, cv);
    for (int m = 0; m < wv.modules; m++) {
      for (int i = 0; i < wv.dim; i++) {
        wv.dense[wv.valueMapOffset(m) + i * wv.dim + i] = 1f;
      }
    }
    return wv;
  }

  @Test
  void valueMapAtTheIdentityIsTheModelWithoutItBitForBit() {
    // the value map's W goes after every parameter of before, so the same dense prefix with W = I is the same model
    SplittableRandom r = new SplittableRandom(17);
    for (String name : List.of("global", "global-two-channel", "distance-two-channel", "window3", "sentence")) {
      for (String attn : List.of("IDENTITY", "LEARNED_SPD")) {
        for (double tau : new double[] {0.3, 1e-3}) {
          HardmaxConfig c = variant(name, attn, tau, 2);
          HardmaxConfig cv = c.toBuilder().valueMap(true).heads(1).build();
          Weights w = weights(c, 3);
          Weights wv = withIdentityValueMap(cv, w);
          assertThat(wv.valueMapIsIdentity(0)).isTrue();
          Workspace ws = new Workspace(c, LAYOUT);
          Workspace wsv = new Workspace(cv, LAYOUT);
          float[][] a = Network.attentionMatrices(c, w);
          float[][] av = Network.attentionMatrices(cv, wv);
          for (int t = 0; t < 10; t++) {
            int[] ids = randomIds(r, 1 + r.nextInt(14));
            for (boolean hard : new boolean[] {false, true}) {
              double x = ws.forward(ids, ids.length, w, a, hard, c.depth());
              double y = wsv.forward(ids, ids.length, wv, av, hard, cv.depth());
              assertThat(y).as("%s %s tau %s hard %s", name, attn, tau, hard).isEqualTo(x);
              Gradients g = new Gradients(w);
              Gradients gv = new Gradients(wv);
              ws.backward(0.7, w, a, g, c.depth());
              wsv.backward(0.7, wv, av, gv, cv.depth());
              assertThat(Arrays.copyOf(gv.dense, g.dense.length)).as("gradients of the common parameters").isEqualTo(g.dense);
              assertThat(gv.emb).isEqualTo(g.emb);
              ForwardTrace tr = ws.trace(w, a);
              ForwardTrace trv = wsv.trace(wv, av);
              assertThat(trv.states()).isDeepEqualTo(tr.states());
              assertThat(trv.sets()).isDeepEqualTo(tr.sets());
            }
          }
        }
      }
    }
  }

  @Test
  void aLeaderCanTurnItsFollowersWithTheValueMap() {
    // "a b": b = (0.2, 0) follows a = (1, 0) (<b, a> = 0.2 > <b, b> = 0.04). With W = -I the update
    // (z_b + alpha W z_a) / (1 + alpha) takes b to the other side: (0.2 - 0.5) / 1.5 = -0.2, which averaging
    // (W = I: (0.2 + 0.5) / 1.5) can never do
    HardmaxConfig c = HardmaxConfig.builder().dim(2).depth(1).alphaInit(0.5).pooling(HardmaxConfig.Pooling.REAL_TOKENS)
        .maxLength(8).valueMap(true).build();
    SentimentModel model = handModel(c);
    Network net = model.network();
    Weights w = net.weights();
    int wo = w.valueMapOffset(0);
    w.dense[wo] = -1f;
    w.dense[wo + 3] = -1f;
    Workspace ws = net.workspace();
    ws.forward(new int[] {2, 3}, 2, w, net.aMats(), true, 1, true);
    ForwardTrace tr = ws.trace(w, net.aMats());
    assertThat(tr.sets()[0][1]).as("b follows a").containsExactly(0);
    assertThat(tr.states()[1][2]).isCloseTo(-0.2f, within(1e-6f));
    assertThat(tr.states()[1][0]).as("a leader is no fixed point under W != I").isCloseTo(1f / 3, within(1e-6f));
    double[][] next = HardmaxAttention.referenceLayer(new double[][] {{1, 0}, {0.2, 0}}, null, null, null, null,
        HardmaxConfig.WordOrder.GLOBAL, 0, null, new double[][] {{-1, 0}, {0, -1}}, 1, 0.5, 1, true).next();
    assertThat(next[1][0]).isCloseTo(-0.2, within(1e-12));
    Explanation e = model.explain("a b");
    QuantisationTest.assertExactlyAdditive(e);
    assertThat(e.tokens().get(1).leader()).as("turned away from a, b leads itself in the final configuration").isEqualTo(1);
  }

  @Test
  void exactTiesWithSeveralHeadsAndAValueMap() {
    // "a b a": under every head b sits between two copies of a at the same distance; the heads' slopes differ
    for (HardmaxConfig c : List.of(
        HardmaxConfig.builder().dim(2).depth(1).alphaInit(0.5).pooling(HardmaxConfig.Pooling.REAL_TOKENS).maxLength(8)
            .distance(0.01).heads(2).build(),
        HardmaxConfig.builder().dim(2).depth(1).alphaInit(0.5).pooling(HardmaxConfig.Pooling.REAL_TOKENS).maxLength(8)
            .distance(0.01).heads(3).valueMap(true).build())) {
      Network net = handModel(c).network();
      Weights w = net.weights();
      assertThat(w.slope(0, 1)).isCloseTo(w.slope(0, 0) / HardmaxConfig.HEAD_SLOPE_RATIO, within(1e-6));
      Workspace ws = net.workspace();
      ws.forward(new int[] {2, 3, 2}, 3, w, net.aMats(), true, 1, true);
      for (int h = 0; h < c.heads(); h++) {
        int[] rs = ws.rowStart[h];
        assertThat(Arrays.copyOfRange(ws.nzIdx[h], rs[1], rs[2])).as("head %d", h).containsExactlyInAnyOrder(0, 2);
      }
      ForwardTrace tr = ws.trace(w, net.aMats());
      assertThat(tr.sets()[0][1]).containsExactly(0, 2);
      assertThat(tr.states()[1][2]).as("b moves to a by alpha / (1 + alpha)").isCloseTo(0.7f / 1.5f, within(1e-6f));
      assertThat(tr.states()[1][0]).as("a attends to itself under every head: a fixed point with W = I").isEqualTo(1f);
    }
  }

  @Test
  void aTokenLeadsWhenEveryHeadAttendsToItAlone() {
    // "a b b b c d" with learned-A heads: head 0 A = I (d's best key is a); head 1 A = diag(0.09, 1) (d's best key
    // is c). d's set is the union {a, c}; a leads (both heads attend to a alone)
    HardmaxConfig c = HardmaxConfig.builder().dim(2).depth(1).alphaInit(0.5).pooling(HardmaxConfig.Pooling.REAL_TOKENS)
        .maxLength(8).attention(HardmaxConfig.AttentionKind.LEARNED_SPD).spdEpsilon(1e-9).heads(2).build();
    SentimentModel model = handModel(c);
    Weights w = model.network().weights();
    int b0 = w.bOffset(0, 0);
    int b1 = w.bOffset(0, 1);
    float[] id = {1, 0, 0, 1};
    float[] second = {0.3f, 0, 0, 1};
    System.arraycopy(id, 0, w.dense, b0, 4);
    System.arraycopy(second, 0, w.dense, b1, 4);
    Network net = new Network(c, w, model.network().layout());
    Workspace ws = net.workspace();
    ws.forward(new int[] {2, 3, 3, 3, 4, 5}, 6, w, net.aMats(), true, 1, true);
    ForwardTrace tr = ws.trace(w, net.aMats());
    int dRow = tr.tokenRow()[5];
    int aRow = tr.tokenRow()[0];
    int cRow = tr.tokenRow()[4];
    assertThat(tr.sets()[0][dRow]).containsExactlyInAnyOrder(aRow, cRow);
    assertThat(tr.sets()[0][aRow]).containsExactly(aRow);
  }

  @Test
  void headsAndValueMapAreValidatedAndReadStrictly(@TempDir Path dir) throws Exception {
    HardmaxConfig.Builder b = HardmaxConfig.builder().dim(2).depth(1).pooling(HardmaxConfig.Pooling.REAL_TOKENS);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.heads(0).build()).hasMessage("heads must be in [1, 64], was 0");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.heads(2).global().build())
        .hasMessageStartingWith("heads > 1 needs per-head score parameters that start apart");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.heads(2).distance(0).build())
        .hasMessageStartingWith("heads > 1 needs per-head score parameters that start apart");
    HardmaxConfig c = b.heads(2).distance(0.1).valueMap(true).build();
    SentimentModel m = handModel(c.toBuilder().dim(2).build());
    Weights w = m.network().weights();
    for (String[] bad : new String[][] {{"value_map", "false"}, {"heads", "1"}, {"heads", "\"2\""}, {"value_heads", "2"}}) {
      ObjectNode h = ModelFile.header(m);
      ((ObjectNode) h.get("config")).set(bad[0], new com.fasterxml.jackson.databind.ObjectMapper().readTree(bad[1]));
      Path f = dir.resolve(bad[0] + ".hmx");
      FloatContainer.write(f, ModelFile.FORMAT, h, new FloatContainer.Float32(w.embeddings), new FloatContainer.Float32(w.dense));
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> SentimentModel.load(f)).isInstanceOf(ModelFileException.class)
          .hasMessageStartingWith(f + ": invalid model header (");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"/fixtures/model-v2-trigrams-int8.hmx", SentimentModel.DEFAULT_RESOURCE})
  void modelFilesAreReadAndWrittenAsBefore(String resource, @TempDir Path dir) throws Exception {
    // a version-2 file re-saves with the same config, array list and weight bytes; one written before the value map
    // and heads existed (the fixture) gains no new header key, so an older version-2 reader reads what this code
    // writes; the bundled model keeps its window and pooling. (The file is not compared whole: the provenance's version
    // map is re-serialised in hash order.)
    byte[] original;
    try (var in = SentimentModel.class.getResourceAsStream(resource)) {
      original = in.readAllBytes();
    }
    SentimentModel m = ModelFile.decode(original, resource);
    Path f = dir.resolve("again.hmx");
    m.save(f);
    byte[] again = java.nio.file.Files.readAllBytes(f);
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    int hl = java.nio.ByteBuffer.wrap(original, 12, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
    int hl2 = java.nio.ByteBuffer.wrap(again, 12, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
    var h = mapper.readTree(Arrays.copyOfRange(original, 16, 16 + hl));
    var h2 = mapper.readTree(Arrays.copyOfRange(again, 16, 16 + hl2));
    if (resource.startsWith("/fixtures/")) {
      assertThat(m.config().heads()).isEqualTo(1);
      assertThat(m.config().valueMap()).isFalse();
      assertThat(h2.get("config").has("value_map")).isFalse();
      assertThat(h2.get("config").has("heads")).isFalse();
    } else {
      // round 19's choice: window 3, two channels, distinct-word pooling (value maps round-trip in
      // explanationsStayExactAndFilesRoundTrip)
      assertThat(m.config().wordOrder()).isEqualTo(HardmaxConfig.WordOrder.WINDOW);
      assertThat(h2.get("config").get("pooling").asText()).isEqualTo("DISTINCT_WORDS");
      assertThat(h2.get("config").get("two_channel").asBoolean()).isTrue();
    }
    assertThat(h2.get("config")).isEqualTo(h.get("config"));
    assertThat(h2.get("arrays")).isEqualTo(h.get("arrays"));
    assertThat(hl2).isEqualTo(hl);
    assertThat(Arrays.copyOfRange(again, 16 + hl2, again.length - 32))
        .as("the weights, bit for bit").isEqualTo(Arrays.copyOfRange(original, 16 + hl, original.length - 32));
  }

  @Test
  void trainingIsDeterministicWithWordOrderAndDropout() {
    HardmaxConfig c = variant("distance-two-channel", "IDENTITY", 0.05, 1).toBuilder().maxLength(32).build();
    TrainerConfig tc = TrainerConfig.builder().threads(2).seed(4).maxEpochs(2).learningRate(0.01).embeddingInitStd(0.3)
        .wordDropout(0.25).build();
    Weights[] w = new Weights[2];
    for (int k = 0; k < 2; k++) {
      w[k] = ModelTrainer.train(TokenizerSettings.defaults(), new VocabularySettings(1, 1000, true, 2, 40), c, tc,
          ModelTest.toyData(200, 1), ModelTest.toyData(50, 2), "toy", TrainingListener.NONE).model().network().weights();
    }
    assertThat(w[0].dense).isEqualTo(w[1].dense);
    assertThat(w[0].embeddings).isEqualTo(w[1].embeddings);
  }
}
