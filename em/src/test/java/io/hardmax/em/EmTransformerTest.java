package io.hardmax.em;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EmTransformerTest {

  /** K unit-variance blobs with means at distance delta along the coordinate axes (pairwise delta). */
  static EmTransformerTrainer.Instance instance(int k, int d, int n, double delta, Random random) {
    double[][] x = new double[n][d];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = random.nextInt(k);
      for (int j = 0; j < d; j++) {
        x[i][j] = random.nextGaussian() + (j == labels[i] ? delta / Math.sqrt(2) : 0);
      }
    }
    return new EmTransformerTrainer.Instance(x, labels, KMeans.plusPlus(x, k, new Random(random.nextLong())));
  }

  static List<EmTransformerTrainer.Instance> instances(int count, double delta, Random random) {
    List<EmTransformerTrainer.Instance> list = new ArrayList<>();
    for (int t = 0; t < count; t++) {
      list.add(instance(3, 4, 120, delta, random));
    }
    return list;
  }

  @Test
  void trainedTransformerBeatsRandomLabelsByAWideMargin() {
    long seed = 99;
    Random random = new Random(seed);
    EmTransformerTrainer.Result r = EmTransformerTrainer.train(instances(20, 4, random), 6, 2);
    assertThat(r.trainError()).isLessThanOrEqualTo(r.emEquivalentError());
    List<EmTransformerTrainer.Instance> test = instances(40, 4, random);
    double transformer = EmTransformerTrainer.error(r.model(), test);
    double chance = 0;
    for (EmTransformerTrainer.Instance in : test) {
      int[] guess = new int[in.labels().length];
      for (int i = 0; i < guess.length; i++) {
        guess[i] = random.nextInt(3);
      }
      chance += Misclustering.rate(in.labels(), guess, 3);
    }
    chance /= test.size();
    // random labels: about 0.55 after the best matching; Bayes error at Delta = 4 for K = 3 is about 0.04
    assertThat(chance).as("seed %d", seed).isGreaterThan(0.45);
    assertThat(transformer).as("seed %d", seed).isLessThan(0.12);
  }

  @Test
  void goldenOutputForAFixedSeed() {
    double[][] x = {{0, 0}, {0.2, 0.1}, {-0.1, 0.2}, {5, 5}, {5.2, 4.9}, {4.8, 5.1}};
    EmTransformer.Output out = EmTransformer.emEquivalent(3).forward(x, new double[][] {{0, 0}, {0.2, 0.1}});
    assertThat(out.labels()).containsExactly(0, 0, 0, 1, 1, 1);
    assertThat(out.centres()[0][0]).isCloseTo(0.0333, org.assertj.core.api.Assertions.within(1e-3));
    assertThat(out.centres()[1][1]).isCloseTo(5.0, org.assertj.core.api.Assertions.within(1e-3));
    Random random = new Random(7);
    EmTransformerTrainer.Result r = EmTransformerTrainer.train(instances(5, 2, random), 3, 1);
    EmTransformerTrainer.Result again = EmTransformerTrainer.train(instances(5, 2, new Random(7)), 3, 1);
    assertThat(r.model().inverseTemperatures()).containsExactly(again.model().inverseTemperatures());
  }

  @Test
  void rejectsBadParameters() {
    assertThatThrownBy(() -> new EmTransformer(new double[] {0.5, -1}))
        .hasMessageContaining("layer 1 must be finite and > 0, found -1.0");
    assertThatThrownBy(() -> new EmTransformer(new double[0])).hasMessageContaining("at least one layer");
  }
}
