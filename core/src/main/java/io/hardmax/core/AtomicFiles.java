package io.hardmax.core;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Atomic file writes, the one writer for every file the tool writes (model files, checkpoints, vocabularies,
 * logs, reports, classify output, fetched data): the content goes to a temporary file in the target's own folder,
 * is forced to disk, and is then moved over the target ({@code ATOMIC_MOVE}, falling back to a plain replace where
 * the file system cannot). A crash leaves the old file or the new one, never a partial one; on failure the
 * temporary file is deleted.
 *
 * <p>An interrupted run (SIGTERM, Ctrl-C) leaves no temporary file behind either: every temporary file in
 * progress is registered with a shutdown hook that deletes it (JVM shutdown hooks run on SIGINT and SIGTERM; only
 * SIGKILL or a power cut can leave one, and then it is a hidden {@code .NAME.*.tmp} file beside the target).
 */
public final class AtomicFiles {
  /** Temporary files being written right now; deleted by the shutdown hook if the JVM exits first. */
  private static final Set<Path> IN_PROGRESS = ConcurrentHashMap.newKeySet();

  static {
    Thread hook = new Thread(() -> {
      for (Path p : IN_PROGRESS) {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // best effort while the JVM shuts down; nothing else can be done
        }
      }
    }, "hardmax-atomic-files-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  private AtomicFiles() {}

  /** Writes what {@code body} writes to its (buffered) stream, atomically; {@code body} may close the stream. */
  public static void write(Path target, Body body) throws IOException {
    if (Files.isDirectory(target)) {
      throw new UserException(target + ": is a folder, expected a file to write");
    }
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
    IN_PROGRESS.add(tmp);
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
      move(tmp, abs);
    } finally {
      Files.deleteIfExists(tmp);
      IN_PROGRESS.remove(tmp);
    }
  }

  /** Writes a UTF-8 string atomically. */
  public static void writeString(Path target, String content) throws IOException {
    write(target, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
  }

  /** Moves {@code from} onto {@code to} atomically, falling back to a plain replace where unsupported. */
  public static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** The number of temporary files being written now (for tests). */
  static int inProgress() {
    return IN_PROGRESS.size();
  }

  /** Writes a file's content. */
  @FunctionalInterface
  public interface Body {
    void write(OutputStream out) throws IOException;
  }
}
