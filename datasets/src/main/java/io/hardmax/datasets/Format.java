package io.hardmax.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Review file layouts. Detection ({@link #detect}): a folder with {@code train/} or {@code test/} holding
 * {@code pos/}, {@code neg/} or {@code unsup/} is {@link #ACLIMDB}, any other folder {@link #TEXT}; by
 * extension {@code .jsonl}/{@code .ndjson} → {@link #JSONL}, {@code .json} → {@link #IMDB_JSON} (a JSON array),
 * {@code .csv} → {@link #CSV} (which also reads the Kaggle header {@code review,sentiment}), {@code .tsv} →
 * {@link #TSV}, {@code .txt} → {@link #TEXT} (the whole file is one review); other files by their first non-blank character: {@code [} → IMDB_JSON, <code>{</code> → JSONL,
 * otherwise {@link #LINES} (one review per line; choose it explicitly for a .txt file of one review per line). {@link #LABEL_TAB} ({@code label<TAB>text}) and
 * {@link #KAGGLE_CSV} are chosen explicitly.
 */
public enum Format {
  IMDB_JSON("imdb-json"),
  ACLIMDB("aclimdb"),
  KAGGLE_CSV("kaggle-csv"),
  CSV("csv"),
  TSV("tsv"),
  JSONL("jsonl"),
  LABEL_TAB("label-tab"),
  TEXT("text"),
  LINES("lines");

  private final String cliName;

  Format(String cliName) {
    this.cliName = cliName;
  }

  /** The name used on the command line and in {@code FORMAT:PATH} specs. */
  public String cliName() {
    return cliName;
  }

  /** Parses a command-line name, or throws with the accepted names. */
  public static Format parse(String name) {
    for (Format f : values()) {
      if (f.cliName.equals(name.toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown format '" + name + "', expected one of " + names());
  }

  /** Whether {@code name} is a format name. */
  public static boolean isName(String name) {
    for (Format f : values()) {
      if (f.cliName.equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** All names, comma-separated. */
  public static String names() {
    StringBuilder sb = new StringBuilder();
    for (Format f : values()) {
      sb.append(sb.length() == 0 ? "" : ", ").append(f.cliName);
    }
    return sb.toString();
  }

  /** Detects the format of an existing path (see the class comment). */
  public static Format detect(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      for (String part : new String[] {"train", "test"}) {
        for (String label : new String[] {"pos", "neg", "unsup"}) {
          if (Files.isDirectory(path.resolve(part).resolve(label))) {
            return ACLIMDB;
          }
        }
      }
      return TEXT;
    }
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
      return JSONL;
    }
    if (name.endsWith(".json")) {
      return IMDB_JSON;
    }
    if (name.endsWith(".csv")) {
      return CSV;
    }
    if (name.endsWith(".tsv")) {
      return TSV;
    }
    if (name.endsWith(".txt")) {
      return TEXT;
    }
    try (InputStream in = Files.newInputStream(path)) {
      int c;
      while ((c = in.read()) != -1) {
        if (!Character.isWhitespace(c) && c != 0xEF && c != 0xBB && c != 0xBF) {
          return c == '[' ? IMDB_JSON : c == '{' ? JSONL : LINES;
        }
      }
    }
    return LINES;
  }
}
