package io.hardmax.datasets;

import java.util.Objects;

/**
 * One review.
 *
 * @param id     stable identifier (file name, record index ...), unique within its dataset
 * @param text   the raw review text, exactly as read (offsets of explanations index into it)
 * @param label  0 negative, 1 positive, or {@code null} when unlabeled
 * @param origin where it came from, for messages
 * @param group  the review's group (e.g. the capability of a behavioural test set, read from a
 *               {@code capability} column), or {@code null} when the data has none
 */
public record Review(String id, String text, Integer label, Origin origin, String group) {
  public Review {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(origin, "origin");
    if (label != null && label != 0 && label != 1) {
      throw new IllegalArgumentException("label must be 0, 1 or null, was " + label);
    }
  }

  /** A review without a group. */
  public Review(String id, String text, Integer label, Origin origin) {
    this(id, text, label, origin, null);
  }

  /** Whether the review carries a label. */
  public boolean labeled() {
    return label != null;
  }
}
