package io.hardmax.cli;

import io.hardmax.datasets.DataDir;
import io.hardmax.datasets.DatasetSpec;
import io.hardmax.datasets.Format;
import io.hardmax.datasets.Origin;
import io.hardmax.datasets.ReadOptions;
import io.hardmax.datasets.Review;
import io.hardmax.datasets.ReviewReaders;
import io.hardmax.datasets.SkipReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/** Options shared by every command that reads reviews (a picocli mixin). */
final class InputOptions {
  @Option(names = "--input-format", paramLabel = "FORMAT",
      description = "reader for paths: imdb-json, aclimdb, kaggle-csv, csv, tsv, jsonl, label-tab, text, lines (default: detected)")
  String inputFormat;

  @Option(names = "--skip-bad", description = "skip malformed records and report how many and where")
  boolean skipBad;

  @Option(names = "--text-field", paramLabel = "NAME", description = "text column/field of CSV, TSV and JSON Lines")
  String textField;

  @Option(names = "--label-field", paramLabel = "NAME", description = "label column/field of CSV, TSV and JSON Lines")
  String labelField;

  @Option(names = "--group-field", paramLabel = "NAME",
      description = "group column/field of CSV, TSV and JSON, reported per group by evaluate (default: capability when present)")
  String groupField;

  @Option(names = "--max-review-chars", defaultValue = "1000000", paramLabel = "N",
      description = "longest review accepted (default: ${DEFAULT-VALUE})")
  int maxReviewChars;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "where IMDb is cached (default: $HARDMAX_DATA, else ~/.cache/hardmax)")
  Path dataDir;

  final SkipReport skips = new SkipReport();

  ReadOptions readOptions() {
    if (maxReviewChars < 1) {
      throw new CliException("--max-review-chars must be >= 1, was " + maxReviewChars);
    }
    return new ReadOptions(skipBad, maxReviewChars, textField, labelField, false, groupField);
  }

  Path dataDir() {
    return DataDir.resolve(dataDir);
  }

  Format format() {
    try {
      return inputFormat == null ? null : Format.parse(inputFormat);
    } catch (IllegalArgumentException e) {
      throw new CliException("--input-format: " + e.getMessage());
    }
  }

  /**
   * All reviews of the inputs, lazily, in order: dataset specs ({@code imdb:test}), {@code FORMAT:PATH}, files,
   * folders, globs ({@code reviews/*.txt}) and {@code -} (standard input, one review per line).
   */
  Stream<Review> open(List<String> inputs) {
    ReadOptions ro = readOptions();
    Format f = format();
    return inputs.stream().flatMap(in -> {
      try {
        return openOne(in, f, ro);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private Stream<Review> openOne(String in, Format f, ReadOptions ro) throws IOException {
    if (in.equals("-")) {
      return stdin(ro);
    }
    if ((in.contains("*") || in.contains("?")) && !Files.exists(Path.of(in))) {
      List<Path> matches = glob(in);
      if (matches.isEmpty()) {
        throw new CliException(in + ": no file matches this pattern");
      }
      return matches.stream().flatMap(p -> {
        try {
          return ReviewReaders.open(p, f, ro, skips);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
    DatasetSpec spec;
    try {
      spec = DatasetSpec.parse(in);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
    if (!spec.isImdb() && f != null && spec.format() == null) {
      spec = new DatasetSpec(in, null, f, spec.path());
    }
    return spec.open(ro, skips, dataDir());
  }

  private Stream<Review> stdin(ReadOptions ro) {
    BufferedReader r = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    return r.lines().filter(l -> !l.isBlank()).map(new java.util.function.Function<String, Review>() {
      long line;

      @Override
      public Review apply(String l) {
        line++;
        if (l.length() > ro.maxReviewChars()) {
          throw new io.hardmax.datasets.DataFormatException("-", "line " + line,
              "review longer than " + ro.maxReviewChars() + " chars");
        }
        return new Review("stdin/" + line, l, null, new Origin("-", "line", line));
      }
    });
  }

  static List<Path> glob(String pattern) throws IOException {
    Path p = Path.of(pattern);
    Path dir = p.getParent() == null ? Path.of(".") : p.getParent();
    String name = p.getFileName().toString();
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, name)) {
      for (Path x : ds) {
        if (Files.isRegularFile(x)) {
          out.add(x);
        }
      }
    }
    out.sort(null);
    return out;
  }
}
