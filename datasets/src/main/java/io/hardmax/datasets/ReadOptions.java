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
    return builder().build();
  }

  /** A builder holding {@link #defaults()}; set what differs. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds {@link ReadOptions}; validation happens in {@link #build()}. Starts from {@link #defaults()}. */
  public static final class Builder {
    private boolean skipBad = false;
    private int maxReviewChars = DEFAULT_MAX_REVIEW_CHARS;
    private String textField = null;
    private String labelField = null;
    private boolean allowEmpty = false;
    private String groupField = null;

    private Builder() {}

    private Builder(ReadOptions c) {
      skipBad = c.skipBad;
      maxReviewChars = c.maxReviewChars;
      textField = c.textField;
      labelField = c.labelField;
      allowEmpty = c.allowEmpty;
      groupField = c.groupField;
    }

    public Builder skipBad(boolean v) {
      skipBad = v;
      return this;
    }

    public Builder maxReviewChars(int v) {
      maxReviewChars = v;
      return this;
    }

    public Builder textField(String v) {
      textField = v;
      return this;
    }

    public Builder labelField(String v) {
      labelField = v;
      return this;
    }

    public Builder allowEmpty(boolean v) {
      allowEmpty = v;
      return this;
    }

    public Builder groupField(String v) {
      groupField = v;
      return this;
    }

    public ReadOptions build() {
      return new ReadOptions(skipBad, maxReviewChars, textField, labelField, allowEmpty, groupField);
    }
  }

  String textFieldOr(String dflt) {
    return Objects.requireNonNullElse(textField, dflt);
  }
}
