package io.hardmax.datasets;

/**
 * Where a record came from: a file and a position in it, for error messages and provenance.
 *
 * @param source file path or dataset spec as the user gave it (e.g. {@code reviews.jsonl}, {@code -} for stdin)
 * @param unit   what {@code position} counts: "line", "record" or "file" (for one-review-per-file folders)
 * @param position 1-based line or record number; 0 when the whole file is the record
 */
public record Origin(String source, String unit, long position) {
  @Override
  public String toString() {
    return position > 0 ? source + ", " + unit + " " + position : source;
  }
}
