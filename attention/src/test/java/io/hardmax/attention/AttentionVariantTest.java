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
  /** Id 6 ends a sentence. */
  static final SequenceLayout LAYOUT = new SequenceLayout(BIGRAM_START, new boolean[] {false, false, false, false, false, false, true});

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
      default -> throw new IllegalArgumentException(name);
    }
    return b.build();
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
    return w;
  }

  @ParameterizedTest
  @ValueSource(strings = {"global", "global-two-channel", "distance", "distance-two-channel", "window1", "window3",
      "window3-two-channel", "sentence", "sentence-two-channel"})
  void fastForwardMatchesTheScalarReference(String name) {
    SplittableRandom r = new SplittableRandom(21);
    for (String attn : List.of("IDENTITY", "LEARNED_SPD")) {
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
    for (String name : List.of("distance", "window3", "window1", "sentence")) {
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

  @Test
  void prunedDistanceKernelEqualsTheFullScanBitForBit() {
    // the block pruning of the distance variant must be exact: same logits, attention sets and probabilities as
    // scoring every key, for small learned slopes (wide radii, as trained models have) and large ones, identity
    // and learned attention, softmax and hardmax, reviews of several blocks
    SplittableRandom r = new SplittableRandom(11);
    for (String attn : List.of("IDENTITY", "LEARNED_SPD")) {
      for (double slope : new double[] {0.003, 0.015, 0.3}) {
        HardmaxConfig c = variant("distance-two-channel", attn, 1e-3, 2).toBuilder().maxLength(700).build();
        Weights w = weights(c, 17);
        for (int m = 0; m < w.modules; m++) {
          w.dense[w.distanceOffset() + m] = (float) Weights.inverseSoftplus(slope * (1 + m));
        }
        float[][] a = Network.attentionMatrices(c, w);
        Workspace pruned = new Workspace(c, LAYOUT);
        Workspace full = new Workspace(c, LAYOUT);
        full.pruning = false;
        long[] scored = new long[2];
        for (int t = 0; t < 3; t++) {
          int[] ids = randomIds(r, 40 + r.nextInt(660));
          for (boolean hard : new boolean[] {false, true}) {
            String what = attn + " slope " + slope + " hard " + hard + " length " + ids.length;
            double lp = pruned.forward(ids, ids.length, w, a, hard, c.depth());
            double lf = full.forward(ids, ids.length, w, a, hard, c.depth());
            assertThat(Double.doubleToLongBits(lp)).as(what).isEqualTo(Double.doubleToLongBits(lf));
            for (int k = 0; k < c.depth(); k++) {
              int rows = pruned.rows;
              assertThat(Arrays.copyOf(pruned.rowStart[k], rows + 1)).as(what).isEqualTo(
                  Arrays.copyOf(full.rowStart[k], rows + 1));
              int kept = pruned.rowStart[k][rows];
              assertThat(Arrays.copyOf(pruned.nzIdx[k], kept)).as(what).isEqualTo(Arrays.copyOf(full.nzIdx[k], kept));
              assertThat(Arrays.copyOf(pruned.nzP[k], kept)).as(what).isEqualTo(Arrays.copyOf(full.nzP[k], kept));
            }
          }
        }
        // not vacuous: the pruned kernel skipped keys
        assertThat(pruned.keysScored).as(attn + " slope " + slope).isLessThan(full.keysScored);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"global-two-channel", "distance", "distance-two-channel", "window1", "window3", "sentence"})
  void backwardMatchesFiniteDifferences(String name) {
    for (String attn : List.of("IDENTITY", "LEARNED_SPD")) {
      HardmaxConfig c = variant(name, attn, 0.5, 2);
      Weights w = weights(c, 9);
      int[] ids = {2, 3, 4, 7, 2, 6, 5, 8, 3};
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
        assertThat(g.dense[w.distanceOffset()]).as("the slope gets a gradient").isNotZero();
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
  @ValueSource(strings = {"distance", "window3-two-channel", "global-two-channel", "sentence"})
  void explanationsStayExactAndFilesRoundTrip(String name, @TempDir Path dir) throws Exception {
    HardmaxConfig c = variant(name, "IDENTITY", 0.05, 1).toBuilder().dim(4).maxLength(32).build();
    TrainerConfig tc = TrainerConfig.builder().threads(2).seed(3).maxEpochs(3).learningRate(0.01).embeddingInitStd(0.3)
        .wordDropout(0.2).build();
    SentimentModel m = ModelTrainer.train(TokenizerSettings.defaults(), new VocabularySettings(1, 1000, true, 2, 40), c, tc,
        ModelTest.toyData(300, 1), ModelTest.toyData(100, 2), "toy", TrainingListener.NONE).model();
    assertThat(m.vocabulary().hasBigrams()).isTrue();
    Path f = dir.resolve("m.hmx");
    m.save(f);
    SentimentModel back = SentimentModel.load(f);
    assertThat(back.config()).isEqualTo(c);
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
