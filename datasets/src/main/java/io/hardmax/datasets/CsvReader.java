package io.hardmax.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The delimited formats with a header row naming the columns: the text column ({@code text} or {@code review},
 * any case), the label column ({@code label} or {@code sentiment}; optional), the group column
 * ({@code capability}; optional) and an optional {@code id}, or the columns named in the options. One class,
 * three formats that differ in their settings only: {@link #csv()} (detected by {@code .csv}; reads the Kaggle
 * header {@code review,sentiment} too), {@link #kaggleCsv()} (a label column is required; chosen explicitly) and
 * {@link #tsv()} (detected by {@code .tsv}). An unbalanced quote or invalid UTF-8 stops reading.
 */
final class CsvReader implements StreamReviewReader {
  private final String name;
  private final String description;
  private final String extension;
  private final CSVFormat base;
  private final boolean labelRequired;

  private CsvReader(String name, String description, String extension, CSVFormat base, boolean labelRequired) {
    this.name = name;
    this.description = description;
    this.extension = extension;
    this.base = base;
    this.labelRequired = labelRequired;
  }

  /** {@code csv}: comma-separated, RFC 4180 quoting. */
  static CsvReader csv() {
    return new CsvReader("csv", "a CSV file with a header row naming the text and label columns", ".csv", CSVFormat.DEFAULT, false);
  }

  /** {@code kaggle-csv}: as csv, with a required label column (the Kaggle IMDb file's {@code review,sentiment}). */
  static CsvReader kaggleCsv() {
    return new CsvReader("kaggle-csv", "a CSV file with a header row naming the text and label columns", null, CSVFormat.DEFAULT, true);
  }

  /** {@code tsv}: tab-separated. */
  static CsvReader tsv() {
    return new CsvReader("tsv", "a TSV file with a header row naming the text and label columns", ".tsv", CSVFormat.TDF, false);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public boolean detects(Path path) {
    return extension != null && ReviewReaders.extension(path).equals(extension);
  }

  @Override
  public Records open(InputStream in, String source, ReadOptions options) throws IOException {
    return new CsvRecords(in, source, options, base, labelRequired);
  }

  /** A strict UTF-8 reader: invalid bytes raise an error instead of becoming U+FFFD. */
  private static Reader strictUtf8(InputStream in) {
    return new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
  }

  private static final class CsvRecords implements Records {
    private final String source;
    private final ReadOptions options;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final String textCol;
    private final String labelCol;
    private final String groupCol;
    private boolean structural;

    CsvRecords(InputStream in, String source, ReadOptions options, CSVFormat base, boolean labelRequired) throws IOException {
      this.source = source;
      this.options = options;
      CSVFormat fmt = base.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true).build();
      try {
        this.parser = CSVParser.parse(strictUtf8(in), fmt);
      } catch (CharacterCodingException e) {
        // the header is read through a buffer, so invalid bytes anywhere in the first few KB surface here
        throw new DataFormatException(source, null, "invalid UTF-8 (the file must be UTF-8 encoded)", e);
      } catch (UncheckedIOException | IllegalArgumentException e) {
        throw new DataFormatException(source, "line 1", "bad header row: " + message(e));
      }
      List<String> header = new ArrayList<>(parser.getHeaderNames());
      this.textCol = pick(header, options.textField(), "text", "review");
      this.labelCol = pick(header, options.labelField(), "label", "sentiment");
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

    /** The column named {@code wanted} exactly, or else the first header matching a default (any case, stripped). */
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

    @Override
    public boolean recoverable() {
      return !structural;
    }

    @Override
    public Review next() throws IOException {
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
      return ReviewReaders.review(source, "record", rec, id, r.get(textCol), label, group, options);
    }

    @Override
    public void close() throws IOException {
      parser.close();
    }
  }
}
