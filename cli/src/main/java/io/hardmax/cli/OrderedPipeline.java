package io.hardmax.cli;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Streams items through a worker pool with bounded memory and the input order kept: the calling thread reads
 * {@code batch} items at a time from the source, hands each batch to one of {@code threads} workers, and passes
 * the batches' results to the sink strictly in input order. At most {@code inFlight} batches are read but not yet
 * written, so memory does not depend on the input size; a slow sink slows reading down instead of piling up
 * results.
 *
 * <p>The result of a batch depends only on the batch, so the output is the same for every thread count. The first
 * failure (source, worker or sink) stops the pipeline and is rethrown unwrapped; the workers are stopped.
 */
final class OrderedPipeline {
  private OrderedPipeline() {}

  /** A sink that may fail with an IOException. */
  @FunctionalInterface
  interface Sink<R> {
    void accept(R result, int items) throws IOException;
  }

  /**
   * Runs the pipeline to the end of the source.
   *
   * @param source   the items, read on the calling thread only
   * @param batch    items per batch, {@code >= 1}
   * @param threads  worker threads, {@code >= 1}
   * @param inFlight batches read but not yet written at most, {@code >= 1}
   * @param work     batch to result, run on a worker thread (must be thread-safe)
   * @param sink     receives every batch's result in input order, on the calling thread
   * @return the number of items
   */
  static <I, R> long run(Iterator<I> source, int batch, int threads, int inFlight, Function<List<I>, R> work,
      Sink<R> sink) throws IOException {
    if (batch < 1 || threads < 1 || inFlight < 1) {
      throw new IllegalArgumentException("batch, threads and inFlight must be >= 1, were " + batch + ", "
          + threads + ", " + inFlight);
    }
    AtomicInteger names = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "hardmax-worker-" + names.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    ArrayDeque<Future<R>> pending = new ArrayDeque<>(inFlight);
    ArrayDeque<Integer> sizes = new ArrayDeque<>(inFlight);
    long count = 0;
    try {
      while (source.hasNext()) {
        List<I> items = new ArrayList<>(batch);
        while (items.size() < batch && source.hasNext()) {
          items.add(source.next());
        }
        if (pending.size() == inFlight) {
          count += drainOne(pending, sizes, sink);
        }
        pending.add(pool.submit(() -> work.apply(items)));
        sizes.add(items.size());
      }
      while (!pending.isEmpty()) {
        count += drainOne(pending, sizes, sink);
      }
      return count;
    } finally {
      pool.shutdownNow();
    }
  }

  private static <R> int drainOne(ArrayDeque<Future<R>> pending, ArrayDeque<Integer> sizes, Sink<R> sink)
      throws IOException {
    R r;
    try {
      r = pending.removeFirst().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) {
        throw re;
      }
      if (c instanceof Error err) {
        throw err;
      }
      if (c instanceof IOException io) {
        throw io;
      }
      throw new UncheckedIOException(new IOException(c));
    }
    int n = sizes.removeFirst();
    sink.accept(r, n);
    return n;
  }
}
