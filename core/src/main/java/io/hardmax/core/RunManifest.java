package io.hardmax.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What produced a model or a report: the git commit of the working tree and the versions of Java, hardmax and the
 * libraries it is built on. The library versions come from {@code versions.properties}, a resource Maven fills in
 * from the parent POM's version properties at build time, so they cannot drift from the build.
 *
 * @param gitCommit the commit ({@code HARDMAX_GIT_COMMIT} if set, else {@code git rev-parse HEAD}), or "unknown"
 * @param versions  "java", "hardmax", "corenlp", "lucene", "nd4j", "jackson", "picocli" to their versions, sorted
 */
public record RunManifest(String gitCommit, Map<String, String> versions) {
  private static final String RESOURCE = "/io/hardmax/core/versions.properties";

  public RunManifest {
    versions = java.util.Collections.unmodifiableMap(new TreeMap<>(versions));
  }

  /** The manifest of this run. */
  public static RunManifest current() {
    return new RunManifest(currentGitCommit(), libraryVersions());
  }

  /** Java's version and the build's library versions. */
  public static Map<String, String> libraryVersions() {
    Properties p = new Properties();
    try (InputStream in = RunManifest.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the core jar (a broken build)");
      }
      p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> v = new TreeMap<>();
    for (String k : p.stringPropertyNames()) {
      String value = p.getProperty(k);
      if (value.startsWith("${")) {
        throw new IllegalStateException(RESOURCE + ": '" + k + "' was not filled in by the build (" + value + ")");
      }
      v.put(k, value);
    }
    v.put("java", System.getProperty("java.version"));
    return v;
  }

  /** The git commit of the working directory, or "unknown" (never fails). */
  public static String currentGitCommit() {
    String env = System.getenv("HARDMAX_GIT_COMMIT");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return p.waitFor() == 0 && out.matches("[0-9a-f]{40}") ? out : "unknown";
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
