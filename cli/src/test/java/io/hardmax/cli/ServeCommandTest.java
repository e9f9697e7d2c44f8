package io.hardmax.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hardmax.serve.ToyModel;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code hardmax serve} as a real process: it starts, answers, and a SIGTERM stops it cleanly. */
@Timeout(value = 180)
class ServeCommandTest {

  @Test
  void servesThenStopsOnSigterm(@TempDir Path dir) throws Exception {
    Path model = ToyModel.copyTo(dir);
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"), "io.hardmax.cli.Main",
        "serve", "--port", "0", "--model", model.toString(), "--threads", "1").start();
    List<String> err = new CopyOnWriteArrayList<>();
    CompletableFuture<String> url = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
        Pattern served = Pattern.compile("serving .* on (http://127\\.0\\.0\\.1:[0-9]+/)");
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          err.add(line);
          Matcher m = served.matcher(line);
          if (m.find()) {
            url.complete(m.group(1));
          }
        }
      } catch (java.io.IOException e) {
        url.completeExceptionally(e);
      }
      url.completeExceptionally(new AssertionError("the server ended before serving: " + err));
    });
    reader.start();
    try {
      String base = url.get(120, TimeUnit.SECONDS);
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(base + "healthz")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      HttpResponse<String> c = client.send(HttpRequest.newBuilder(URI.create(base + "v1/classify"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"texts\": [\"the movie was great and the plot superb\"]}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(c.statusCode()).isEqualTo(200);
      assertThat(c.body()).contains("\"label\":1");

      p.destroy(); // SIGTERM
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the server stops on SIGTERM").isTrue();
      assertThat(p.exitValue()).as("exit status of a JVM ended by SIGTERM").isEqualTo(143);
      reader.join(10_000);
      assertThat(err).as("stderr").noneMatch(l -> l.contains("Exception") || l.contains("\tat "));
      assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(URI.create(base + "healthz"))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(ConnectException.class);
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void aTakenPortIsAOneLineUserError(@TempDir Path dir) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      MainTest.Run r = MainTest.run("serve", "--port", Integer.toString(taken.getLocalPort()), "--model",
          ToyModel.copyTo(dir).toString());
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err().strip()).startsWith("hardmax: cannot listen on 127.0.0.1:" + taken.getLocalPort()).doesNotContain("\n");
    }
  }

  @Test
  void badLimitsAreUsageErrors() {
    MainTest.Run r = MainTest.run("serve", "--threads", "1", "--max-texts", "0");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("hardmax: serve: max texts must be >= 1, was 0");
    r = MainTest.run("serve", "--timeout", "0");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--timeout must be");
  }
}
