package io.hardmax.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writing small input files and reading them back, for the per-format reader tests. */
final class ReaderFixture {
  private final Path dir;

  ReaderFixture(Path dir) {
    this.dir = dir;
  }

  Path write(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return p;
  }

  Path write(String name, byte[] content) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.write(p, content);
    return p;
  }

  static List<Review> read(Path p, Format f) throws IOException {
    return read(p, f, ReadOptions.defaults());
  }

  static List<Review> read(Path p, Format f, ReadOptions o) throws IOException {
    return ReviewReaders.readAll(p, f, o, new SkipReport());
  }

  /** The message of the DataFormatException reading {@code p} raises; fails when there is none. */
  static String error(Path p, Format f) {
    return error(p, f, ReadOptions.defaults());
  }

  static String error(Path p, Format f, ReadOptions o) {
    try {
      read(p, f, o);
    } catch (DataFormatException e) {
      return e.getMessage();
    } catch (IOException e) {
      return "IO: " + e;
    }
    throw new AssertionError("no error for " + p);
  }

  /** Reads with --skip-bad; returns the texts read and fills {@code skips}. */
  static List<String> readSkipping(Path p, Format f, SkipReport skips) throws IOException {
    return ReviewReaders.readAll(p, f, ReadOptions.builder().skipBad(true).build(), skips).stream().map(Review::text).toList();
  }
}
