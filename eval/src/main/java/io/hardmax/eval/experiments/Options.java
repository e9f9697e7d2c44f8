package io.hardmax.eval.experiments;

import io.hardmax.core.UserException;
import java.util.Map;
import java.util.Set;

/** Parsing of experiment options ({@code --set key=value}) shared by the experiments of this package. */
final class Options {
  private Options() {}

  /** Refuses an option the experiment does not know, naming the ones it does. */
  static void requireKnown(Map<String, String> o, Set<String> keys) {
    for (String k : o.keySet()) {
      if (!keys.contains(k)) {
        throw new UserException("unknown option '" + k + "', expected one of " + keys);
      }
    }
  }

  /** The option as a positive integer, or {@code fallback} when absent. */
  static int positive(Map<String, String> o, String key, int fallback) {
    String v = o.get(key);
    if (v == null) {
      return fallback;
    }
    int x;
    try {
      x = Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new UserException("option " + key + " must be a positive integer, found '" + v + "'", e);
    }
    if (x < 1) {
      throw new UserException("option " + key + " must be a positive integer, found " + x);
    }
    return x;
  }

  /** The option as a positive finite number, or {@code fallback} when absent. */
  static double positiveDouble(Map<String, String> o, String key, double fallback) {
    String v = o.get(key);
    if (v == null) {
      return fallback;
    }
    double x;
    try {
      x = Double.parseDouble(v.strip());
    } catch (NumberFormatException e) {
      throw new UserException("option " + key + " must be a positive number, found '" + v + "'", e);
    }
    if (!(x > 0) || !Double.isFinite(x)) {
      throw new UserException("option " + key + " must be a positive finite number, found " + x);
    }
    return x;
  }

  /** An integer option >= 0, or {@code fallback} when absent. */
  static int nonNegative(Map<String, String> o, String key, int fallback) {
    String v = o.getOrDefault(key, Integer.toString(fallback)).strip();
    int x;
    try {
      x = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new UserException("option " + key + " must be an integer >= 0, found '" + v + "'", e);
    }
    if (x < 0) {
      throw new UserException("option " + key + " must be an integer >= 0, found " + x);
    }
    return x;
  }

  /** A learning-rate decay option: cosine, step or none. */
  static io.hardmax.spectral.Adam.Decay decay(Map<String, String> o, String key, io.hardmax.spectral.Adam.Decay fallback) {
    String v = o.getOrDefault(key, fallback.name().toLowerCase(java.util.Locale.ROOT)).strip();
    return switch (v) {
      case "cosine" -> io.hardmax.spectral.Adam.Decay.COSINE;
      case "step" -> io.hardmax.spectral.Adam.Decay.STEP;
      case "none" -> io.hardmax.spectral.Adam.Decay.NONE;
      default -> throw new UserException("option " + key + " must be cosine, step or none, found '" + v + "'");
    };
  }
}
