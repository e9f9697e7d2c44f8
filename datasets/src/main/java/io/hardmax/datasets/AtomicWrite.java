package io.hardmax.datasets;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Atomic file writes for the data layer: content goes to a temporary file in the target's own
 * folder (same file system), which is then moved over the target with {@code ATOMIC_MOVE} and
 * {@code REPLACE_EXISTING}. Readers never see a half-written file; on failure the temporary file
 * is deleted and the old target (if any) is untouched.
 */
public final class AtomicWrite {
  private AtomicWrite() {}

  /** Writes by calling {@code body} on a stream to a temporary sibling, then moves it into place. */
  public static void write(Path target, IOConsumer<OutputStream> body) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        body.accept(out);
      }
      move(tmp, abs);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Writes a UTF-8 string atomically. */
  public static void writeString(Path target, String content) throws IOException {
    write(target, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
  }

  /** Moves {@code from} onto {@code to} atomically, falling back to a plain replace if unsupported. */
  public static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** A consumer that may throw {@link IOException}. */
  @FunctionalInterface
  public interface IOConsumer<T> {
    void accept(T value) throws IOException;
  }
}
