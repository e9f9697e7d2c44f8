package io.hardmax.serve;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded load generator for {@code hardmax bench serve}: {@code clients} threads, each with its own
 * {@code java.net.http} client, send a fixed number of requests one after the other (closed loop) and time each
 * one. Bounded in count and in time: it stops at {@code maxTime} whatever is left.
 */
public final class LoadGenerator {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private LoadGenerator() {}

  /**
   * What one run measured.
   *
   * @param requests   requests answered 200
   * @param errors     requests answered otherwise or failed
   * @param texts      texts in the answered requests
   * @param seconds    wall time of the run
   * @param latencyMs  each answered request's latency, ascending
   */
  public record Result(int requests, int errors, long texts, double seconds, double[] latencyMs) {
    public double requestsPerSecond() {
      return requests / seconds;
    }

    public double textsPerSecond() {
      return texts / seconds;
    }

    /** The q-quantile of the latencies (nearest rank), in ms. */
    public double quantileMs(double q) {
      if (latencyMs.length == 0) {
        return Double.NaN;
      }
      int k = (int) Math.ceil(q * latencyMs.length) - 1;
      return latencyMs[Math.max(0, Math.min(latencyMs.length - 1, k))];
    }
  }

  /**
   * Sends {@code requests} POSTs of {@code textsPerRequest} texts each to {@code base + path}, spread over
   * {@code clients} threads; texts are taken from {@code texts} in turn.
   */
  public static Result run(URI base, String path, List<String> texts, int textsPerRequest, int clients, int requests,
      Duration maxTime) throws InterruptedException {
    if (texts.isEmpty() || textsPerRequest < 1 || clients < 1 || requests < 1) {
      throw new IllegalArgumentException("need texts, textsPerRequest >= 1, clients >= 1 and requests >= 1");
    }
    byte[][] bodies = new byte[requests][];
    for (int r = 0; r < requests; r++) {
      List<String> batch = new ArrayList<>(textsPerRequest);
      for (int k = 0; k < textsPerRequest; k++) {
        batch.add(texts.get((int) (((long) r * textsPerRequest + k) % texts.size())));
      }
      bodies[r] = body(batch);
    }
    URI uri = base.resolve(path);
    AtomicInteger next = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    long deadline = System.nanoTime() + maxTime.toNanos();
    ExecutorService ex = Executors.newFixedThreadPool(clients);
    List<Future<double[]>> futures = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      futures.add(ex.submit(() -> {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
        double[] lat = new double[requests];
        int n = 0;
        for (int r = next.getAndIncrement(); r < requests && System.nanoTime() < deadline; r = next.getAndIncrement()) {
          HttpRequest req = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
              .timeout(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))
              .POST(HttpRequest.BodyPublishers.ofByteArray(bodies[r])).build();
          long s = System.nanoTime();
          try {
            HttpResponse<byte[]> res = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
            if (res.statusCode() == 200) {
              lat[n++] = (System.nanoTime() - s) / 1e6;
            } else {
              errors.incrementAndGet();
            }
          } catch (IOException e) {
            errors.incrementAndGet();
          }
        }
        return Arrays.copyOf(lat, n);
      }));
    }
    ex.shutdown();
    List<double[]> parts = new ArrayList<>();
    try {
      for (Future<double[]> f : futures) {
        parts.add(f.get());
      }
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("a load client failed: " + e.getCause(), e.getCause());
    } finally {
      ex.shutdownNow();
      ex.awaitTermination(10, TimeUnit.SECONDS);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    double[] all = parts.stream().flatMapToDouble(Arrays::stream).sorted().toArray();
    return new Result(all.length, errors.get(), (long) all.length * textsPerRequest, seconds, all);
  }

  private static byte[] body(List<String> texts) {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (JsonGenerator g = MAPPER.getFactory().createGenerator(bos)) {
      g.writeStartObject();
      g.writeArrayFieldStart("texts");
      for (String t : texts) {
        g.writeString(t);
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bos.toByteArray();
  }
}
