package io.hardmax.nlp;

/**
 * What the {@link Encoder} keeps of a sequence longer than {@code maxLength = N} positions.
 */
public enum Truncation {
  /** Keep the first N positions; cut {@code [N, length)}. The paper's policy ("first 128 tokens"). */
  FIRST,
  /**
   * Keep the head and the tail: the first {@code N - N/2} positions and the last {@code N/2} (integer division,
   * so the head gets the extra position when N is odd); cut the middle {@code [N - N/2, length - N/2)}. Reviews
   * often state the verdict at the end.
   */
  HEAD_TAIL;

  /** Number of head positions kept for a sequence longer than {@code maxLength}. */
  public int head(int maxLength) {
    return this == FIRST ? maxLength : maxLength - maxLength / 2;
  }

  /** Number of tail positions kept for a sequence longer than {@code maxLength}. */
  public int tail(int maxLength) {
    return this == FIRST ? 0 : maxLength / 2;
  }
}
