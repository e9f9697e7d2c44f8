package io.hardmax.datasets;

import java.io.IOException;
import java.io.InputStream;

/**
 * {@code lines}: one unlabelled review per line, blank lines skipped. The fallback of detection: a file that no
 * extension and no first character claims.
 */
final class LinesReader implements StreamReviewReader {
  @Override
  public String name() {
    return "lines";
  }

  @Override
  public String description() {
    return "one review per line";
  }

  @Override
  public boolean detectsFirstChar(int c) {
    return true;
  }

  @Override
  public Records open(InputStream in, String source, ReadOptions options) {
    return new LineRecords(in, source, options) {
      @Override
      public Review next() throws IOException {
        String s = readTextLine();
        return s == null ? null : ReviewReaders.review(source, "line", line, Long.toString(line), s, null, options);
      }
    };
  }
}
