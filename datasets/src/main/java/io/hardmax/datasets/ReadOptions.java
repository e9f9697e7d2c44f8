package io.hardmax.datasets;

import java.util.Objects;

/**
 * How to read review files.
 *
 * @param skipBad        skip malformed records (counted in a {@link SkipReport}) instead of failing on the first
 * @param maxReviewChars longest review accepted, in chars; longer ones are malformed (guards memory)
 * @param textField      name of the text column/field of CSV, TSV and JSON Lines ({@code null}: text, review or t)
 * @param labelField     name of the label column/field ({@code null}: label, sentiment or s)
 * @param allowEmpty     accept reviews whose text is blank
 * @param groupField     name of the group column/field of CSV, TSV, JSON Lines and JSON arrays ({@code null}:
 *                       {@value #DEFAULT_GROUP_FIELD} or group when present, else no groups)
 */
public record ReadOptions(boolean skipBad, int maxReviewChars, String textField, String labelField, boolean allowEmpty,
    String groupField) {

  /** The group column read when present and no other is named: a behavioural test set's capability. */
  public static final String DEFAULT_GROUP_FIELD = "capability";

  /** Default longest review: 1,000,000 chars (the longest IMDb review has about 14,000). */
  public static final int DEFAULT_MAX_REVIEW_CHARS = 1_000_000;

  public ReadOptions {
    if (maxReviewChars < 1) {
      throw new IllegalArgumentException("maxReviewChars must be >= 1, was " + maxReviewChars);
    }
  }

  /** Options with the default group field. */
  public ReadOptions(boolean skipBad, int maxReviewChars, String textField, String labelField, boolean allowEmpty) {
    this(skipBad, maxReviewChars, textField, labelField, allowEmpty, null);
  }

  /** Strict defaults: fail on the first bad record. */
  public static ReadOptions defaults() {
    return new ReadOptions(false, DEFAULT_MAX_REVIEW_CHARS, null, null, false, null);
  }

  public ReadOptions withSkipBad(boolean v) {
    return new ReadOptions(v, maxReviewChars, textField, labelField, allowEmpty, groupField);
  }

  public ReadOptions withFields(String text, String label) {
    return new ReadOptions(skipBad, maxReviewChars, text, label, allowEmpty, groupField);
  }

  public ReadOptions withMaxReviewChars(int v) {
    return new ReadOptions(skipBad, v, textField, labelField, allowEmpty, groupField);
  }

  public ReadOptions withAllowEmpty(boolean v) {
    return new ReadOptions(skipBad, maxReviewChars, textField, labelField, v, groupField);
  }

  public ReadOptions withGroupField(String v) {
    return new ReadOptions(skipBad, maxReviewChars, textField, labelField, allowEmpty, v);
  }

  String textFieldOr(String dflt) {
    return Objects.requireNonNullElse(textField, dflt);
  }
}
