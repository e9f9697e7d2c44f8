package io.hardmax.datasets;

import java.io.IOException;
import java.io.InputStream;

/** {@code label-tab}: lines of {@code label<TAB>text}, blank lines skipped; chosen explicitly, never detected. */
final class LabelTabReader implements StreamReviewReader {
  @Override
  public String name() {
    return "label-tab";
  }

  @Override
  public String description() {
    return "lines of label<TAB>text";
  }

  @Override
  public Records open(InputStream in, String source, ReadOptions options) {
    return new LineRecords(in, source, options) {
      @Override
      public Review next() throws IOException {
        String s = readTextLine();
        if (s == null) {
          return null;
        }
        int tab = s.indexOf('\t');
        if (tab < 0) {
          throw new DataFormatException(source, "line " + line, "expected label<TAB>text, found no tab");
        }
        String raw = s.substring(0, tab);
        Integer label = Labels.parse(raw);
        if (label == null) {
          throw new DataFormatException(source, "line " + line, "expected a label of " + Labels.ACCEPTED + ", found \"" + raw + "\"");
        }
        return ReviewReaders.review(source, "line", line, Long.toString(line), s.substring(tab + 1), label, options);
      }
    };
  }
}
