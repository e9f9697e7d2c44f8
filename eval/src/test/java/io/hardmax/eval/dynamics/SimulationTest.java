package io.hardmax.eval.dynamics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SimulationTest {

  private static Simulation run(DynamicsCase c, int steps) {
    double[][] p = c.points(20, 2, 1);
    return Simulation.run(new HardmaxDynamics(null, 0.5, HardmaxDynamics.DEFAULT_TIE_TOLERANCE, 2), p, steps);
  }

  @Test
  void nonLeaderInnerPointsConvergeToEdgeMidpoints() {
    Simulation s = run(DynamicsCase.NON_LEADER, 30);
    double[][] f = s.finalPositions();
    assertThat(f[4][0]).isCloseTo(1, within(1e-4));
    assertThat(f[4][1]).isCloseTo(0, within(1e-12));
    assertThat(f[5][0]).isCloseTo(-1, within(1e-4));
    assertThat(s.leaders()[0]).containsExactly(0, 1, 2, 3);
    assertThat(s.finalClusters()).contains(List.of(4), List.of(5));
    assertThat(s.violations()).isEmpty();
  }

  @Test
  void invariantsHoldOnEveryCaseAndRandomPoints() {
    for (DynamicsCase c : DynamicsCase.values()) {
      Simulation s = run(c, 30);
      assertThat(s.violations()).as(c.cliName()).isEmpty();
      for (int k = 0; k < s.steps(); k++) {
        assertThat(s.hullArea()[k + 1]).as(c + " step " + k).isLessThanOrEqualTo(s.hullArea()[k] + 1e-12);
      }
    }
  }

  @Test
  void emergingLeaderAppears() {
    Simulation s = run(DynamicsCase.EMERGING_LEADER, 30);
    assertThat(s.leaders()[0]).doesNotContain(2);
    assertThat(s.leaders()[30]).contains(2);
  }

  @Test
  void followerOfFixedLeaderApproachesGeometrically() {
    // leader at (2, 0) (|z|^2 = 4 beats <z, f> = 2), follower at (1, 0) attends to it (2 > 1).
    double[][] p = {{2, 0}, {1, 0}};
    Simulation s = Simulation.run(new HardmaxDynamics(null, 0.5, 0, 2), p, 5);
    for (int k = 0; k < 5; k++) {
      double gap = 2 - s.positions()[k][1][0];
      double next = 2 - s.positions()[k + 1][1][0];
      assertThat(next).isCloseTo(gap / 1.5, within(1e-12));
    }
  }

  @Test
  void permutationEquivariance() {
    double[][] p = DynamicsCase.RANDOM.points(12, 3, 9);
    double[][] q = new double[12][];
    for (int i = 0; i < 12; i++) {
      q[i] = p[(i * 5) % 12];
    }
    HardmaxDynamics dyn = new HardmaxDynamics(null, 0.7, 0, 3);
    double[][] fp = Simulation.run(dyn, p, 8).finalPositions();
    double[][] fq = Simulation.run(dyn, q, 8).finalPositions();
    for (int i = 0; i < 12; i++) {
      assertThat(fq[i]).containsExactly(fp[(i * 5) % 12], within(1e-12));
    }
  }

  @Test
  void generalSpdMatrixChangesTheLeaders() {
    double[][] a = {{1, 0.9}, {0.9, 1}};
    double[][] p = {{2, 0}, {0, 2}, {1, 1.5}};
    int[][] setsI = new HardmaxDynamics(null, 0.5, 0, 2).attentionSets(p);
    int[][] setsA = new HardmaxDynamics(a, 0.5, 0, 2).attentionSets(p);
    assertThat(HardmaxDynamics.leaders(setsI)).containsExactly(0, 1, 2);
    assertThat(HardmaxDynamics.leaders(setsA)).containsExactly(2);
  }

  @Test
  void badInputIsRejected() {
    assertThatThrownBy(() -> new HardmaxDynamics(null, 0, 0, 2)).hasMessageContaining("alpha");
    assertThatThrownBy(() -> new HardmaxDynamics(new double[][] {{1, 2}, {0, 1}}, 1, 0, 2)).hasMessageContaining("symmetric");
    assertThatThrownBy(() -> HardmaxDynamics.dimensionOf(new double[][] {{1, 2}, {1}})).hasMessageContaining("point 2");
    assertThatThrownBy(() -> DynamicsCase.parse("hexagon")).hasMessageContaining("non-leader");
  }
}
