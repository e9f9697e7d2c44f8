package io.hardmax.em;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class LearnedEmTransformerTest {

  private static List<EmTransformerTrainer.Instance> batch(int count, int k, int d, int n, double delta,
                                                           Random random) {
    List<EmTransformerTrainer.Instance> list = new ArrayList<>();
    for (int t = 0; t < count; t++) {
      list.add(EmTransformerTest.instance(k, d, n, delta, random));
    }
    return list;
  }

  /** The matched cross-entropy, computed by the plain-Java forward pass with a fixed matching per instance. */
  private static double javaLoss(LearnedEmTransformer model, List<EmTransformerTrainer.Instance> batch,
                                 List<int[]> perms) {
    double s = 0;
    long count = 0;
    for (int t = 0; t < batch.size(); t++) {
      EmTransformerTrainer.Instance in = batch.get(t);
      double[][] lr = model.forward(in.points(), in.start()).logResponsibilities();
      for (int i = 0; i < lr.length; i++) {
        s -= lr[i][perms.get(t)[in.labels()[i]]];
      }
      count += lr.length;
    }
    return s / count;
  }

  @Test
  void emConstructionWithoutNoiseMatchesTheHandBuiltEmTransformer() {
    Random random = new Random(3);
    LearnedEmTransformer learned = LearnedEmTransformer.emConstruction(6, 4, 0, new Random(1));
    EmTransformer em = EmTransformer.emEquivalent(6);
    for (EmTransformerTrainer.Instance in : batch(10, 3, 4, 80, 2, random)) {
      LearnedEmTransformer.Output a = learned.forward(in.points(), in.start());
      EmTransformer.Output b = em.forward(in.points(), in.start());
      assertThat(a.labels()).containsExactly(b.labels());
      for (int c = 0; c < 3; c++) {
        for (int j = 0; j < 4; j++) {
          // the two differ only by the eps terms (1e-9 in the mass, 1e-6 in the prior)
          assertThat(a.centres()[c][j]).isCloseTo(b.centres()[c][j], org.assertj.core.data.Offset.offset(1e-4));
        }
      }
    }
  }

  @Test
  void flattenRoundTripsAndRejectsWrongLengths() {
    LearnedEmTransformer m = LearnedEmTransformer.random(3, 4, new Random(5));
    double[] p = m.flatten();
    assertThat(p).hasSize(m.parameterCount()).hasSize(3 * (4 * 16 + 2));
    assertThat(LearnedEmTransformer.unflatten(p, 3, 4).flatten()).containsExactly(p);
    assertThatThrownBy(() -> LearnedEmTransformer.unflatten(new double[10], 3, 4))
        .hasMessageContaining("need L (4 d^2 + 2) = 198 parameters");
  }

  @Test
  void sameDiffGraphComputesTheSameResponsibilitiesAsTheJavaForwardPass() {
    Random random = new Random(11);
    LearnedEmTransformer model = LearnedEmTransformer.emConstruction(3, 4, 0.2, new Random(2));
    EmGraph graph = new EmGraph(model);
    for (int k = 2; k <= 4; k++) {
      List<EmTransformerTrainer.Instance> b = batch(3, k, 4, 25, 2, random);
      INDArray logR = graph.logResponsibilities(EmGraph.inputs(b));
      assertThat(logR.shape()).containsExactly(3, 25, k);
      for (int t = 0; t < b.size(); t++) {
        double[][] expected = model.forward(b.get(t).points(), b.get(t).start()).logResponsibilities();
        double[][] actual = logR.slice(t).toDoubleMatrix();
        for (int i = 0; i < 25; i++) {
          for (int c = 0; c < k; c++) {
            assertThat(actual[i][c]).as("K %d, instance %d, point %d, cluster %d", k, t, i, c)
                .isCloseTo(expected[i][c], org.assertj.core.data.Offset.offset(1e-10));
          }
        }
      }
    }
  }

  @Test
  void sameDiffGradientAgreesWithFiniteDifferencesOfTheJavaLoss() {
    Random random = new Random(21);
    int layers = 2;
    int d = 3;
    LearnedEmTransformer model = LearnedEmTransformer.emConstruction(layers, d, 0.3, new Random(4));
    List<EmTransformerTrainer.Instance> b = batch(2, 3, d, 15, 1.5, random);
    List<double[][]> logR = new ArrayList<>();
    List<int[]> perms = new ArrayList<>();
    for (EmTransformerTrainer.Instance in : b) {
      double[][] lr = model.forward(in.points(), in.start()).logResponsibilities();
      logR.add(lr);
      perms.add(EmGraph.matching(in.labels(), lr));
    }
    EmGraph graph = new EmGraph(model);
    Map<String, INDArray> inputs = EmGraph.inputs(b);
    INDArray y = EmGraph.matchedTargets(b, logR);
    assertThat(graph.loss(inputs, y)).isCloseTo(javaLoss(model, b, perms), org.assertj.core.data.Offset.offset(1e-12));
    double[] g = graph.flatGradient(inputs, y);
    double[] p = model.flatten();
    int perLayer = 4 * d * d + 2;
    double h = 1e-6;
    int checked = 0;
    for (int j = 0; j < p.length; j++) {
      double[] plus = p.clone();
      double[] minus = p.clone();
      plus[j] += h;
      minus[j] -= h;
      double fd = (javaLoss(LearnedEmTransformer.unflatten(plus, layers, d), b, perms)
          - javaLoss(LearnedEmTransformer.unflatten(minus, layers, d), b, perms)) / (2 * h);
      assertThat(g[j]).as("parameter %d (layer %d, offset %d)", j, j / perLayer, j % perLayer)
          .isCloseTo(fd, org.assertj.core.data.Offset.offset(1e-6 + 1e-5 * Math.abs(fd)));
      if (Math.abs(fd) > 1e-4) {
        checked++;
      }
    }
    // the first layer's gamma and the last layer's M-step do not reach the loss: gradient 0 both ways
    assertThat(checked).isGreaterThan(p.length / 2);
  }

  private static SameDiffEmTrainer.Result smallTraining(long seed, int steps) {
    Random data = new Random(31);
    return SameDiffEmTrainer.train(new SameDiffEmTrainer.Config(4, steps, 0.01, SameDiffEmTrainer.Init.EM, 0.01, 600), 4,
        step -> batch(4, 3, 4, 60, 5, data), seed);
  }

  @Test
  void trainingIsDeterministicForASeed() {
    SameDiffEmTrainer.Result a = smallTraining(7, 3);
    SameDiffEmTrainer.Result b = smallTraining(7, 3);
    SameDiffEmTrainer.Result c = smallTraining(8, 3);
    assertThat(a.model().flatten()).containsExactly(b.model().flatten());
    assertThat(a.losses()).containsExactly(b.losses());
    assertThat(a.model().flatten()).isNotEqualTo(c.model().flatten());
    assertThat(a.model().flatten()).isNotEqualTo(a.initial().flatten());
  }

  @Test
  void trainedModelBeatsRandomLabelsWidelyAndStaysNearEmOnWellSeparatedData() {
    long seed = 17;
    SameDiffEmTrainer.Result r = smallTraining(seed, 15);
    Random random = new Random(41);
    GmmTrainer em = new GmmTrainer(GmmConfig.of(3, CovarianceType.SPHERICAL));
    double learned = 0;
    double gmm = 0;
    double chance = 0;
    List<EmTransformerTrainer.Instance> test = batch(30, 3, 4, 60, 5, random);
    for (EmTransformerTrainer.Instance in : test) {
      learned += Misclustering.rate(in.labels(), r.model().forward(in.points(), in.start()).labels(), 3);
      gmm += Misclustering.rate(in.labels(), em.fit(in.points(), 5).predict(in.points()), 3);
      int[] guess = new int[in.labels().length];
      for (int i = 0; i < guess.length; i++) {
        guess[i] = random.nextInt(3);
      }
      chance += Misclustering.rate(in.labels(), guess, 3);
    }
    learned /= test.size();
    gmm /= test.size();
    chance /= test.size();
    // Delta = 5, K = 3: Bayes error about 0.01; random labels about 0.55 after the best matching
    assertThat(chance).as("seed %d", seed).isGreaterThan(0.45);
    assertThat(learned).as("seed %d", seed).isLessThan(0.1);
    assertThat(learned).as("seed %d: within 0.03 of EM (%.4f)", seed, gmm).isLessThan(gmm + 0.03);
  }

  @Test
  void labelMatchingFindsTheBestPermutation() {
    double[][] gain = {{0, 5, 1}, {4, 0, 0}, {0, 1, 3}};
    assertThat(LabelMatching.bestPermutation(gain)).containsExactly(1, 0, 2);
    assertThat(LabelMatching.bestPermutation(new double[][] {{2}})).containsExactly(0);
    assertThatThrownBy(() -> LabelMatching.bestPermutation(new double[][] {{1, 2}, {3}}))
        .hasMessageContaining("gain row 1 has 1 entries, expected 2");
  }
}
