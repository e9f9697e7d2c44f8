package io.hardmax.nlp;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Atomic file writes for the files the library itself writes (vocabularies, model files, checkpoints): the
 * content goes to a temporary file in the target's own folder, is forced to disk, and is then moved over the
 * target ({@code ATOMIC_MOVE}, falling back to a plain replace where the file system cannot). A crash leaves
 * the old file or the new one, never a partial one; on failure the temporary file is deleted.
 *
 * <p>The data layer has the same rule in {@code io.hardmax.datasets.AtomicWrite}; that module does not depend
 * on this one.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes what {@code body} writes to its (buffered) stream, atomically; {@code body} may close the stream. */
  public static void write(Path target, Body body) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
    try {
      try (FileOutputStream raw = new FileOutputStream(tmp.toFile());
          BufferedOutputStream out = new BufferedOutputStream(raw, 1 << 16)) {
        body.write(new FilterOutputStream(out) {
          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
          }

          @Override
          public void close() throws IOException {
            flush(); // the file must stay open until it is forced to disk below
          }
        });
        out.flush();
        raw.getChannel().force(true);
      }
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Writes a file's content. */
  @FunctionalInterface
  public interface Body {
    void write(OutputStream out) throws IOException;
  }
}
