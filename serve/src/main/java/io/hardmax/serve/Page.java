package io.hardmax.serve;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The interactive page's files (class-path resources under {@code io/hardmax/serve/web}), read once. */
final class Page {
  private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();

  private Page() {}

  static byte[] resource(String name) {
    return CACHE.computeIfAbsent(name, n -> {
      try (InputStream in = Page.class.getResourceAsStream("web/" + n)) {
        if (in == null) {
          throw new IllegalStateException("the page file web/" + n + " is missing from the class path");
        }
        return in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }
}
