package io.hardmax.datasets;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where hardmax keeps downloaded data: an explicit folder ({@code --data-dir}), else the environment variable
 * {@code HARDMAX_DATA}, else {@code $XDG_CACHE_HOME/hardmax}, else {@code ~/.cache/hardmax}.
 */
public final class DataDir {
  private DataDir() {}

  public static Path resolve(Path explicit) {
    return resolve(explicit, System.getenv(), System.getProperty("user.home"));
  }

  static Path resolve(Path explicit, Map<String, String> env, String home) {
    if (explicit != null) {
      return explicit;
    }
    String h = env.get("HARDMAX_DATA");
    if (h != null && !h.isBlank()) {
      return Path.of(h);
    }
    String xdg = env.get("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "hardmax");
    }
    return Path.of(home, ".cache", "hardmax");
  }
}
