package io.hardmax.datasets;

import java.util.Objects;

/**
 * One review.
 *
 * @param id     stable identifier (file name, record index ...), unique within its dataset
 * @param text   the raw review text, exactly as read (offsets of explanations index into it)
 * @param label  0 negative, 1 positive, or {@code null} when unlabeled
 * @param origin where it came from, for messages
 */
public record Review(String id, String text, Integer label, Origin origin) {
  public Review {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(origin, "origin");
    if (label != null && label != 0 && label != 1) {
      throw new IllegalArgumentException("label must be 0, 1 or null, was " + label);
    }
  }

  /** Whether the review carries a label. */
  public boolean labeled() {
    return label != null;
  }
}
