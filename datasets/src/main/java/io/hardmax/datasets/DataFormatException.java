package io.hardmax.datasets;

import io.hardmax.core.UserException;

/**
 * Bad input data: the message is one line naming the file, the line or record, and what was expected versus
 * what was found, e.g. {@code reviews.jsonl, line 4: expected a "label" of 0, 1, neg, pos, negative or
 * positive, found "meh"}.
 */
public final class DataFormatException extends UserException {
  private final String source;

  public DataFormatException(String source, String where, String message) {
    super(where == null || where.isEmpty() ? source + ": " + message : source + ", " + where + ": " + message);
    this.source = source;
  }

  public DataFormatException(String source, String where, String message, Throwable cause) {
    super(where == null || where.isEmpty() ? source + ": " + message : source + ", " + where + ": " + message, cause);
    this.source = source;
  }

  /** The file or dataset the error is about. */
  public String source() {
    return source;
  }
}
