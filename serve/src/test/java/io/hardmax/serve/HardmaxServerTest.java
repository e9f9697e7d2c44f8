package io.hardmax.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.hardmax.attention.ClusterContribution;
import io.hardmax.attention.Explanation;
import io.hardmax.attention.SentimentModel;
import io.hardmax.attention.TokenContribution;
import io.hardmax.eval.report.Trajectories;
import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server through a real HTTP client ({@code java.net.http}) on an ephemeral loopback port, with the small
 * fixture model: every endpoint, every limit and error status, the same answers as {@link SentimentModel}, many
 * concurrent clients, and a clean shutdown with requests in flight.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HardmaxServerTest {
  static final List<String> TEXTS = List.of(
      "the movie was great and the plot superb",
      "a boring film, the acting was bad and the plot worse",
      "great great great",
      "not good at all",
      "I loved it. The actor was wonderful, the music moving.",
      "<script>alert(1)</script> \"onerror=alert(2) a waste of time",
      "",
      "zzzz qqqq",
      "the plot the plot the plot was fine but the ending was awful",
      "Ein Film über nichts \u2014 \uD83D\uDE00 superb");

  static SentimentModel model;
  static HardmaxServer server;
  static Http http;

  @BeforeAll
  static void start() {
    model = ToyModel.get();
    server = HardmaxServer.start(model, ServeConfig.builder().port(0).threads(2).queue(32).build());
    http = new Http(server);
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  static Map<String, Object> texts(List<String> t) {
    return Map.of("texts", t);
  }

  // ---- endpoints ------------------------------------------------------------------------------------------------

  @Test
  void bindsToLoopbackOnAnEphemeralPort() {
    assertThat(server.config().host()).isEqualTo("127.0.0.1");
    assertThat(server.port()).isPositive();
    assertThat(server.url()).isEqualTo("http://127.0.0.1:" + server.port() + "/");
  }

  @Test
  void healthz() {
    Http.Answer a = http.get("/healthz");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.json().get("status").asText()).isEqualTo("ok");
  }

  @Test
  void modelDescribesConfigAndProvenance() {
    Http.Answer a = http.get("/v1/model");
    assertThat(a.status()).isEqualTo(200);
    JsonNode m = a.json();
    assertThat(m.get("config").get("dim").asInt()).isEqualTo(model.config().dim());
    assertThat(m.get("config").get("depth").asInt()).isEqualTo(model.config().depth());
    assertThat(m.get("vocabulary_size").asInt()).isEqualTo(model.vocabulary().size());
    assertThat(m.get("readout_bias").asDouble()).isEqualTo(model.readoutBias());
    assertThat(m.get("tokenizer").get("kind").asText()).isEqualTo(model.tokenizerSettings().kind().name());
    assertThat(m.get("provenance").get("seed").asLong()).isEqualTo(model.provenance().seed());
    assertThat(m.get("provenance").get("trainingData").asText()).isEqualTo(model.provenance().trainingData());
  }

  @Test
  void classifyGivesTheModelsAnswersWithoutTokens() {
    Http.Answer a = http.postJson("/v1/classify", texts(TEXTS));
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    JsonNode results = a.json().get("results");
    assertThat(results).hasSize(TEXTS.size());
    for (int i = 0; i < TEXTS.size(); i++) {
      JsonNode r = results.get(i);
      Explanation e = model.explain(TEXTS.get(i));
      assertThat(r.get("id").asText()).isEqualTo(Integer.toString(i));
      assertDecision(r, e);
      assertThat(r.has("tokens")).isFalse();
      assertThat(r.has("clusters")).isFalse();
      assertThat(r.get("logit").asDouble()).isEqualTo(model.predict(TEXTS.get(i)).logit());
    }
  }

  @Test
  void explainGivesTokensAndClustersAsTheModel() {
    Http.Answer a = http.postJson("/v1/explain", texts(TEXTS));
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    JsonNode results = a.json().get("results");
    assertThat(results).hasSize(TEXTS.size());
    for (int i = 0; i < TEXTS.size(); i++) {
      JsonNode r = results.get(i);
      Explanation e = model.explain(TEXTS.get(i));
      assertDecision(r, e);
      assertThat(r.has("trajectory_svg")).isFalse();
      assertThat(r.get("tokens")).hasSize(e.tokens().size());
      for (int k = 0; k < e.tokens().size(); k++) {
        TokenContribution t = e.tokens().get(k);
        JsonNode j = r.get("tokens").get(k);
        assertThat(j.get("text").asText()).isEqualTo(t.text());
        assertThat(j.get("begin").asInt()).isEqualTo(t.begin());
        assertThat(j.get("end").asInt()).isEqualTo(t.end());
        assertThat(j.get("leader").asInt()).isEqualTo(t.leader());
        assertThat(j.get("contribution").asDouble()).isEqualTo(t.contribution());
        assertThat(j.get("contribution_alone").asDouble()).isEqualTo(t.contributionAlone());
      }
      assertThat(r.get("clusters")).hasSize(e.clusters().size());
      for (int k = 0; k < e.clusters().size(); k++) {
        ClusterContribution c = e.clusters().get(k);
        JsonNode j = r.get("clusters").get(k);
        assertThat(j.get("leader").asInt()).isEqualTo(c.leader());
        assertThat(j.get("leader_text").asText()).isEqualTo(c.leaderText());
        List<Integer> members = new ArrayList<>();
        j.get("members").forEach(m -> members.add(m.asInt()));
        assertThat(members).isEqualTo(c.members());
        assertThat(j.get("contribution").asDouble()).isEqualTo(c.contribution());
      }
    }
  }

  @Test
  void explainDrawsTrajectoriesWithTheRendererOfExplainHtml() {
    String text = TEXTS.get(0);
    Http.Answer a = http.postJson("/v1/explain", Map.of("texts", List.of(text), "trajectories", true));
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    String svg = a.json().get("results").get(0).get("trajectory_svg").asText();
    assertThat(svg).startsWith("<svg").isEqualTo(Trajectories.svg(model.explain(text), model.readout()));
  }

  @Test
  void emptyTextListGivesNoResults() {
    Http.Answer a = http.postJson("/v1/classify", texts(List.of()));
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.json().get("results")).isEmpty();
  }

  @Test
  void pageAndItsFilesAreServedLocallyWithAStrictPolicy() {
    Http.Answer page = http.get("/");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.raw().headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(page.raw().headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("script-src 'self'").contains("default-src 'none'");
    assertThat(page.body()).contains("<textarea id=\"text\"").contains("/app.js").contains("/app.css");
    for (String f : List.of("/app.js", "/app.css", "/favicon.svg")) {
      Http.Answer a = http.get(f);
      assertThat(a.status()).as(f).isEqualTo(200);
      assertThat(a.body().replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).as(f)
          .doesNotContain("http://").doesNotContain("https://").doesNotContain("@import");
    }
    // no inline script (the policy would block it) and nothing loaded from elsewhere
    assertThat(page.body()).doesNotContainPattern("<script>|<script [^>]*>[^<]").doesNotContain("https://");
    assertThat(http.get("/app.js").body()).doesNotContainPattern("\\.(inner|outer)HTML\\s*=")
        .doesNotContain("insertAdjacentHTML").doesNotContain("document.write").doesNotContain("eval(");
  }

  // ---- errors and limits ----------------------------------------------------------------------------------------

  static void assertError(Http.Answer a, int status, String messagePart) {
    assertThat(a.status()).as(a.body()).isEqualTo(status);
    assertThat(a.json()).as("JSON error body: " + a.body()).isNotNull();
    assertThat(a.json().get("error").asText()).contains(messagePart);
    assertThat(a.json().size()).isEqualTo(1);
  }

  @Test
  void badJsonAndBadFieldsAre400() {
    assertError(http.post("/v1/classify", "application/json", "{\"texts\": [\"a\""), 400, "not valid JSON");
    assertError(http.post("/v1/classify", "application/json", ""), 400, "empty");
    assertError(http.post("/v1/classify", "application/json", "[\"a\"]"), 400, "must be a JSON object");
    assertError(http.post("/v1/classify", "application/json", "{}"), 400, "missing field 'texts'");
    assertError(http.post("/v1/classify", "application/json", "{\"texts\": \"a\"}"), 400, "'texts' must be an array");
    assertError(http.post("/v1/classify", "application/json", "{\"texts\": [\"a\", 3]}"), 400, "texts[1] must be a string");
    assertError(http.post("/v1/classify", "application/json", "{\"texts\": [null]}"), 400, "texts[0] must be a string, was null");
    assertError(http.post("/v1/classify", "application/json", "{\"texts\": [], \"text\": 1}"), 400, "unknown field 'text'");
    assertError(http.post("/v1/classify", "application/json", "{\"texts\": [], \"trajectories\": true}"), 400,
        "unknown field 'trajectories'");
    assertError(http.post("/v1/explain", "application/json", "{\"texts\": [], \"trajectories\": 1}"), 400,
        "'trajectories' must be true or false");
    assertError(http.post("/v1/classify", "application/json", "{\"texts\": [], \"texts\": []}"), 400, "Duplicate field");
    assertError(http.post("/v1/classify", "application/json", "{\"texts\": []} {}"), 400, "not valid JSON");
  }

  @Test
  void wrongContentTypeIs415() {
    assertError(http.post("/v1/classify", "text/plain", "{\"texts\": []}"), 415, "application/json");
    assertError(http.post("/v1/explain", null, "{\"texts\": []}"), 415, "was none");
    assertError(http.post("/v1/classify", "application/json; charset=latin1", "{\"texts\": []}"), 415, "charset=latin1");
    assertThat(http.post("/v1/classify", "Application/JSON; charset=UTF-8", "{\"texts\": []}").status()).isEqualTo(200);
  }

  @Test
  void unknownPathsAndMethodsAreJsonErrors() {
    assertError(http.get("/v1/nothing"), 404, "no such endpoint");
    assertError(http.get("/v1/classify"), 405, "not allowed");
  }

  @Test
  void limitsAre413() {
    try (HardmaxServer s = HardmaxServer.start(model,
        ServeConfig.builder().port(0).threads(1).maxBodyBytes(2_000).maxTexts(3).maxTextChars(50).build())) {
      Http h = new Http(s);
      assertThat(h.postJson("/v1/classify", texts(List.of("a", "b", "c"))).status()).isEqualTo(200);
      assertError(h.postJson("/v1/classify", texts(List.of("a", "b", "c", "d"))), 413, "4 texts, the limit is 3");
      assertThat(h.postJson("/v1/classify", texts(List.of("x".repeat(50)))).status()).isEqualTo(200);
      assertError(h.postJson("/v1/explain", texts(List.of("ok", "x".repeat(51)))), 413, "texts[1] has 51 chars, the limit is 50");
      assertError(h.post("/v1/classify", "application/json", "{\"texts\": [\"" + "y".repeat(3_000) + "\"]}"), 413,
          "limit is 2000");
      // a body without a length (chunked) is cut at the limit too
      byte[] big = ("{\"texts\": [\"" + "y".repeat(5_000) + "\"]}").getBytes(StandardCharsets.UTF_8);
      HttpRequest chunked = HttpRequest.newBuilder(URI.create(h.base + "/v1/classify"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build();
      assertError(h.send(chunked), 413, "longer than the limit of 2000 bytes");
      // and the server still answers
      assertThat(h.get("/healthz").status()).isEqualTo(200);
    }
  }

  @Test
  void aFullQueueIs503AtOnce() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    try (HardmaxServer s = HardmaxServer.start(model, ServeConfig.builder().port(0).threads(1).queue(0).build())) {
      s.beforeWork(() -> {
        started.countDown();
        await(release);
      });
      Http h = new Http(s);
      CompletableFuture<Http.Answer> first = CompletableFuture.supplyAsync(() -> h.postJson("/v1/classify", texts(List.of("great"))));
      assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
      Http.Answer busy = h.postJson("/v1/classify", texts(List.of("great")));
      assertError(busy, 503, "busy");
      assertThat(busy.raw().headers().firstValue("Retry-After")).hasValue("1");
      release.countDown();
      Http.Answer a = first.get(30, TimeUnit.SECONDS);
      assertThat(a.status()).isEqualTo(200);
      assertThat(a.json().get("results").get(0).get("logit").asDouble()).isEqualTo(model.predict("great").logit());
    }
  }

  @Test
  void aRequestPastTheTimeoutIs503() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (HardmaxServer s = HardmaxServer.start(model, ServeConfig.builder().port(0).threads(1).timeout(Duration.ofMillis(200)).build())) {
      s.beforeWork(() -> await(release));
      Http h = new Http(s);
      long t0 = System.nanoTime();
      assertError(h.postJson("/v1/explain", texts(List.of("great"))), 503, "longer than the limit of 200 ms");
      assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(10));
      release.countDown();
      s.beforeWork(() -> {});
      assertThat(h.postJson("/v1/explain", texts(List.of("great"))).status()).isEqualTo(200);
    }
  }

  // ---- load and shutdown -----------------------------------------------------------------------------------------

  @Test
  void eightClientsTimesFiveHundredRequestsAllRight() throws Exception {
    double[] expected = TEXTS.stream().mapToDouble(t -> model.predict(t).logit()).toArray();
    int clients = 8;
    int perClient = 500;
    ExecutorService ex = Executors.newFixedThreadPool(clients);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int client = c;
        done.add(ex.submit(() -> {
          Http h = new Http(server);
          int ok = 0;
          for (int k = 0; k < perClient; k++) {
            int i = (client * 7 + k) % TEXTS.size();
            Http.Answer a = h.postJson("/v1/classify", texts(List.of(TEXTS.get(i))));
            if (a.status() != 200) {
              throw new AssertionError("client " + client + " request " + k + ": " + a.status() + " " + a.body());
            }
            double logit = a.json().get("results").get(0).get("logit").asDouble();
            if (logit != expected[i]) {
              throw new AssertionError("client " + client + " request " + k + ": logit " + logit + ", expected " + expected[i]);
            }
            ok++;
          }
          return ok;
        }));
      }
      int total = 0;
      for (Future<Integer> f : done) {
        total += f.get(100, TimeUnit.SECONDS);
      }
      assertThat(total).isEqualTo(clients * perClient);
    } finally {
      ex.shutdownNow();
    }
  }

  @Test
  void stopLetsRequestsInFlightFinishAndRefusesNewOnes() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    HardmaxServer s = HardmaxServer.start(model, ServeConfig.builder().port(0).threads(2).queue(8).build());
    s.beforeWork(() -> await(release));
    Http h = new Http(s);
    List<CompletableFuture<Http.Answer>> inFlight = new ArrayList<>();
    for (int i = 0; i < 3; i++) { // two on the workers, one waiting in the queue
      String t = TEXTS.get(i);
      inFlight.add(CompletableFuture.supplyAsync(() -> h.postJson("/v1/explain", texts(List.of(t)))));
    }
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (s.inFlight() < 3 && System.nanoTime() < end) {
      Thread.sleep(5);
    }
    assertThat(s.inFlight()).isEqualTo(3);
    CompletableFuture<Void> stopping = CompletableFuture.runAsync(s::stop);
    // new requests are refused while the three finish
    Http.Answer refused = null;
    while (System.nanoTime() < end) {
      Http.Answer a = h.get("/healthz");
      if (a.status() == 503) {
        refused = a;
        break;
      }
      Thread.sleep(5);
    }
    assertThat(refused).as("a request during shutdown").isNotNull();
    assertError(refused, 503, "shutting down");
    assertThat(stopping).isNotDone();
    release.countDown();
    stopping.get(30, TimeUnit.SECONDS);
    for (int i = 0; i < 3; i++) {
      Http.Answer a = inFlight.get(i).get(30, TimeUnit.SECONDS);
      assertThat(a.status()).as(a.body()).isEqualTo(200);
      assertThat(a.json().get("results").get(0).get("logit").asDouble()).isEqualTo(model.predict(TEXTS.get(i)).logit());
    }
    // and after the stop the port is closed
    Http fresh = new Http(s);
    assertThatThrownBy(() -> fresh.client.send(HttpRequest.newBuilder(URI.create(fresh.base + "/healthz")).build(),
        HttpResponse.BodyHandlers.ofString())).isInstanceOf(ConnectException.class);
    s.stop(); // idempotent
  }

  @Test
  void aTakenPortIsAOneLineError() {
    assertThatThrownBy(() -> HardmaxServer.start(model, ServeConfig.defaults(server.port(), 1)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot listen on 127.0.0.1:" + server.port());
  }

  @Test
  void configIsValidated() {
    assertThatThrownBy(() -> ServeConfig.defaults(70_000, 1)).hasMessage("port must be between 0 and 65535, was 70000");
    assertThatThrownBy(() -> ServeConfig.defaults(0, 0)).hasMessage("threads must be between 1 and 1024, was 0");
    assertThatThrownBy(() -> ServeConfig.builder().port(0).threads(1).maxBodyBytes(0).maxTexts(1).maxTextChars(1).build())
        .hasMessageContaining("max body bytes");
    assertThatThrownBy(() -> ServeConfig.builder().port(0).threads(1).timeout(Duration.ZERO).build()).hasMessageContaining("timeout must be positive");
  }

  static void assertDecision(JsonNode r, Explanation e) {
    assertThat(r.get("label").asInt()).isEqualTo(e.label());
    assertThat(r.get("probability").asDouble()).isEqualTo(e.probability());
    assertThat(r.get("logit").asDouble()).isEqualTo(e.logit());
    assertThat(r.get("bias").asDouble()).isEqualTo(e.bias());
    assertThat(r.get("padding_contribution").asDouble()).isEqualTo(e.paddingContribution());
    List<String> leaders = new ArrayList<>();
    r.get("leaders").forEach(l -> leaders.add(l.asText()));
    List<String> expected = e.clusters().stream().filter(c -> c.leader() >= 0).map(ClusterContribution::leaderText).toList();
    assertThat(leaders).isEqualTo(expected);
  }

  static void await(CountDownLatch l) {
    try {
      if (!l.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never released the worker");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new java.io.InterruptedIOException("interrupted"));
    }
  }
}
