package io.hardmax.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OrderedPipelineTest {

  @Test
  void keepsInputOrderForEveryThreadCountAndBatchSize() throws Exception {
    List<Integer> input = IntStream.range(0, 1000).boxed().toList();
    for (int threads : new int[] {1, 2, 5}) {
      for (int batch : new int[] {1, 7, 64, 5000}) {
        List<Integer> out = new ArrayList<>();
        long n = OrderedPipeline.run(input.iterator(), batch, threads, 3, items -> {
          // uneven work, so batches finish out of order
          if (items.get(0) % 3 == 0) {
            Thread.onSpinWait();
            try {
              Thread.sleep(1);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return items.stream().map(i -> i * 2).toList();
        }, (r, items) -> {
          assertThat(r).hasSize(items);
          out.addAll(r);
        });
        assertThat(n).isEqualTo(1000);
        assertThat(out).as("threads %s, batch %s", threads, batch)
            .isEqualTo(input.stream().map(i -> i * 2).toList());
      }
    }
  }

  @Test
  void readsAtMostInFlightBatchesAheadOfTheSink() throws Exception {
    AtomicInteger read = new AtomicInteger();
    Iterator<Integer> endless = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return read.get() < 100_000;
      }

      @Override
      public Integer next() {
        return read.incrementAndGet();
      }
    };
    int batch = 10;
    int inFlight = 4;
    int[] written = {0};
    int[] maxAhead = {0};
    OrderedPipeline.run(endless, batch, 2, inFlight, items -> items.size(), (r, items) -> {
      written[0] += items;
      maxAhead[0] = Math.max(maxAhead[0], read.get() - written[0]);
    });
    assertThat(written[0]).isEqualTo(100_000);
    assertThat(maxAhead[0]).as("items read but not written").isLessThanOrEqualTo(inFlight * batch);
  }

  @Test
  void theFirstWorkerFailureIsRethrownUnwrapped() {
    SplittableRandom r = new SplittableRandom(5);
    List<Integer> input = IntStream.range(0, 500).map(i -> r.nextInt(1000)).boxed().toList();
    assertThatThrownBy(() -> OrderedPipeline.run(input.iterator(), 16, 2, 2, items -> {
      if (items.contains(input.get(300))) {
        throw new IllegalStateException(String.format(Locale.ROOT, "bad item %d", input.get(300)));
      }
      return items;
    }, (x, n) -> { })).isInstanceOf(IllegalStateException.class).hasMessageContaining("bad item");
  }

  @Test
  void emptyInputWritesNothing() throws Exception {
    assertThat(OrderedPipeline.run(List.<Integer>of().iterator(), 8, 2, 2, items -> items, (x, n) -> {
      throw new AssertionError("no batch expected");
    })).isZero();
  }

  @Test
  void decimalsAreWhatStringFormatWrites() {
    SplittableRandom r = new SplittableRandom(20261201L);
    double[] special = {0, -0.0, 0.5, 0.00005, 0.00015, -0.00001, 0.99995, 1, 1e-9, -3.25e-7, 12.3456785, 1e20,
      Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE};
    for (double x : special) {
      for (int places : new int[] {4, 6}) {
        assertThat(Decimals.appendFixed(new StringBuilder(), x, places).toString()).as("%s", x)
            .isEqualTo(String.format(Locale.ROOT, "%." + places + "f", x));
      }
    }
    for (int i = 0; i < 100_000; i++) {
      double x = i % 2 == 0 ? r.nextDouble() : (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(8) - 4);
      int places = i % 3 == 0 ? 6 : 4;
      assertThat(Decimals.appendFixed(new StringBuilder(), x, places).toString()).as("seed 20261201, %s", x)
          .isEqualTo(String.format(Locale.ROOT, "%." + places + "f", x));
    }
  }
}
