package io.hardmax.nlp;

/**
 * One token of a text: its normalised form and the half-open character span {@code [begin, end)} of the
 * original text it came from. Offsets index UTF-16 chars of the original string, so
 * {@code original.substring(begin, end)} is the surface form.
 *
 * @param text  normalised form (after lower-casing, stemming, negation marking ...); never empty
 * @param begin first char of the span in the original text, inclusive
 * @param end   last char of the span, exclusive; {@code end >= begin}
 */
public record Token(String text, int begin, int end) {
  public Token {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("token text must be non-empty");
    }
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException("bad token span [" + begin + ", " + end + ") for '" + text + "'");
    }
  }
}
