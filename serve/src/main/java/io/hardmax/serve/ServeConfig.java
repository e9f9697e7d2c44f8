package io.hardmax.serve;

import java.time.Duration;

/**
 * Settings of a {@link HardmaxServer}, validated in one place.
 *
 * @param host          address to bind; {@code 127.0.0.1} (loopback only) unless told otherwise
 * @param port          TCP port, 0 for an ephemeral one
 * @param threads       workers that run the model (the bounded request pool), >= 1
 * @param queue         requests that may wait for a worker; more are refused with 503, >= 0
 * @param maxBodyBytes  largest request body accepted, in bytes (413 above)
 * @param maxTexts      most texts in one request (413 above)
 * @param maxTextChars  longest text accepted, in chars (413 above)
 * @param timeout       longest a request may wait and run; past it the answer is 503
 * @param shutdownGrace how long {@link HardmaxServer#stop()} lets requests in flight finish
 */
public record ServeConfig(String host, int port, int threads, int queue, long maxBodyBytes, int maxTexts,
    int maxTextChars, Duration timeout, Duration shutdownGrace) {

  /** Default bind address: loopback only. */
  public static final String LOOPBACK = "127.0.0.1";
  /** Default port of {@code hardmax serve}. */
  public static final int DEFAULT_PORT = 8080;
  /** Default body limit: 1 MB. */
  public static final long DEFAULT_MAX_BODY_BYTES = 1_000_000;
  /** Default limit of texts per request. */
  public static final int DEFAULT_MAX_TEXTS = 1_000;
  /** Default limit of chars per text: the CLI's {@code --max-review-chars} default. */
  public static final int DEFAULT_MAX_TEXT_CHARS = 1_000_000;
  /** Default request timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  /** Default queue: requests waiting for a worker. */
  public static final int DEFAULT_QUEUE = 64;

  public ServeConfig {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host must not be empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
    }
    if (threads < 1 || threads > 1024) {
      throw new IllegalArgumentException("threads must be between 1 and 1024, was " + threads);
    }
    if (queue < 0 || queue > 100_000) {
      throw new IllegalArgumentException("queue must be between 0 and 100000, was " + queue);
    }
    if (maxBodyBytes < 1 || maxBodyBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("max body bytes must be between 1 and " + (Integer.MAX_VALUE - 8) + ", was " + maxBodyBytes);
    }
    if (maxTexts < 1) {
      throw new IllegalArgumentException("max texts must be >= 1, was " + maxTexts);
    }
    if (maxTextChars < 1) {
      throw new IllegalArgumentException("max text chars must be >= 1, was " + maxTextChars);
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    if (shutdownGrace == null || shutdownGrace.isNegative()) {
      throw new IllegalArgumentException("shutdown grace must be >= 0, was " + shutdownGrace);
    }
  }

  /** The defaults on {@code port} with {@code threads} workers. */
  public static ServeConfig defaults(int port, int threads) {
    return new ServeConfig(LOOPBACK, port, threads, DEFAULT_QUEUE, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_TEXTS,
        DEFAULT_MAX_TEXT_CHARS, DEFAULT_TIMEOUT, DEFAULT_TIMEOUT);
  }

  /** A copy binding {@code h}. */
  public ServeConfig withHost(String h) {
    return new ServeConfig(h, port, threads, queue, maxBodyBytes, maxTexts, maxTextChars, timeout, shutdownGrace);
  }

  /** A copy with a queue of {@code q} waiting requests. */
  public ServeConfig withQueue(int q) {
    return new ServeConfig(host, port, threads, q, maxBodyBytes, maxTexts, maxTextChars, timeout, shutdownGrace);
  }

  /** A copy with these body, texts-per-request and chars-per-text limits. */
  public ServeConfig withLimits(long bodyBytes, int texts, int textChars) {
    return new ServeConfig(host, port, threads, queue, bodyBytes, texts, textChars, timeout, shutdownGrace);
  }

  /** A copy with request timeout {@code t}. */
  public ServeConfig withTimeout(Duration t) {
    return new ServeConfig(host, port, threads, queue, maxBodyBytes, maxTexts, maxTextChars, t, shutdownGrace);
  }

  /** A copy with shutdown grace {@code g}. */
  public ServeConfig withShutdownGrace(Duration g) {
    return new ServeConfig(host, port, threads, queue, maxBodyBytes, maxTexts, maxTextChars, timeout, g);
  }
}
