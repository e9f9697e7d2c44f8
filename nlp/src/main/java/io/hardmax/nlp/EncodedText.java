package io.hardmax.nlp;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One text encoded for a model: the ids, the token behind each position and what truncation cut.
 *
 * @param ids        vocabulary ids, one per kept position (the array is shared, not copied: do not modify);
 *                   length {@code <= maxLength}; not padded (see
 *                   {@link #padded})
 * @param tokens     the token of each kept position: its text (the form looked up, also for UNK) and its span of
 *                   the original text; bigram and trigram positions span all their words
 * @param fullLength number of positions before truncation (tokens plus inserted bigrams and trigrams)
 * @param cuts       the ranges of the full sequence that were cut, in order; empty when nothing was cut
 */
public record EncodedText(int[] ids, List<Token> tokens, int fullLength, List<Cut> cuts) {

  /**
   * A cut range of the untruncated sequence.
   *
   * @param from      first cut position, inclusive
   * @param to        last cut position, exclusive
   * @param charBegin start of the original text covered by the cut positions
   * @param charEnd   end of that text, exclusive
   */
  public record Cut(int from, int to, int charBegin, int charEnd) {
    public Cut {
      if (from < 0 || to <= from || charBegin < 0 || charEnd < charBegin) {
        throw new IllegalArgumentException("bad cut [" + from + ", " + to + ") chars [" + charBegin + ", "
            + charEnd + ")");
      }
    }

    /** Number of cut positions. */
    public int length() {
      return to - from;
    }
  }

  public EncodedText {
    Objects.requireNonNull(ids, "ids");
    tokens = List.copyOf(tokens);
    cuts = List.copyOf(cuts);
    if (ids.length != tokens.size()) {
      throw new IllegalArgumentException("ids and tokens differ in length: " + ids.length + " vs "
          + tokens.size());
    }
  }

  /** Number of kept positions. */
  public int length() {
    return ids.length;
  }

  /** The sentence id of every kept position ({@link Sentences}: a punctuation rule; bigram entries join their word). */
  public int[] sentenceIds() {
    return Sentences.ids(tokens);
  }

  /** Whether truncation cut anything. */
  public boolean truncated() {
    return !cuts.isEmpty();
  }

  /** The position in the untruncated sequence of kept position {@code i}. */
  public int fullIndex(int i) {
    Objects.checkIndex(i, ids.length);
    int index = i;
    for (Cut c : cuts) {
      if (index >= c.from()) {
        index += c.length();
      }
    }
    return index;
  }

  /** The ids padded with {@link Vocabulary#PAD} to {@code length} (which must be {@code >= length()}). */
  public int[] padded(int length) {
    if (length < ids.length) {
      throw new IllegalArgumentException("pad length " + length + " is shorter than the " + ids.length
          + " ids");
    }
    return Arrays.copyOf(ids, length); // new int[] slots are 0 == PAD
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncodedText e && Arrays.equals(e.ids, ids) && e.tokens.equals(tokens)
        && e.fullLength == fullLength && e.cuts.equals(cuts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(ids), tokens, fullLength, cuts);
  }

  @Override
  public String toString() {
    return "EncodedText[ids=" + Arrays.toString(ids) + ", tokens=" + tokens + ", fullLength=" + fullLength
        + ", cuts=" + cuts + "]";
  }
}
