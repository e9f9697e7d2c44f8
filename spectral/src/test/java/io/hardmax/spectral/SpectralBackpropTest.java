package io.hardmax.spectral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SpectralBackpropTest {

  private static final LearnedSpectralTransformer.Config SMALL = new LearnedSpectralTransformer.Config(4, 5, 2, 3, 2);

  /** Random weights large enough that ReLUs are on and off (the library's init is near the identity). */
  private static LearnedSpectralTransformer model(LearnedSpectralTransformer.Config c, long seed) {
    Random r = new Random(seed);
    double[] p = new double[SpectralBackprop.size(c)];
    for (int j = 0; j < p.length; j++) {
      p[j] = r.nextGaussian() * 0.5;
    }
    return SpectralBackprop.unflatten(c, p);
  }

  private static List<SpectralTransformer.Instance> data(LearnedSpectralTransformer.Config c, int count, long seed) {
    return SpectralTransformerTest.instances(count, c.d(), c.n(), c.k(), new Random(seed));
  }

  @Test
  void flattenRoundTrips() {
    var m = model(SMALL, 1);
    double[] p = SpectralBackprop.flatten(m);
    assertThat(SpectralBackprop.flatten(SpectralBackprop.unflatten(SMALL, p))).containsExactly(p);
  }

  @Test
  void gradientEqualsSameDiffInFloat64() {
    for (long seed = 2; seed < 4; seed++) {
      var m = model(SMALL, seed);
      var batch = data(SMALL, 4, seed + 10);
      double[] g = new double[SpectralBackprop.size(SMALL)];
      double loss;
      try (var bp = new SpectralBackprop(SMALL, 1)) {
        loss = bp.lossAndGradient(SpectralBackprop.flatten(m), batch, g);
      }
      assertThat(loss).isCloseTo(SameDiffSpectralTrainer.loss(m, batch), within(1e-12));
      Map<String, double[][]> sd = SameDiffSpectralTrainer.gradients(m, batch);
      double[][][] w = new double[SMALL.layers() * 3 + 1][][];
      for (int l = 0; l < SMALL.layers(); l++) {
        w[3 * l] = sd.get(SameDiffSpectralTrainer.name("wq", l));
        w[3 * l + 1] = sd.get(SameDiffSpectralTrainer.name("wk", l));
        w[3 * l + 2] = sd.get(SameDiffSpectralTrainer.name("wv", l));
      }
      w[w.length - 1] = sd.get("wout");
      int o = 0;
      double largest = 0;
      for (double[][] m2 : w) {
        for (double[] row : m2) {
          for (double x : row) {
            assertThat(g[o]).as("entry %d", o).isCloseTo(x, within(1e-6));
            largest = Math.max(largest, Math.abs(x));
            o++;
          }
        }
      }
      assertThat(o).isEqualTo(g.length);
      assertThat(largest).as("the check must see non-trivial gradients").isGreaterThan(1e-3);
    }
  }

  /**
   * Checks g against central finite differences of the loss at 60 parameters (the last 10, then 50 drawn with the
   * seed) and returns the indices checked.
   */
  private static int[] checkedParameters(SpectralBackprop bp, double[] p, List<SpectralTransformer.Instance> batch,
      double[] g, long seed) {
    Random pick = new Random(seed);
    double h = 1e-6;
    int[] checked = new int[60];
    for (int trial = 0; trial < checked.length; trial++) {
      int j = trial < 10 ? p.length - 1 - trial : pick.nextInt(p.length);
      checked[trial] = j;
      double keep = p[j];
      p[j] = keep + h;
      double up = bp.lossAndGradient(p, batch, null);
      p[j] = keep - h;
      double down = bp.lossAndGradient(p, batch, null);
      p[j] = keep;
      double fd = (up - down) / (2 * h);
      assertThat(g[j]).as("parameter %d", j).isCloseTo(fd, within(1e-7 + 1e-5 * Math.abs(fd)));
    }
    return checked;
  }

  @Test
  void gradientMatchesCentralFiniteDifferences() {
    var m = model(SMALL, 5);
    var batch = data(SMALL, 3, 6);
    double[] p = SpectralBackprop.flatten(m);
    double[] g = new double[p.length];
    try (var bp = new SpectralBackprop(SMALL, 1)) {
      bp.lossAndGradient(p, batch, g);
      checkedParameters(bp, p, batch, g, 7);
    }
  }

  @Test
  void sameThreadCountGivesTheSameBitsAndThreadsAgreeClosely() {
    var c = new LearnedSpectralTransformer.Config(5, 6, 3, 4, 2);
    var m = model(c, 8);
    var batch = data(c, 9, 9);
    double[] p = SpectralBackprop.flatten(m);
    double[] a = new double[p.length];
    double[] b = new double[p.length];
    double[] one = new double[p.length];
    try (var x = new SpectralBackprop(c, 3); var y = new SpectralBackprop(c, 3); var z = new SpectralBackprop(c, 1)) {
      double la = x.lossAndGradient(p, batch, a);
      double lb = y.lossAndGradient(p, batch, b);
      assertThat(la).isEqualTo(lb);
      assertThat(a).containsExactly(b);
      double l1 = z.lossAndGradient(p, batch, one);
      assertThat(la).isCloseTo(l1, within(1e-12));
      for (int j = 0; j < p.length; j++) {
        assertThat(a[j]).isCloseTo(one[j], within(1e-12));
      }
    }
  }

  @Test
  void lossEqualsTheReferenceForwardAndStatesEndAtTheReadout() {
    var c = new LearnedSpectralTransformer.Config(6, 8, 3, 6, 4);
    var m = LearnedSpectralTransformer.handBuilt(c, new double[] {0, -0.3, 0.2});
    var batch = data(c, 5, 11);
    try (var bp = new SpectralBackprop(c, 2)) {
      double[] p = SpectralBackprop.flatten(m);
      assertThat(bp.lossAndGradient(p, batch, null)).isCloseTo(m.loss(batch), within(1e-8));
      double[][][] st = bp.layerReadouts(p, batch.get(0).points());
      assertThat(st.length).isEqualTo(c.layers() + 1);
      double[][] y = m.readout(batch.get(0).points());
      for (int q = 0; q < c.k(); q++) {
        for (int j = 0; j < c.d(); j++) {
          assertThat(st[c.layers()][q][j]).isCloseTo(y[q][j], within(1e-12));
        }
      }
    }
  }
  @Test
  void weightedLossGradientMatchesCentralFiniteDifferences() {
    var m = model(SMALL, 12);
    var batch = data(SMALL, 3, 13);
    double[] p = SpectralBackprop.flatten(m);
    double[] g = new double[p.length];
    double[] w = {1, 3};
    try (var bp = new SpectralBackprop(SMALL, 1, w); var plain = new SpectralBackprop(SMALL, 1)) {
      double loss = bp.lossAndGradient(p, batch, g);
      // the weighted loss from the per-index |cos| (an independent path): sum_p w_p (1 - |cos_p|) / sum_p w_p
      double[] cos = plain.meanAbsCos(p, batch);
      assertThat(loss).isCloseTo((1 * (1 - cos[0]) + 3 * (1 - cos[1])) / 4, within(1e-12));
      assertThat(cos[0]).as("the two outputs must differ for the weights to matter").isNotCloseTo(cos[1], within(1e-3));
      // the unweighted loss is the plain loss, bit for bit
      assertThat(bp.unweightedLoss(p, batch)).isEqualTo(plain.lossAndGradient(p, batch, null));
      double[] gPlain = new double[p.length];
      plain.lossAndGradient(p, batch, gPlain);
      int differ = 0;
      for (int j : checkedParameters(bp, p, batch, g, 14)) {
        if (Math.abs(g[j] - gPlain[j]) > 1e-6) {
          differ++;
        }
      }
      assertThat(differ).as("the weights must change the gradient").isGreaterThan(10);
    }
  }

  @Test
  void equalLossWeightsGiveThePlainLossBitForBit() {
    var c = new LearnedSpectralTransformer.Config(5, 6, 3, 4, 2);
    var m = model(c, 15);
    var batch = data(c, 5, 16);
    double[] p = SpectralBackprop.flatten(m);
    double[] a = new double[p.length];
    double[] b = new double[p.length];
    try (var x = new SpectralBackprop(c, 2, new double[] {2, 2, 2}); var y = new SpectralBackprop(c, 2)) {
      assertThat(x.lossAndGradient(p, batch, a)).isEqualTo(y.lossAndGradient(p, batch, b));
      assertThat(a).containsExactly(b);
    }
    assertThat(SpectralBackprop.normalisedWeights(3, new double[] {1, 2, 3})).containsExactly(0.5, 1, 1.5);
    assertThatThrownBy(() -> new SpectralBackprop(c, 1, new double[] {1, 2}))
        .hasMessage("expected 3 loss weights (one per eigenvector), found 2");
    assertThatThrownBy(() -> new SpectralBackprop(c, 1, new double[] {0, 0, 0}))
        .hasMessage("loss weights must not all be 0");
    assertThatThrownBy(() -> new SpectralBackprop(c, 1, new double[] {1, -1, 1}))
        .hasMessageContaining("must be finite and >= 0");
  }
}
