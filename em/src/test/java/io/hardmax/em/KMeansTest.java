package io.hardmax.em;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class KMeansTest {

  @Test
  void lloydFindsSeparatedClustersAndInertiaIsConsistent() {
    int[] labels = new int[600];
    double[][] x = GmmTrainerTest.data(600, new Random(4), labels);
    KMeansResult r = KMeans.lloyd(x, 3, 100, 8);
    assertThat(r.converged()).isTrue();
    assertThat(Misclustering.rate(labels, r.labels(), 3)).isLessThan(0.01);
    double inertia = 0;
    for (int i = 0; i < x.length; i++) {
      inertia += KMeans.squaredDistance(x[i], r.centres()[r.labels()[i]]);
      assertThat(r.labels()[i]).isEqualTo(KMeans.nearest(x[i], r.centres()));
    }
    assertThat(r.inertia()).isCloseTo(inertia, within(1e-9));
  }

  @Test
  void plusPlusPicksDistinctDataPoints() {
    double[][] x = {{0}, {0}, {0}, {10}, {20}};
    double[][] c = KMeans.plusPlus(x, 3, new Random(1));
    double[] firsts = {c[0][0], c[1][0], c[2][0]};
    java.util.Arrays.sort(firsts);
    assertThat(firsts).containsExactly(0.0, 10.0, 20.0);
  }

  @Test
  void goldenOneDimension() {
    double[][] x = {{0}, {1}, {10}, {11}};
    KMeansResult r = KMeans.lloyd(x, new double[][] {{0}, {1}}, 10);
    assertThat(r.centres()[0][0]).isEqualTo(0.5);
    assertThat(r.centres()[1][0]).isEqualTo(10.5);
    assertThat(r.labels()).containsExactly(0, 0, 1, 1);
    assertThat(r.inertia()).isEqualTo(1.0);
  }

  @Test
  void misclusteringUsesTheBestLabelMatching() {
    assertThat(Misclustering.rate(new int[] {0, 0, 1, 1, 2, 2}, new int[] {2, 2, 0, 0, 1, 1}, 3)).isEqualTo(0.0);
    assertThat(Misclustering.rate(new int[] {0, 0, 1, 1}, new int[] {1, 1, 1, 0}, 2)).isEqualTo(0.25);
    assertThat(Misclustering.rate(new int[] {0, 1, 2, 3}, new int[] {0, 0, 0, 0}, 4)).isEqualTo(0.75);
  }
}
