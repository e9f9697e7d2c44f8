package io.hardmax.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Opens review files of every supported {@link Format} as a lazily read stream: nothing but the current record
 * is held in memory, so a 10 GB file streams. Close the stream (try-with-resources) to close the file. Each
 * format's own reading is in its {@link ReviewReader}; this class checks the path, detects the format and
 * applies {@link ReadOptions#skipBad()}.
 *
 * <p>Malformed records raise a {@link DataFormatException} naming the file, the line or record, and what was
 * expected; with {@link ReadOptions#skipBad()} record-level problems (a bad label, an empty or oversized text,
 * a broken JSON Lines line) are skipped and counted in the {@link SkipReport}, while structural damage (a JSON
 * array cut off, an unbalanced CSV quote, invalid UTF-8) still stops reading, since nothing after it can be
 * trusted.
 */
public final class ReviewReaders {
  private ReviewReaders() {}

  /**
   * Opens {@code path} in {@code format}, or the detected format when {@code format} is null. Messages name the
   * file as {@code path} is written.
   */
  public static Stream<Review> open(Path path, Format format, ReadOptions options, SkipReport skips) throws IOException {
    String source = path.toString();
    if (!Files.exists(path)) {
      throw new NoSuchFileException(source, null, "no such file or folder");
    }
    Format f = format != null ? format : Format.detect(path);
    ReviewReader reader = f.reader();
    boolean folder = reader.input() == ReviewReader.Input.FOLDER
        || (reader.input() == ReviewReader.Input.FILE_OR_FOLDER && Files.isDirectory(path));
    if (folder && !Files.isDirectory(path)) {
      throw new DataFormatException(source, null, "expected a folder for format " + f.cliName() + ", found a file");
    }
    if (!folder && Files.isDirectory(path)) {
      throw new DataFormatException(source, null, "expected a file for format " + f.cliName() + ", found a folder");
    }
    if (!folder && Files.size(path) == 0) {
      throw new DataFormatException(source, null, "the file is empty, expected " + reader.description());
    }
    return stream(reader.open(path, source, options), options, skips);
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
    if (!(format.reader() instanceof StreamReviewReader reader)) {
      in.close();
      throw new IllegalArgumentException("format " + format.cliName() + " reads files and folders, not a stream: " + source);
    }
    ReviewReader.Records records;
    try {
      records = reader.open(in, source, options);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
    return stream(records, options, skips);
  }

  /** Reads everything into a list (for small data and tests). */
  public static List<Review> readAll(Path path, Format format, ReadOptions options, SkipReport skips) throws IOException {
    try (Stream<Review> s = open(path, format, options, skips)) {
      return s.toList();
    }
  }

  private static Stream<Review> stream(ReviewReader.Records records, ReadOptions options, SkipReport skips) {
    SkippingIterator it = new SkippingIterator(records, options, skips);
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false)
        .onClose(it::closeQuietly);
  }

  /** The file name's extension in lower case with its dot ({@code .jsonl}), or "" (for detection). */
  static String extension(Path path) {
    Path name = path.getFileName();
    String n = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
    int dot = n.lastIndexOf('.');
    return dot < 0 ? "" : n.substring(dot);
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

  /** Applies skip-bad, turns IO errors into unchecked ones. */
  private static final class SkippingIterator implements Iterator<Review> {
    private final ReviewReader.Records in;
    private final ReadOptions options;
    private final SkipReport skips;
    private Review next;
    private boolean done;

    SkippingIterator(ReviewReader.Records in, ReadOptions options, SkipReport skips) {
      this.in = in;
      this.options = options;
      this.skips = skips;
    }

    void closeQuietly() {
      try {
        in.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
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
            closeQuietly();
            throw e;
          }
        } catch (IOException e) {
          closeQuietly();
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
}
