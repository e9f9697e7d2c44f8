package io.hardmax.datasets;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code jsonl}: one JSON object per line, blank lines skipped; the text in {@code text}, {@code review} or
 * {@code t}, the label in {@code label}, {@code sentiment} or {@code s} (or the fields named in the options),
 * an optional {@code id} and group. Detected by the extensions {@code .jsonl} and {@code .ndjson} or a first
 * character <code>{</code>. A broken line is a record-level error (skippable).
 */
final class JsonLinesReader implements StreamReviewReader {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Override
  public String name() {
    return "jsonl";
  }

  @Override
  public String description() {
    return "one JSON object per line with a text field";
  }

  @Override
  public boolean detects(Path path) {
    String ext = ReviewReaders.extension(path);
    return ext.equals(".jsonl") || ext.equals(".ndjson");
  }

  @Override
  public boolean detectsFirstChar(int c) {
    return c == '{';
  }

  @Override
  public Records open(InputStream in, String source, ReadOptions options) {
    return new LineRecords(in, source, options) {
      @Override
      public Review next() throws IOException {
        String s;
        do {
          s = readLine();
          if (s == null) {
            return null;
          }
        } while (s.isBlank());
        return parse(s, source, line, options);
      }
    };
  }

  private static Review parse(String s, String source, long line, ReadOptions options) throws IOException {
    String where = "line " + line;
    JsonNode n;
    try {
      n = MAPPER.readTree(s);
    } catch (JsonParseException e) {
      throw new DataFormatException(source, where, "broken JSON: " + e.getOriginalMessage().split("\n")[0]);
    }
    if (n == null || !n.isObject()) {
      throw new DataFormatException(source, where, "expected a JSON object per line");
    }
    String textKey = options.textField() != null ? options.textField() : n.has("text") ? "text" : n.has("review") ? "review" : "t";
    String labelKey = options.labelField() != null ? options.labelField() : n.has("label") ? "label" : n.has("sentiment") ? "sentiment" : "s";
    JsonNode t = n.get(textKey);
    if (t == null || !t.isTextual()) {
      throw new DataFormatException(source, where, "expected a string field \"" + textKey + "\""
          + (t == null ? ", found none" : ", found " + t.getNodeType().name().toLowerCase(Locale.ROOT)));
    }
    JsonNode l = n.get(labelKey);
    Integer label = null;
    if (l != null && !l.isNull()) {
      label = Labels.parse(l.asText());
      if (label == null) {
        throw new DataFormatException(source, where, "expected \"" + labelKey + "\" to be " + Labels.ACCEPTED + ", found " + l);
      }
    }
    String groupKey = options.groupField() != null ? options.groupField() : ReadOptions.DEFAULT_GROUP_FIELD;
    JsonNode g = n.get(groupKey);
    if (g != null && g.isContainerNode()) {
      throw new DataFormatException(source, where,
          "expected \"" + groupKey + "\" to be a string, found " + g.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    String group = g == null || g.isNull() ? null : g.asText();
    JsonNode id = n.get("id");
    return ReviewReaders.review(source, "line", line, id != null && !id.isNull() ? id.asText() : Long.toString(line), t.asText(),
        label, group, options);
  }
}
