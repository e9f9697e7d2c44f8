package io.hardmax.em;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class EmBackpropTest {

  private static List<EmTransformerTrainer.Instance> batch(int count, int k, int d, int n, long seed) {
    Random random = new Random(seed);
    List<EmTransformerTrainer.Instance> list = new ArrayList<>();
    for (int t = 0; t < count; t++) {
      list.add(EmTransformerTest.instance(k, d, n, 2, random));
    }
    return list;
  }

  /** Weights away from the EM construction, with temperatures and prior weights that are not 1/2 and 1. */
  private static LearnedEmTransformer model(int layers, int d, long seed) {
    Random r = new Random(seed);
    double[] p = LearnedEmTransformer.emConstruction(layers, d, 0.3, r).flatten();
    for (int l = 0; l < layers; l++) {
      p[l * (4 * d * d + 2) + 4 * d * d] = Math.log(0.3 + r.nextDouble());
      p[l * (4 * d * d + 2) + 4 * d * d + 1] = 0.5 + r.nextDouble();
    }
    return LearnedEmTransformer.unflatten(p, layers, d);
  }

  @Test
  void gradientEqualsSameDiffInFloat64() {
    int layers = 3;
    int d = 3;
    for (int k : new int[] {2, 3}) {
      LearnedEmTransformer m = model(layers, d, 10 + k);
      List<EmTransformerTrainer.Instance> b = batch(3, k, d, 15, 20 + k);
      double[] g = new double[m.parameterCount()];
      double loss;
      try (EmBackprop bp = new EmBackprop(layers, d, 1)) {
        loss = bp.lossAndGradient(m.flatten(), b, g);
      }
      EmGraph graph = new EmGraph(m);
      List<double[][]> logR = new ArrayList<>();
      for (EmTransformerTrainer.Instance in : b) {
        logR.add(m.forward(in.points(), in.start()).logResponsibilities());
      }
      INDArray y = EmGraph.matchedTargets(b, logR);
      var inputs = EmGraph.inputs(b);
      assertThat(loss).isCloseTo(graph.loss(inputs, y), within(1e-10));
      double[] sd = graph.flatGradient(inputs, y);
      double largest = 0;
      for (int j = 0; j < g.length; j++) {
        assertThat(g[j]).as("K = %d, parameter %d", k, j).isCloseTo(sd[j], within(1e-6));
        largest = Math.max(largest, Math.abs(sd[j]));
      }
      assertThat(largest).isGreaterThan(1e-3);
    }
  }

  @Test
  void gradientMatchesCentralFiniteDifferences() {
    int layers = 3;
    int d = 3;
    LearnedEmTransformer m = model(layers, d, 3);
    List<EmTransformerTrainer.Instance> b = batch(2, 3, d, 12, 4);
    double[] p = m.flatten();
    double[] g = new double[p.length];
    try (EmBackprop bp = new EmBackprop(layers, d, 1)) {
      bp.lossAndGradient(p, b, g);
      double h = 1e-6;
      for (int j = 0; j < p.length; j++) {
        double keep = p[j];
        p[j] = keep + h;
        double up = bp.lossAndGradient(p, b, null);
        p[j] = keep - h;
        double down = bp.lossAndGradient(p, b, null);
        p[j] = keep;
        double fd = (up - down) / (2 * h);
        assertThat(g[j]).as("parameter %d", j).isCloseTo(fd, within(1e-7 + 1e-5 * Math.abs(fd)));
      }
    }
  }

  @Test
  void sameThreadCountGivesTheSameBits() {
    LearnedEmTransformer m = model(4, 4, 5);
    List<EmTransformerTrainer.Instance> b = batch(7, 4, 4, 30, 6);
    double[] p = m.flatten();
    double[] a = new double[p.length];
    double[] c = new double[p.length];
    double[] one = new double[p.length];
    try (EmBackprop x = new EmBackprop(4, 4, 3); EmBackprop y = new EmBackprop(4, 4, 3);
        EmBackprop z = new EmBackprop(4, 4, 1)) {
      assertThat(x.lossAndGradient(p, b, a)).isEqualTo(y.lossAndGradient(p, b, c));
      assertThat(a).containsExactly(c);
      z.lossAndGradient(p, b, one);
      for (int j = 0; j < p.length; j++) {
        assertThat(a[j]).isCloseTo(one[j], within(1e-12));
      }
    }
  }

  /**
   * Buffers are sized by the largest n and K seen and indexed with each instance's own n and K: a batch mixing sizes
   * (in an order where a smaller instance follows a larger one) gives the sum of the single-instance losses and
   * gradients.
   */
  @Test
  void mixedSizesInOneBatchEqualTheSumOfSingleInstances() {
    int layers = 3;
    int d = 4;
    LearnedEmTransformer m = model(layers, d, 8);
    Random random = new Random(9);
    List<EmTransformerTrainer.Instance> b = List.of(EmTransformerTest.instance(3, d, 23, 2, random),
        EmTransformerTest.instance(2, d, 9, 3, random), EmTransformerTest.instance(4, d, 30, 1, random),
        EmTransformerTest.instance(2, d, 14, 2, random));
    double[] p = m.flatten();
    double[] g = new double[p.length];
    double[] sum = new double[p.length];
    double[] one = new double[p.length];
    double lossSum = 0;
    int total = 0;
    for (EmTransformerTrainer.Instance in : b) {
      total += in.points().length;
    }
    try (EmBackprop bp = new EmBackprop(layers, d, 1)) {
      double loss = bp.lossAndGradient(p, b, g);
      for (EmTransformerTrainer.Instance in : b) {
        // a single-instance loss is scaled by 1 / n of that instance; rescale to 1 / total
        double w = (double) in.points().length / total;
        lossSum += w * bp.lossAndGradient(p, List.of(in), one);
        for (int j = 0; j < p.length; j++) {
          sum[j] += w * one[j];
        }
      }
      assertThat(loss).isCloseTo(lossSum, within(1e-12 * Math.abs(lossSum)));
    }
    for (int j = 0; j < p.length; j++) {
      assertThat(g[j]).as("parameter %d", j).isCloseTo(sum[j], within(1e-12 + 1e-10 * Math.abs(sum[j])));
    }
  }
}
