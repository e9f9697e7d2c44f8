package io.hardmax.spark;

import java.util.Locale;

/** Label values as the review readers of {@code hardmax} accept them: 0/1, neg/pos, negative/positive. */
final class Labels {
  static final String ACCEPTED = "0, 1, neg, pos, negative or positive";

  private Labels() {}

  /** The label, or null when {@code raw} is null or not one of {@link #ACCEPTED}. */
  static Integer parse(String raw) {
    if (raw == null) {
      return null;
    }
    return switch (raw.strip().toLowerCase(Locale.ROOT)) {
      case "0", "neg", "negative", "0.0" -> 0;
      case "1", "pos", "positive", "1.0" -> 1;
      default -> null;
    };
  }

  /** Why a raw label is unusable, or null when it is a label (or absent and not required). */
  static String problem(String raw, boolean required) {
    if (raw == null || raw.isBlank()) {
      return required ? "no label, expected " + ACCEPTED : null;
    }
    return parse(raw) == null ? "expected a label of " + ACCEPTED + ", found \"" + raw + "\"" : null;
  }
}
