package io.hardmax.serve;

import io.hardmax.attention.SentimentModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The small model of attention's test fixtures (format version 1), loaded once for the server tests. */
public final class ToyModel {
  private static SentimentModel model;

  private ToyModel() {}

  /** The fixture copied to a file of its own (for commands that take --model FILE). */
  public static Path copyTo(Path dir) {
    try (InputStream in = ToyModel.class.getResourceAsStream("/fixtures/model-v1.hmx")) {
      if (in == null) {
        throw new IllegalStateException("fixture /fixtures/model-v1.hmx (attention's test-jar) is not on the class path");
      }
      Path f = dir.resolve("toy.hmx");
      Files.copy(in, f, StandardCopyOption.REPLACE_EXISTING);
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The fixture model. */
  public static synchronized SentimentModel get() {
    if (model == null) {
      try {
        Path dir = Files.createTempDirectory("hardmax-toy");
        Path f = copyTo(dir);
        model = SentimentModel.load(f);
        Files.delete(f);
        Files.delete(dir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return model;
  }
}
