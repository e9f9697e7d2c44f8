package io.hardmax.spark;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Whether a review text is well-formed, and why not: the same rules as the file readers of {@code hardmax classify}
 * (no empty text, no NUL byte, at most {@code maxChars} chars), plus strict UTF-8 for texts given as bytes (Spark's
 * string columns would silently turn invalid bytes into U+FFFD).
 *
 * @param text   the text, or null when malformed
 * @param reason why it is malformed, or null
 */
record ReviewCheck(String text, String reason) {

  /** Checks a value of the input column: a {@code String}, a {@code byte[]} (UTF-8) or null. */
  static ReviewCheck of(Object value, int maxChars) {
    if (value == null) {
      return bad("missing review text");
    }
    String text;
    if (value instanceof byte[] b) {
      text = decode(b);
      if (text == null) {
        return bad("invalid UTF-8 at byte " + invalidAt(b) + ", expected UTF-8 text");
      }
    } else if (value instanceof String s) {
      text = s;
    } else {
      throw new IllegalArgumentException("expected a string or binary value, found " + value.getClass().getName());
    }
    if (text.length() > maxChars) {
      return bad("review of " + text.length() + " chars is longer than the limit of " + maxChars
          + " (raise it with --max-review-chars)");
    }
    if (text.isBlank()) {
      return bad("empty review text");
    }
    if (text.indexOf('\0') >= 0) {
      return bad("binary data (NUL byte), expected text");
    }
    return new ReviewCheck(text, null);
  }

  private static ReviewCheck bad(String reason) {
    return new ReviewCheck(null, reason);
  }

  /** Strict UTF-8 decoding; null when the bytes are not valid UTF-8. */
  static String decode(byte[] b) {
    CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      return d.decode(ByteBuffer.wrap(b)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      return null;
    }
  }

  private static int invalidAt(byte[] b) {
    CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(b);
    CoderResult r = d.decode(in, CharBuffer.allocate(b.length + 1), true);
    return r.isError() ? in.position() : b.length;
  }
}
