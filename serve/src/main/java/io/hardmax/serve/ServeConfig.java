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
    return builder().port(port).threads(threads).build();
  }

  /** A builder holding the defaults on port {@value #DEFAULT_PORT} with one worker; set what differs. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds a {@link ServeConfig}; validation happens in {@link #build()}. Starts from {@code defaults(DEFAULT_PORT, 1)}. */
  public static final class Builder {
    private String host = LOOPBACK;
    private int port = DEFAULT_PORT;
    private int threads = 1;
    private int queue = DEFAULT_QUEUE;
    private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private int maxTexts = DEFAULT_MAX_TEXTS;
    private int maxTextChars = DEFAULT_MAX_TEXT_CHARS;
    private Duration timeout = DEFAULT_TIMEOUT;
    private Duration shutdownGrace = DEFAULT_TIMEOUT;

    private Builder() {}

    private Builder(ServeConfig c) {
      host = c.host;
      port = c.port;
      threads = c.threads;
      queue = c.queue;
      maxBodyBytes = c.maxBodyBytes;
      maxTexts = c.maxTexts;
      maxTextChars = c.maxTextChars;
      timeout = c.timeout;
      shutdownGrace = c.shutdownGrace;
    }

    public Builder host(String v) {
      host = v;
      return this;
    }

    public Builder port(int v) {
      port = v;
      return this;
    }

    public Builder threads(int v) {
      threads = v;
      return this;
    }

    public Builder queue(int v) {
      queue = v;
      return this;
    }

    public Builder maxBodyBytes(long v) {
      maxBodyBytes = v;
      return this;
    }

    public Builder maxTexts(int v) {
      maxTexts = v;
      return this;
    }

    public Builder maxTextChars(int v) {
      maxTextChars = v;
      return this;
    }

    public Builder timeout(Duration v) {
      timeout = v;
      return this;
    }

    public Builder shutdownGrace(Duration v) {
      shutdownGrace = v;
      return this;
    }

    public ServeConfig build() {
      return new ServeConfig(host, port, threads, queue, maxBodyBytes, maxTexts, maxTextChars, timeout, shutdownGrace);
    }
  }
}
