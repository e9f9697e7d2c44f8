package io.hardmax.datasets;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Line-by-line records with strict UTF-8 and exact line numbers, the base of the line formats: bytes are split
 * at '\n' first and each line is decoded on its own, so an invalid byte is reported on the line that holds it.
 * A line longer than the review limit stops reading.
 */
abstract class LineRecords implements ReviewReader.Records {
  final String source;
  final ReadOptions options;
  private final InputStream reader;
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
  private byte[] buf = new byte[8192];
  /** The number of the line last read, 1-based. */
  long line;
  /** Set by structural damage, after which reading cannot go on. */
  boolean structural;

  LineRecords(InputStream in, String source, ReadOptions options) {
    this.source = source;
    this.options = options;
    this.reader = new BufferedInputStream(in, 1 << 16);
  }

  /** The next line without its terminator (\n or \r\n, and a byte-order mark on line 1), or null at the end. */
  final String readLine() throws IOException {
    int n = 0;
    int b;
    boolean any = false;
    while ((b = reader.read()) != -1) {
      any = true;
      if (b == '\n') {
        break;
      }
      if (n == buf.length) {
        if ((long) n * 2 > (long) options.maxReviewChars() * 4 + 16) {
          structural = true;
          throw new DataFormatException(source, "line " + (line + 1), "line longer than "
              + options.maxReviewChars() + " chars (raise the limit with --max-review-chars)");
        }
        buf = Arrays.copyOf(buf, n * 2);
      }
      buf[n++] = (byte) b;
    }
    if (!any) {
      return null;
    }
    line++;
    if (n > 0 && buf[n - 1] == '\r') {
      n--;
    }
    int off = 0;
    if (line == 1 && n >= 3 && (buf[0] & 0xff) == 0xEF && (buf[1] & 0xff) == 0xBB && (buf[2] & 0xff) == 0xBF) {
      off = 3;
    }
    try {
      return decoder.decode(ByteBuffer.wrap(buf, off, n - off)).toString();
    } catch (CharacterCodingException e) {
      structural = true;
      throw new DataFormatException(source, "line " + line, "invalid UTF-8 (the file must be UTF-8 encoded)", e);
    }
  }

  /**
   * The next line of plain text (blank lines skipped unless {@link ReadOptions#allowEmpty()}), or null at the
   * end; a NUL byte is binary data and stops reading.
   */
  final String readTextLine() throws IOException {
    String s;
    do {
      s = readLine();
      if (s == null) {
        return null;
      }
    } while (s.isBlank() && !options.allowEmpty());
    if (s.indexOf('\0') >= 0) {
      structural = true;
      throw new DataFormatException(source, "line " + line, "binary data (NUL byte), expected text");
    }
    return s;
  }

  @Override
  public boolean recoverable() {
    return !structural;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
