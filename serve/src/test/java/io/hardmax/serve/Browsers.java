package io.hardmax.serve;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Outside programs of the browser tests: Debian's {@code chromium} and {@code chromium-driver}. When one is absent
 * the test is skipped with a one-line message, so {@code mvn -B verify} passes on a fresh machine; with
 * {@code -Dhardmax.requireBrowser=true} (as {@code .ci/run} sets) absence fails the test instead. The paths may be
 * moved with {@code -Dhardmax.chromium=...} and {@code -Dhardmax.chromedriver=...}.
 */
public final class Browsers {
  /** The system property that turns a missing browser into a failure. */
  public static final String REQUIRE = "hardmax.requireBrowser";

  /** Messages already printed: one line per test class, however many of its tests skip. */
  private static final java.util.Set<String> PRINTED = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private Browsers() {}

  /** Whether every program is an executable file. */
  public static boolean present(Path... programs) {
    for (Path p : programs) {
      if (!Files.isExecutable(p)) {
        return false;
      }
    }
    return true;
  }

  /** Chromium's executable ({@code apt-get install chromium}). */
  public static Path chromium() {
    return Path.of(System.getProperty("hardmax.chromium", "/usr/bin/chromium"));
  }

  /** ChromeDriver's executable ({@code apt-get install chromium-driver}). */
  public static Path chromedriver() {
    return Path.of(System.getProperty("hardmax.chromedriver", "/usr/bin/chromedriver"));
  }

  /** Whether absence must fail (the property {@value #REQUIRE} is {@code true}). */
  public static boolean required() {
    return Boolean.getBoolean(REQUIRE);
  }

  /**
   * Returns when every program is an executable file; otherwise fails the test when the browser is
   * {@linkplain #required() required}, else prints one line and skips it.
   */
  public static void require(String test, Path... programs) {
    for (Path p : programs) {
      if (!Files.isExecutable(p)) {
        String pkg = p.getFileName().toString().equals("chromedriver") ? "chromium-driver" : "chromium";
        String msg = test + ": " + p + " is missing (apt-get install " + pkg + ")";
        if (required()) {
          Assertions.fail(msg + "; it is required here (-D" + REQUIRE + "=true)");
        }
        if (PRINTED.add(msg)) {
          System.err.println("skipped " + msg);
        }
        Assumptions.abort(msg);
      }
    }
  }
}
