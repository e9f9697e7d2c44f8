package io.hardmax.eval.report;

import com.fasterxml.jackson.core.io.schubfach.DoubleToDecimal;
import java.util.Arrays;

/**
 * Compact JSON written straight into a growing UTF-8 byte array: the bytes that a compact generator of
 * {@link ExplanationJson#newFactory} (doubles by Jackson's Schubfach writer) writes through a UTF-8 encoding
 * writer, for the few kinds of value {@link ExplanationJson#writeLine} needs. Strings escape the quote, the backslash
 * and the control characters as Jackson does (b, t, n, f and r after a backslash, the others as a backslash, u and four
 * upper-case hex digits); other characters are encoded as UTF-8, a surrogate pair as one 4-byte sequence and a lone
 * surrogate as {@code ?} (as an encoding writer replaces it). Not thread-safe; one per worker or batch.
 */
public final class JsonBytes {
  private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private byte[] buf;
  private int len;

  public JsonBytes(int capacity) {
    buf = new byte[Math.max(16, capacity)];
  }

  /** The bytes written so far (a copy). */
  public byte[] toByteArray() {
    return Arrays.copyOf(buf, len);
  }

  /** Forgets what was written (the buffer is kept, for reuse). */
  public JsonBytes clear() {
    len = 0;
    return this;
  }

  /** Number of bytes written. */
  public int size() {
    return len;
  }

  private void ensure(int more) {
    if (len + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(len + more, buf.length * 2));
    }
  }

  /** One ASCII character (structure: braces, brackets, commas, colons, newlines). */
  public JsonBytes raw(char c) {
    ensure(1);
    buf[len++] = (byte) c;
    return this;
  }

  /** Pre-encoded bytes, e.g. a field name with its quotes and colon ({@link #name}). */
  public JsonBytes raw(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, len, b.length);
    len += b.length;
    return this;
  }

  /** The bytes of {@code "name":} (a plain ASCII name), to pass to {@link #raw(byte[])}. */
  public static byte[] name(String name) {
    return ("\"" + name + "\":").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** An int, as {@link Integer#toString(int)}. */
  public JsonBytes number(int v) {
    if (v >= 0 && v < 10) {
      ensure(1);
      buf[len++] = (byte) ('0' + v);
      return this;
    }
    return ascii(Integer.toString(v));
  }

  /** A double, as Jackson writes it: Schubfach's shortest digits; NaN and infinities quoted. */
  public JsonBytes number(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      raw('"');
      ascii(Double.toString(v));
      return raw('"');
    }
    return ascii(DoubleToDecimal.toString(v));
  }

  private JsonBytes ascii(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[len++] = (byte) s.charAt(i);
    }
    return this;
  }

  /** A quoted, escaped string. */
  public JsonBytes string(String s) {
    int n = s.length();
    ensure(n * 3 + 2); // UTF-8 takes at most 3 bytes per char (a surrogate pair: 4 for two chars); escapes are below
    buf[len++] = '"';
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x80) {
        if (c == '"' || c == '\\') {
          ensure(2 + 3 * (n - i));
          buf[len++] = '\\';
        }
        buf[len++] = (byte) c;
      } else if (c < 0x20) {
        ensure(6 + 3 * (n - i));
        buf[len++] = '\\';
        switch (c) {
          case '\b' -> buf[len++] = 'b';
          case '\t' -> buf[len++] = 't';
          case '\n' -> buf[len++] = 'n';
          case '\f' -> buf[len++] = 'f';
          case '\r' -> buf[len++] = 'r';
          default -> {
            buf[len++] = 'u';
            buf[len++] = '0';
            buf[len++] = '0';
            buf[len++] = HEX[c >> 4];
            buf[len++] = HEX[c & 0xF];
          }
        }
      } else if (c < 0x800) {
        buf[len++] = (byte) (0xC0 | (c >> 6));
        buf[len++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          int cp = Character.toCodePoint(c, s.charAt(++i));
          buf[len++] = (byte) (0xF0 | (cp >> 18));
          buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
          buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
          buf[len++] = (byte) (0x80 | (cp & 0x3F));
        } else {
          buf[len++] = '?'; // a lone surrogate: what a UTF-8 encoding writer substitutes
        }
      } else {
        buf[len++] = (byte) (0xE0 | (c >> 12));
        buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        buf[len++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    ensure(1);
    buf[len++] = '"';
    return this;
  }
}
