package io.hardmax.nlp.tokenize;

/**
 * Removes HTML by overwriting tags ({@code <br />}, {@code <i>}, {@code </a>}, comments) and character entities
 * ({@code &amp;}, {@code &#39;}, {@code &#x27;}) with spaces of the same length. The text keeps its length, so
 * every offset into the blanked text is an offset into the original: no offset map is needed and a tokenizer
 * can run on the blanked string directly.
 *
 * <p>A tag is {@code <} followed by a letter, {@code /}, {@code !} or {@code ?} and closed by {@code >} within
 * {@value #MAX_TAG} chars with no other {@code <} in between; so "a < b" and "&lt;3" stay text. Entities are
 * {@code &name;} (2 to 31 letters or digits), {@code &#digits;} (1 to 7 digits) and {@code &#xhex;} (1 to 6 hex
 * digits). Entities are blanked, not decoded: "rock&amp;roll" becomes two words.
 */
final class HtmlBlanker {
  static final int MAX_TAG = 1024;

  private HtmlBlanker() {}

  /** The blanked text; the same instance when the text has no '<' and no '&'. */
  static String blank(String s) {
    int lt = s.indexOf('<');
    int amp = s.indexOf('&');
    if (lt < 0 && amp < 0) {
      return s;
    }
    int start = lt < 0 ? amp : amp < 0 ? lt : Math.min(lt, amp);
    char[] c = null;
    int n = s.length();
    int i = start;
    while (i < n) {
      char ch = s.charAt(i);
      int end = -1;
      if (ch == '<') {
        end = tagEnd(s, i);
      } else if (ch == '&') {
        end = entityEnd(s, i);
      }
      if (end > 0) {
        if (c == null) {
          c = s.toCharArray();
        }
        for (int k = i; k < end; k++) {
          // keep line breaks so line-based tools still see them; everything else becomes a space
          if (c[k] != '\n') {
            c[k] = ' ';
          }
        }
        i = end;
      } else {
        i++;
      }
    }
    return c == null ? s : new String(c);
  }

  /** End (exclusive) of the tag starting at i, or -1. */
  private static int tagEnd(String s, int i) {
    int n = s.length();
    if (i + 1 >= n) {
      return -1;
    }
    char next = s.charAt(i + 1);
    if (!(isAsciiLetter(next) || next == '/' || next == '!' || next == '?')) {
      return -1;
    }
    if (s.startsWith("<!--", i)) {
      int close = s.indexOf("-->", i + 4);
      return close < 0 || close - i > MAX_TAG ? -1 : close + 3;
    }
    int limit = Math.min(n, i + MAX_TAG);
    for (int j = i + 1; j < limit; j++) {
      char c = s.charAt(j);
      if (c == '>') {
        return j + 1;
      }
      if (c == '<') {
        return -1;
      }
    }
    return -1;
  }

  /** End (exclusive) of the entity starting at i, or -1. */
  private static int entityEnd(String s, int i) {
    int n = s.length();
    int j = i + 1;
    if (j < n && s.charAt(j) == '#') {
      j++;
      boolean hex = j < n && (s.charAt(j) == 'x' || s.charAt(j) == 'X');
      if (hex) {
        j++;
      }
      int digits = 0;
      while (j < n && (hex ? Character.digit(s.charAt(j), 16) >= 0 && s.charAt(j) < 128
          : s.charAt(j) >= '0' && s.charAt(j) <= '9')) {
        j++;
        digits++;
      }
      boolean ok = digits >= 1 && digits <= (hex ? 6 : 7);
      return ok && j < n && s.charAt(j) == ';' ? j + 1 : -1;
    }
    int len = 0;
    while (j < n && (isAsciiLetter(s.charAt(j)) || (len > 0 && s.charAt(j) >= '0' && s.charAt(j) <= '9'))) {
      j++;
      len++;
    }
    return len >= 2 && len <= 31 && j < n && s.charAt(j) == ';' ? j + 1 : -1;
  }

  static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
