package io.hardmax.spark;

import java.io.IOException;
import java.util.Locale;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Input layouts of the Spark jobs, read in parallel by {@link Inputs}: {@code text} (a folder of {@code .txt} files,
 * one review each, or one such file), {@code lines} (one review per line), {@code jsonl} (one JSON object per line),
 * {@code csv} (a header row naming the columns) and {@code parquet}.
 */
public enum InputFormat {
  TEXT, LINES, JSONL, CSV, PARQUET;

  /** The command-line name. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a command-line name, naming the accepted ones when it is none. */
  public static InputFormat parse(String name) {
    for (InputFormat f : values()) {
      if (f.cliName().equals(name.toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw new SparkUserException("--input-format must be text, lines, jsonl, csv or parquet, was '" + name + "'");
  }

  /**
   * Detects the layout of an existing path: a folder holding {@code .parquet} files is parquet, any other folder
   * text; a file by its extension ({@code .jsonl}/{@code .ndjson}, {@code .csv}, {@code .parquet}, {@code .txt} =
   * one review), otherwise lines.
   */
  static InputFormat detect(FileSystem fs, Path path) throws IOException {
    FileStatus st = fs.getFileStatus(path);
    if (st.isDirectory()) {
      for (FileStatus f : fs.listStatus(path)) {
        if (f.isFile() && f.getPath().getName().endsWith(".parquet")) {
          return PARQUET;
        }
      }
      return TEXT;
    }
    String n = path.getName().toLowerCase(Locale.ROOT);
    if (n.endsWith(".jsonl") || n.endsWith(".ndjson")) {
      return JSONL;
    }
    if (n.endsWith(".csv")) {
      return CSV;
    }
    if (n.endsWith(".parquet")) {
      return PARQUET;
    }
    if (n.endsWith(".txt")) {
      return TEXT;
    }
    return LINES;
  }
}
