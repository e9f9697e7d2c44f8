package io.hardmax.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A format of one byte stream: a file is read as its bytes, and bundled resources and pipes read the same way. */
public interface StreamReviewReader extends ReviewReader {
  /**
   * Reads {@code in}; closing the records closes it.
   *
   * @param source how to name the data in messages
   */
  Records open(InputStream in, String source, ReadOptions options) throws IOException;

  @Override
  default Input input() {
    return Input.FILE;
  }

  @Override
  default Records open(Path path, String source, ReadOptions options) throws IOException {
    InputStream in = Files.newInputStream(path);
    try {
      return open(in, source, options);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }
}
