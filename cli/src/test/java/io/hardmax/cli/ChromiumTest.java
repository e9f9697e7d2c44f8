package io.hardmax.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hardmax.serve.Browsers;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the HTML explanation page in a real headless Chromium (Debian package chromium; .ci/run installs it and
 * sets -Dhardmax.requireBrowser=true; elsewhere the test is skipped with one line when Chromium is absent):
 * no console message at all (the page has no scripts, so any message is an error or an injected script), the
 * review's {@code <script>} shows as text, and a screenshot is saved to target-dir/chromium/.
 */
@Tag("browser")
class ChromiumTest {
  /** Chromium, or a skip with one line (a failure under -Dhardmax.requireBrowser=true), see {@link Browsers}. */
  static Path chromium() {
    Browsers.require("ChromiumTest", Browsers.chromium());
    return Browsers.chromium();
  }

  @BeforeEach
  void needsChromium() {
    chromium();
  }

  static String run(Path profile, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(chromium().toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--no-first-run", "--disable-component-update", "--disable-sync",
        "--disable-quic", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    List<String> console = err.lines().filter(l -> l.contains(":CONSOLE")).toList();
    assertThat(console).as("console messages of the page").isEmpty();
    return new String(out, StandardCharsets.UTF_8);
  }

  @Test
  void explanationPageRendersWithoutConsoleErrorsAndRunsNoScript(@TempDir Path dir) throws Exception {
    Path model = dir.resolve("toy.hmx");
    try (InputStream in = ChromiumTest.class.getResourceAsStream("/fixtures/model-v1.hmx")) {
      Files.copy(in, model, StandardCopyOption.REPLACE_EXISTING);
    }
    Path review = dir.resolve("evil.txt");
    Files.writeString(review, "A great film with a superb plot. <script>alert(1)</script> <img src=x onerror=alert(2)> The actor was wonderful.");
    Path html = dir.resolve("page.html");
    MainTest.Run r = MainTest.run("explain", "--model", model.toString(), "--html", html.toString(), review.toString());
    assertThat(r.code()).as(r.err()).isZero();

    String dom = run(dir.resolve("p1"), "--dump-dom", html.toUri().toString());
    assertThat(dom).doesNotContain("<script").doesNotContain("<img").contains("<svg");
    // the review's markup is shown as text (split into token spans, so compare the text content)
    assertThat(dom.replaceAll("<[^>]*>", "")).contains("&lt;script&gt;alert(1)&lt;/script&gt;").contains("&lt;img src=x onerror=alert(2)&gt;");

    Path shots = Path.of(System.getProperty("hardmax.screenshots", "target/chromium"));
    Files.createDirectories(shots);
    Path png = shots.resolve("explanation.png").toAbsolutePath();
    run(dir.resolve("p2"), "--screenshot=" + png, "--window-size=1100,1400", "--hide-scrollbars", html.toUri().toString());
    assertThat(Files.size(png)).isGreaterThan(10_000);
  }

  @Test
  void consoleErrorsAreCaught(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.html");
    Files.writeString(bad, "<!DOCTYPE html><html><body><script>console.error('boom')</script></body></html>");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> run(dir.resolve("p"), "--dump-dom", bad.toUri().toString()))
        .hasMessageContaining("boom");
  }
}
