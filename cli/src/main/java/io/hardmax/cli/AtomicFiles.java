package io.hardmax.cli;

import io.hardmax.datasets.AtomicWrite;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files the command writes, never half-written: {@link AtomicWrite} (a temp file in the same folder, then a
 * move), plus the command line's own check that the target is not a folder.
 */
final class AtomicFiles {
  private AtomicFiles() {}

  /** What writes the content. */
  @FunctionalInterface
  interface Writer {
    void write(OutputStream out) throws IOException;
  }

  static void write(Path target, Writer writer) throws IOException {
    if (Files.isDirectory(target)) {
      throw new CliException(target + ": is a folder, expected a file to write");
    }
    Path parent = target.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    AtomicWrite.write(target, writer::write);
  }

  static void writeString(Path target, String text) throws IOException {
    write(target, out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }
}
