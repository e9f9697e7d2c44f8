package io.hardmax.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small java.net.http client of a test server (HTTP/1.1, loopback). */
final class Http {
  static final ObjectMapper MAPPER = new ObjectMapper();

  final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  final String base;

  Http(HardmaxServer s) {
    this.base = "http://127.0.0.1:" + s.port();
  }

  /** A response: status, body text and the body as JSON (null when it is not JSON). */
  record Answer(int status, String body, JsonNode json, HttpResponse<String> raw) {}

  Answer get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET().timeout(Duration.ofSeconds(30)).build());
  }

  Answer post(String path, String contentType, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return send(b.build());
  }

  Answer postJson(String path, Object body) {
    try {
      return post(path, "application/json", MAPPER.writeValueAsString(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Answer send(HttpRequest r) {
    try {
      return answer(client.send(r, HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Answer answer(HttpResponse<String> res) {
    JsonNode j = null;
    if (res.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
      try {
        j = MAPPER.readTree(res.body());
      } catch (IOException e) {
        throw new AssertionError("the body is not JSON: " + res.body(), e);
      }
    }
    return new Answer(res.statusCode(), res.body(), j, res);
  }
}
