package io.hardmax.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class BinaryMetricsTest {

  @Test
  void handComputedExample() {
    // gold:  1    1    0    0    1    0
    // prob: .9   .4   .3   .6   .8   .1   -> pred 1 0 0 1 1 0
    int[] gold = {1, 1, 0, 0, 1, 0};
    double[] prob = {0.9, 0.4, 0.3, 0.6, 0.8, 0.1};
    BinaryMetrics m = BinaryMetrics.compute(gold, prob, 7);
    assertThat(m.accuracy()).isCloseTo(4 / 6.0, within(1e-12));
    assertThat(m.confusion()).isEqualTo(new long[][] {{2, 1}, {1, 2}});
    // positive: precision 2/3, recall 2/3
    assertThat(m.perClass().get(1).precision()).isCloseTo(2 / 3.0, within(1e-12));
    assertThat(m.perClass().get(1).recall()).isCloseTo(2 / 3.0, within(1e-12));
    assertThat(m.perClass().get(1).f1()).isCloseTo(2 / 3.0, within(1e-12));
    // AUC: positives {.9,.4,.8}, negatives {.3,.6,.1}: pairs won 3+2+3 = 8 of 9
    assertThat(m.rocAuc()).isCloseTo(8 / 9.0, within(1e-12));
    double ll = -(Math.log(0.9) + Math.log(0.4) + Math.log(0.7) + Math.log(0.4) + Math.log(0.8) + Math.log(0.9)) / 6;
    assertThat(m.logLoss()).isCloseTo(ll, within(1e-12));
    double brier = (0.01 + 0.36 + 0.09 + 0.36 + 0.04 + 0.01) / 6;
    assertThat(m.brier()).isCloseTo(brier, within(1e-12));
    assertThat(m.accuracyLow()).isLessThanOrEqualTo(m.accuracy());
    assertThat(m.accuracyHigh()).isGreaterThanOrEqualTo(m.accuracy());
  }

  @Test
  void aucOfLogitsEqualsAucOfTheirProbabilities() {
    int[] gold = {1, 1, 0, 0, 1, 0};
    double[] logit = {2.2, -0.4, -0.85, 0.4, 1.4, -2.2};
    double[] prob = new double[logit.length];
    for (int i = 0; i < logit.length; i++) {
      prob[i] = 1 / (1 + Math.exp(-logit[i]));
    }
    // pairs (pos, neg) ranked right: 2.2 beats all 3, 1.4 beats all 3, -0.4 beats -0.85 and -2.2: 8 of 9
    assertThat(BinaryMetrics.rocAuc(gold, logit)).isCloseTo(8 / 9.0, within(1e-12))
        .isCloseTo(BinaryMetrics.compute(gold, prob, 1).rocAuc(), within(1e-12));
  }

  @Test
  void tiedScoresCountHalfInAuc() {
    BinaryMetrics m = BinaryMetrics.compute(new int[] {1, 0}, new double[] {0.5, 0.5}, 1);
    assertThat(m.rocAuc()).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void perfectlyCalibratedBinsHaveZeroError() {
    // bin [0.2,0.3): 5 examples at p = .2 with 1 positive -> observed .2
    int[] gold = {1, 0, 0, 0, 0};
    double[] prob = {0.2, 0.2, 0.2, 0.2, 0.2};
    BinaryMetrics m = BinaryMetrics.compute(gold, prob, 1);
    assertThat(m.ece()).isCloseTo(0, within(1e-12));
    assertThat(m.calibration()).hasSize(1);
  }

  @Test
  void bootstrapIsDeterministicForASeed() {
    int[] gold = new int[200];
    double[] prob = new double[200];
    for (int i = 0; i < 200; i++) {
      gold[i] = i % 2;
      prob[i] = (i % 3 == 0) ? 1 - gold[i] : gold[i];
    }
    BinaryMetrics a = BinaryMetrics.compute(gold, prob, 42);
    BinaryMetrics b = BinaryMetrics.compute(gold, prob, 42);
    assertThat(a.accuracyLow()).isEqualTo(b.accuracyLow());
    assertThat(a.accuracyHigh()).isEqualTo(b.accuracyHigh());
    assertThat(a.accuracyHigh() - a.accuracyLow()).isBetween(0.05, 0.2);
  }

  @Test
  void rejectsBadInput() {
    assertThatThrownBy(() -> BinaryMetrics.compute(new int[] {2}, new double[] {0.5}, 1))
        .hasMessageContaining("expected 0 or 1");
    assertThatThrownBy(() -> BinaryMetrics.compute(new int[] {1}, new double[] {1.5}, 1))
        .hasMessageContaining("[0, 1]");
  }

  @Test
  void lengthBuckets() {
    List<LengthBuckets.Bucket> b = LengthBuckets.compute(new int[] {10, 70, 80, 2000},
        new boolean[] {true, false, true, true}, LengthBuckets.DEFAULT_EDGES);
    assertThat(b).hasSize(3);
    assertThat(b.get(1).label()).isEqualTo("64-127");
    assertThat(b.get(1).accuracy()).isEqualTo(0.5);
    assertThat(b.get(2).label()).isEqualTo("1024+");
  }
}
