package io.hardmax.cli;

import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The command's standard output as a UTF-8 {@link PrintWriter} that also hands out the byte stream under it, so
 * that a command producing large UTF-8 output on worker threads ({@code classify}) writes those bytes as they are
 * instead of decoding and encoding them again on the writing thread. Set by {@link Main#main}; tests that capture
 * the output with their own writer get the character path.
 */
final class StdoutWriter extends PrintWriter {
  private final OutputStream stream;

  StdoutWriter(OutputStream stream) {
    super(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
    this.stream = stream;
  }

  /** The byte stream; flush this writer before writing to it, so that the two keep their order. */
  OutputStream stream() {
    return stream;
  }
}
