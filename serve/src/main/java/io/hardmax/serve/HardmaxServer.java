package io.hardmax.serve;

import io.hardmax.eval.report.ExplanationJson;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hardmax.attention.Explanation;
import io.hardmax.attention.SentimentModel;
import io.hardmax.eval.report.Trajectories;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model behind HTTP: a JSON API and the interactive explanation page, on Javalin (Jetty).
 *
 * <ul>
 *   <li>{@code POST /v1/classify} {@code {"texts": [...]}}: {@code {"results": [...]}}, one object per text in the
 *       schema of {@code classify --format jsonl} without tokens ({@link ExplanationJson.Detail#DECISION}); the
 *       {@code id} of a result is its index in {@code texts};</li>
 *   <li>{@code POST /v1/explain}: the same with {@code tokens} and {@code clusters}, and with
 *       {@code "trajectories": true} each result's {@code trajectory_svg}, drawn by {@link Trajectories} (the
 *       renderer of {@code explain --html});</li>
 *   <li>{@code GET /v1/model}: configuration, tokenizer, vocabulary size and provenance;</li>
 *   <li>{@code GET /healthz}: {@code {"status": "ok"}};</li>
 *   <li>{@code GET /}: the page (with {@code /app.js}, {@code /app.css}, {@code /favicon.svg}; nothing external).</li>
 * </ul>
 *
 * <p>The model runs on a pool of {@link ServeConfig#threads()} workers with a queue of {@link ServeConfig#queue()}
 * requests; a full queue is answered at once with 503. Errors are {@code {"error": "..."}} with 400 (bad JSON or
 * fields), 404, 405, 413 (body, texts or a text too large), 415 (not {@code application/json}), 503 (busy, past
 * the timeout, or shutting down) or 500 (a bug). {@link #stop()} refuses new requests, lets those in flight finish
 * (up to {@link ServeConfig#shutdownGrace()}), then closes the port.
 */
public final class HardmaxServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HardmaxServer.class);
  private static final String JSON = "application/json";
  /** What the page may load: only this server's own script, style and the plots it draws (blob URLs). */
  static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; "
      + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private final SentimentModel model;
  private final ServeConfig cfg;
  private final float[] readout;
  private final byte[] modelJson;
  private final ThreadPoolExecutor pool;
  private final Javalin app;
  private final ObjectMapper mapper = new ObjectMapper(ExplanationJson.newFactory()); // classify's digits
  private final AtomicInteger inFlight = new AtomicInteger();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean stopping;
  private int port;
  private volatile Runnable beforeWork = () -> {};

  private HardmaxServer(SentimentModel model, ServeConfig cfg) {
    this.model = model;
    this.cfg = cfg;
    this.readout = model.readout();
    this.modelJson = modelJson(model);
    AtomicInteger n = new AtomicInteger();
    ThreadFactory tf = r -> {
      Thread t = new Thread(r, "hardmax-serve-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    this.pool = new ThreadPoolExecutor(cfg.threads(), cfg.threads(), 0, TimeUnit.MILLISECONDS,
        cfg.queue() == 0 ? new java.util.concurrent.SynchronousQueue<>() : new ArrayBlockingQueue<>(cfg.queue()), tf,
        new ThreadPoolExecutor.AbortPolicy());
    int jettyThreads = Math.min(512, Math.max(16, cfg.threads() + cfg.queue() + 8));
    this.app = Javalin.create(c -> {
      c.showJavalinBanner = false;
      c.startupWatcherEnabled = false;
      c.http.maxRequestSize = cfg.maxBodyBytes();
      c.http.disableCompression();
      c.http.prefer405over404 = true;
      QueuedThreadPool qtp = new QueuedThreadPool(jettyThreads, Math.min(8, jettyThreads), 60_000);
      qtp.setName("hardmax-http");
      qtp.setDaemon(true);
      c.jetty.threadPool = qtp;
    });
    app.get("/", guarded(ctx -> send(ctx, 200, "text/html; charset=utf-8", Page.resource("index.html"))));
    app.get("/app.js", guarded(ctx -> send(ctx, 200, "text/javascript; charset=utf-8", Page.resource("app.js"))));
    app.get("/app.css", guarded(ctx -> send(ctx, 200, "text/css; charset=utf-8", Page.resource("app.css"))));
    app.get("/favicon.svg", guarded(ctx -> send(ctx, 200, "image/svg+xml", Page.resource("favicon.svg"))));
    app.get("/favicon.ico", guarded(ctx -> send(ctx, 200, "image/svg+xml", Page.resource("favicon.svg"))));
    app.get("/healthz", guarded(ctx -> send(ctx, 200, JSON, "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8))));
    app.get("/v1/model", guarded(ctx -> send(ctx, 200, JSON, modelJson)));
    app.post("/v1/classify", guarded(ctx -> texts(ctx, false)));
    app.post("/v1/explain", guarded(ctx -> texts(ctx, true)));
    // what no route takes (404, 405) and what Javalin itself refuses, as JSON errors
    app.exception(HttpResponseException.class, (e, ctx) -> sendError(ctx, e.getStatus(), switch (e.getStatus()) {
      case 404 -> "no such endpoint: " + ctx.method() + " " + ctx.path()
          + " (endpoints: GET /, POST /v1/classify, POST /v1/explain, GET /v1/model, GET /healthz)";
      case 405 -> "method " + ctx.method() + " is not allowed on " + ctx.path();
      default -> e.getMessage();
    }));
  }

  /**
   * Starts a server for {@code model} (shared by all requests: {@link SentimentModel} is thread-safe); it listens
   * once this returns.
   *
   * @throws IllegalStateException when the address cannot be bound (port taken, unknown host)
   */
  public static HardmaxServer start(SentimentModel model, ServeConfig cfg) {
    HardmaxServer s = new HardmaxServer(model, cfg);
    try {
      s.app.start(cfg.host(), cfg.port());
      s.port = s.app.port();
    } catch (RuntimeException e) {
      s.pool.shutdownNow();
      throw new IllegalStateException("cannot listen on " + cfg.host() + ":" + cfg.port() + ": " + rootMessage(e), e);
    }
    return s;
  }

  /** The port listened on (the ephemeral one chosen when the configuration said 0). */
  public int port() {
    return port;
  }

  /** The page's address, e.g. {@code http://127.0.0.1:8080/}. */
  public String url() {
    String h = cfg.host().contains(":") ? "[" + cfg.host() + "]" : cfg.host();
    return "http://" + h + ":" + port() + "/";
  }

  /** The configuration served with. */
  public ServeConfig config() {
    return cfg;
  }

  /** Requests being handled now. */
  public int inFlight() {
    return inFlight.get();
  }

  /**
   * Stops cleanly: new requests are answered 503 at once, requests in flight finish (waiting at most the shutdown
   * grace), then the port is closed and the workers end. Idempotent; safe from a shutdown hook.
   */
  public void stop() {
    synchronized (this) {
      if (stopped.getCount() == 0) {
        return;
      }
      stopping = true;
      long end = System.nanoTime() + cfg.shutdownGrace().toNanos();
      while (inFlight.get() > 0 && System.nanoTime() < end) {
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      if (inFlight.get() > 0) {
        LOG.warn("{} requests still in flight after the shutdown grace of {}; closing", inFlight.get(), cfg.shutdownGrace());
      }
      app.stop();
      pool.shutdownNow();
      stopped.countDown();
    }
  }

  /** Blocks until {@link #stop()} has finished. */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  @Override
  public void close() {
    stop();
  }

  /** Test hook: runs on the worker before each request's model work. */
  void beforeWork(Runnable hook) {
    this.beforeWork = hook;
  }

  // ---------------------------------------------------------------------------------------------------------------

  /** Counts the request in flight (or refuses it while stopping) and answers every failure as a JSON error. */
  private Handler guarded(Handler h) {
    return ctx -> {
      if (!enter()) {
        ctx.header("Connection", "close");
        sendError(ctx, 503, "the server is shutting down");
        return;
      }
      try {
        h.handle(ctx);
      } catch (ApiException e) {
        sendError(ctx, e.status(), e.getMessage());
      } catch (Exception e) {
        LOG.error("internal error on {} {}", ctx.method(), ctx.path(), e);
        sendError(ctx, 500, "internal error: " + e);
      } finally {
        inFlight.decrementAndGet();
      }
    };
  }

  private boolean enter() {
    if (stopping) {
      return false;
    }
    inFlight.incrementAndGet();
    if (stopping) { // stop() began between the check and the count: it may not have seen us
      inFlight.decrementAndGet();
      return false;
    }
    return true;
  }

  private void texts(Context ctx, boolean explain) throws Exception {
    String ct = ctx.header("Content-Type");
    if (!isJson(ct)) {
      throw new ApiException(415, "Content-Type must be application/json (UTF-8), was "
          + (ct == null ? "none" : "'" + ct + "'"));
    }
    byte[] body = readBody(ctx);
    TextsRequest req = TextsRequest.parse(body, cfg, explain);
    long deadline = System.nanoTime() + cfg.timeout().toNanos();
    Future<byte[]> f;
    try {
      f = pool.submit(() -> {
        beforeWork.run();
        return render(req, explain, deadline);
      });
    } catch (RejectedExecutionException e) {
      ctx.header("Retry-After", "1");
      throw new ApiException(503, "the server is busy (" + cfg.threads() + " workers, " + cfg.queue()
          + " requests waiting); try again shortly");
    }
    byte[] out;
    try {
      out = f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw timeout();
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new ApiException(503, "the server is shutting down");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ApiException ae) {
        throw ae;
      }
      throw e.getCause() instanceof Exception ex ? ex : e;
    }
    send(ctx, 200, JSON, out);
  }

  private ApiException timeout() {
    return new ApiException(503, "the request took longer than the limit of " + seconds(cfg.timeout()) + " (--timeout)");
  }

  private byte[] render(TextsRequest req, boolean explain, long deadline) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream(explain ? 4096 : 256);
    try (JsonGenerator g = mapper.getFactory().createGenerator(bos)) {
      g.writeStartObject();
      g.writeArrayFieldStart("results");
      List<String> texts = req.texts();
      for (int i = 0; i < texts.size(); i++) {
        if (System.nanoTime() - deadline > 0 || Thread.currentThread().isInterrupted()) {
          throw timeout();
        }
        Explanation e = model.explain(texts.get(i));
        g.writeStartObject();
        ExplanationJson.writeFields(g, Integer.toString(i), null, e,
            explain ? ExplanationJson.Detail.CLUSTERS : ExplanationJson.Detail.DECISION);
        if (req.trajectories()) {
          g.writeStringField("trajectory_svg", Trajectories.svg(e, readout));
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    return bos.toByteArray();
  }

  private byte[] readBody(Context ctx) throws IOException {
    long declared = ctx.req().getContentLengthLong();
    if (declared > cfg.maxBodyBytes()) {
      ctx.header("Connection", "close");
      throw new ApiException(413, "the body has " + declared + " bytes, the limit is " + cfg.maxBodyBytes() + " (--max-body-bytes)");
    }
    InputStream in = ctx.req().getInputStream();
    byte[] b = in.readNBytes((int) cfg.maxBodyBytes() + 1);
    if (b.length > cfg.maxBodyBytes()) {
      ctx.header("Connection", "close");
      throw new ApiException(413, "the body is longer than the limit of " + cfg.maxBodyBytes() + " bytes (--max-body-bytes)");
    }
    return b;
  }

  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String[] parts = contentType.split(";");
    if (!parts[0].trim().equalsIgnoreCase(JSON)) {
      return false;
    }
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim().toLowerCase(Locale.ROOT);
      if (p.startsWith("charset=") && !p.equals("charset=utf-8") && !p.equals("charset=\"utf-8\"")) {
        return false;
      }
    }
    return true;
  }

  private void sendError(Context ctx, int status, String message) {
    ObjectNode o = mapper.createObjectNode().put("error", message);
    if (status == 503 && ctx.res().getHeader("Retry-After") == null) {
      ctx.header("Retry-After", "1");
    }
    try {
      send(ctx, status, JSON, mapper.writeValueAsBytes(o));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes the whole response and flushes it before the handler returns, so that a request counted in flight has
   * its answer on the wire when {@link #stop()} closes the port.
   */
  private static void send(Context ctx, int status, String type, byte[] body) throws IOException {
    var res = ctx.res();
    if (res.isCommitted()) {
      return;
    }
    res.resetBuffer();
    res.setStatus(status);
    res.setContentType(type);
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "no-referrer");
    res.setHeader("Cache-Control", "no-store");
    if (type.startsWith("text/html")) {
      res.setHeader("Content-Security-Policy", CSP);
    }
    res.setContentLength(body.length);
    res.getOutputStream().write(body);
    res.flushBuffer();
  }

  private byte[] modelJson(SentimentModel m) {
    ObjectMapper pretty = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = pretty.createObjectNode();
    root.set("config", pretty.valueToTree(m.config()));
    root.set("tokenizer", pretty.valueToTree(m.tokenizerSettings()));
    root.put("vocabulary_size", m.vocabulary().size());
    root.put("readout_bias", m.readoutBias());
    root.set("provenance", pretty.valueToTree(m.provenance()));
    try {
      return pretty.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  private static String rootMessage(Throwable t) {
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }
}
