package io.hardmax.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Review file layouts, each with its {@link ReviewReader}, which knows the format's name, description, detection
 * and reading. Detection ({@link #detect}) asks the readers in the order declared here: a folder with
 * {@code train/} or {@code test/} holding {@code pos/}, {@code neg/} or {@code unsup/} is {@link #ACLIMDB}, any
 * other folder {@link #TEXT}; by extension {@code .jsonl}/{@code .ndjson} → {@link #JSONL}, {@code .json} →
 * {@link #IMDB_JSON} (a JSON array), {@code .csv} → {@link #CSV} (which also reads the Kaggle header
 * {@code review,sentiment}), {@code .tsv} → {@link #TSV}, {@code .txt} → {@link #TEXT} (the whole file is one
 * review); other files by their first non-blank character: {@code [} → IMDB_JSON, <code>{</code> → JSONL,
 * otherwise {@link #LINES} (one review per line; choose it explicitly for a .txt file of one review per line).
 * {@link #LABEL_TAB} ({@code label<TAB>text}) and {@link #KAGGLE_CSV} are chosen explicitly.
 */
public enum Format {
  IMDB_JSON(new ImdbJsonReader()),
  ACLIMDB(new AclImdbReader()),
  KAGGLE_CSV(CsvReader.kaggleCsv()),
  CSV(CsvReader.csv()),
  TSV(CsvReader.tsv()),
  JSONL(new JsonLinesReader()),
  LABEL_TAB(new LabelTabReader()),
  TEXT(new TextReader()),
  LINES(new LinesReader());

  private final ReviewReader reader;

  Format(ReviewReader reader) {
    this.reader = reader;
  }

  /** The reader of this format. */
  public ReviewReader reader() {
    return reader;
  }

  /** The name used on the command line and in {@code FORMAT:PATH} specs. */
  public String cliName() {
    return reader.name();
  }

  /** Parses a command-line name, or throws with the accepted names. */
  public static Format parse(String name) {
    for (Format f : values()) {
      if (f.cliName().equals(name.toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown format '" + name + "', expected one of " + names());
  }

  /** Whether {@code name} is a format name. */
  public static boolean isName(String name) {
    for (Format f : values()) {
      if (f.cliName().equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** All names, comma-separated. */
  public static String names() {
    StringBuilder sb = new StringBuilder();
    for (Format f : values()) {
      sb.append(sb.length() == 0 ? "" : ", ").append(f.cliName());
    }
    return sb.toString();
  }

  /**
   * Detects the format of an existing path (see the class comment): first by the path, asking the formats that
   * read this kind of input ({@link ReviewReader#detects}); then, for a file, by its first non-blank character
   * after a byte-order mark ({@link ReviewReader#detectsFirstChar}).
   */
  public static Format detect(Path path) throws IOException {
    boolean folder = Files.isDirectory(path);
    for (Format f : values()) {
      if (f.reads(folder) && f.reader.detects(path)) {
        return f;
      }
    }
    if (folder) {
      throw new IllegalStateException("no format claims the folder " + path + " (the text format should)");
    }
    int first = -1;
    try (InputStream in = Files.newInputStream(path)) {
      int c;
      while ((c = in.read()) != -1) {
        if (!Character.isWhitespace(c) && c != 0xEF && c != 0xBB && c != 0xBF) {
          first = c;
          break;
        }
      }
    }
    for (Format f : values()) {
      if (f.reads(false) && f.reader.detectsFirstChar(first)) {
        return f;
      }
    }
    throw new IllegalStateException("no format claims the file " + path + " (the lines format should)");
  }

  private boolean reads(boolean folder) {
    ReviewReader.Input in = reader.input();
    return in == ReviewReader.Input.FILE_OR_FOLDER || (in == ReviewReader.Input.FOLDER) == folder;
  }
}
