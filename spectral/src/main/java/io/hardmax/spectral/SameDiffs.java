package io.hardmax.spectral;

import java.io.OutputStream;
import java.io.PrintStream;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Helpers for SameDiff graphs (ND4J 1.0.0-M2.1).
 *
 * <p>{@code SameDiff.createGradFunction} prints one "Added differentiated op ..." line per op to
 * {@code System.out} (a {@code println} in the library, not a logger), which would corrupt the JSON that
 * {@code hardmax experiment ... --format json} writes to stdout. {@link #createGradientsQuietly} builds the
 * gradient function once, up front, with stdout discarded for the duration of that call only.
 */
public final class SameDiffs {
  private static final Object STDOUT_LOCK = new Object();

  private SameDiffs() {}

  /** Builds {@code sd}'s gradient function (its loss variables must be set) without its stdout chatter. */
  public static void createGradientsQuietly(SameDiff sd) {
    synchronized (STDOUT_LOCK) {
      PrintStream out = System.out;
      System.setOut(new PrintStream(OutputStream.nullOutputStream()));
      try {
        sd.createGradFunction();
      } finally {
        System.setOut(out);
      }
    }
  }
}
