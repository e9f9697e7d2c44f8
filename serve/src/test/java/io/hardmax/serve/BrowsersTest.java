package io.hardmax.serve;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** A missing browser skips a test with one line, or fails it when -Dhardmax.requireBrowser=true. */
class BrowsersTest {
  private final String saved = System.getProperty(Browsers.REQUIRE);

  @AfterEach
  void restore() {
    if (saved == null) {
      System.clearProperty(Browsers.REQUIRE);
    } else {
      System.setProperty(Browsers.REQUIRE, saved);
    }
  }

  @Test
  void absentBrowserSkipsByDefault() {
    System.clearProperty(Browsers.REQUIRE);
    assertThatThrownBy(() -> Browsers.require("SomeTest", Path.of("/nonexistent/chromium")))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("SomeTest: /nonexistent/chromium is missing (apt-get install chromium)");
  }

  @Test
  void absentBrowserFailsWhenRequired() {
    System.setProperty(Browsers.REQUIRE, "true");
    assertThatThrownBy(() -> Browsers.require("SomeTest", Path.of("/nonexistent/chromedriver")))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("/nonexistent/chromedriver is missing (apt-get install chromium-driver)")
        .hasMessageContaining("-Dhardmax.requireBrowser=true");
  }
}
