package io.hardmax.datasets;

import java.util.Locale;

/** Parsing of label values: 0/1, neg/pos, negative/positive (case-insensitive). */
final class Labels {
  static final String ACCEPTED = "0, 1, neg, pos, negative or positive";

  private Labels() {}

  /** The label, or {@code null} when the value is not one of {@link #ACCEPTED}. */
  static Integer parse(String raw) {
    if (raw == null) {
      return null;
    }
    switch (raw.strip().toLowerCase(Locale.ROOT)) {
      case "0", "neg", "negative", "0.0":
        return 0;
      case "1", "pos", "positive", "1.0":
        return 1;
      default:
        return null;
    }
  }
}
