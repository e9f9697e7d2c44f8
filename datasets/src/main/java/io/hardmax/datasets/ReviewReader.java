package io.hardmax.datasets;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * One review file layout: its name, how it describes itself in messages, how it is detected and how it is
 * opened. Each {@link Format} holds one; {@link ReviewReaders#open} checks the path, opens the format's
 * {@link Records} and applies {@link ReadOptions#skipBad()}. A format of one byte stream implements
 * {@link StreamReviewReader}, so that it also reads bundled resources and pipes.
 *
 * <p>Implementations are immutable (configuration only); all reading state lives in the {@link Records} of one
 * open call. They throw {@link DataFormatException} naming the file, the line or record, and what was expected.
 */
public interface ReviewReader {
  /** What a format reads. */
  enum Input {
    /** a single file */
    FILE,
    /** a folder */
    FOLDER,
    /** a folder, or a single file */
    FILE_OR_FOLDER
  }

  /** The name used on the command line and in {@code FORMAT:PATH} specs. */
  String name();

  /** What the data should look like, completing "expected ..." in messages. */
  String description();

  /** Whether it reads files, folders or both. */
  Input input();

  /**
   * Detection by the path alone: a folder's layout or a file's extension. {@link Format#detect} asks the formats
   * in declaration order, so a format claiming every folder comes after the ones claiming particular layouts.
   * Formats that are only chosen explicitly keep the default, {@code false}.
   */
  default boolean detects(Path path) throws IOException {
    return false;
  }

  /**
   * Detection by content, for a file no format claimed by its path: whether a file whose first non-blank
   * character is {@code c} ({@code -1} for a blank file) is in this format. Asked in declaration order, after
   * every {@link #detects} said no.
   */
  default boolean detectsFirstChar(int c) {
    return false;
  }

  /**
   * Opens {@code path}, already checked to exist and to match {@link #input()} (and not to be an empty file).
   *
   * @param source how to name the data in messages (the path as the user gave it)
   */
  Records open(Path path, String source, ReadOptions options) throws IOException;

  /** The records of one open file or folder, read lazily: only the current one is held in memory. */
  interface Records extends Closeable {
    /**
     * The next review, or {@code null} at the end.
     *
     * @throws DataFormatException for a malformed record; {@link #recoverable()} says whether reading can go on
     */
    Review next() throws IOException;

    /** Whether reading can continue after the last DataFormatException (false after structural damage). */
    default boolean recoverable() {
      return true;
    }
  }
}
