package io.hardmax.eval.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TimingTest {
  @Test
  void medianOfOddAndEvenCounts() {
    assertThat(new Timing(new double[] {3, 1, 2}, 6).medianSeconds()).isEqualTo(2);
    assertThat(new Timing(new double[] {4, 1, 2, 3}, 6).medianSeconds()).isEqualTo(2.5);
    assertThat(new Timing(new double[] {3, 1, 2}, 6).medianRate()).isEqualTo(3);
  }

  @Test
  void warmupRunsAreNotMeasured() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Timing t = Timing.measure(2, 3, () -> (double) calls.incrementAndGet());
    assertThat(calls.get()).isEqualTo(5);
    assertThat(t.seconds()).hasSize(3);
    assertThat(t.work()).isEqualTo(5);
    assertThatThrownBy(() -> Timing.measure(0, 0, () -> 1.0)).hasMessageContaining("runs >= 1");
  }

  @Test
  void machineIsDescribed() {
    Machine m = Machine.current();
    assertThat(m.cores()).isPositive();
    assertThat(m.describe()).contains("cores").contains("Java");
  }
}
