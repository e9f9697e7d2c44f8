package io.hardmax.cli;

import io.hardmax.attention.EpochStats;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * What {@code hardmax train} shows while it trains. On a terminal, a progress bar per epoch: batches done, the
 * running loss and accuracy, and the epoch's ETA. Always one line per epoch: epoch, training loss and accuracy,
 * validation accuracy with softmax and with hardmax, seconds of training steps, and the time the remaining epochs
 * take at most ({@code eta (max)}, from the mean wall time of this run's epochs including validation; early
 * stopping may end sooner). The per-batch path formats a message at most ten times a second and only on a terminal.
 */
final class EpochLog implements AutoCloseable {
  static final String HEADER = String.format(Locale.ROOT, "%6s %10s %10s %12s %12s %8s %9s", "epoch", "train loss",
      "train acc", "val softmax", "val hardmax", "seconds", "eta (max)");
  private static final long MESSAGE_EVERY_NANOS = 100_000_000L;

  private final PrintWriter err;
  private final int maxEpochs;
  private final boolean terminal;
  private Progress bar;
  private long lastStep = System.nanoTime();
  private long lastMessage;
  private double wallSeconds;
  private int epochsRun;

  /**
   * @param err       where the epoch lines go
   * @param maxEpochs the run's epoch limit (for the ETA)
   * @param terminal  whether to show progress bars (stderr is a terminal)
   */
  EpochLog(PrintWriter err, int maxEpochs, boolean terminal) {
    this.err = err;
    this.maxEpochs = maxEpochs;
    this.terminal = terminal;
  }

  /** After each batch (see {@link io.hardmax.attention.TrainingListener#step}). */
  void step(int epoch, int step, int steps, double loss, double accuracy) {
    long now = System.nanoTime();
    lastStep = now;
    if (!terminal) {
      return;
    }
    if (step == 1 || bar == null) {
      closeBar();
      bar = new Progress("epoch " + epoch + "/" + maxEpochs, steps);
    }
    String extra = null;
    if (now - lastMessage >= MESSAGE_EVERY_NANOS || step == steps) {
      extra = String.format(Locale.ROOT, "loss %.4f, acc %.4f", loss, accuracy);
      lastMessage = now;
    }
    bar.step(1, extra);
  }

  /** After each epoch: closes the epoch's bar and prints its line. */
  void epoch(EpochStats s, boolean best) {
    long now = System.nanoTime();
    closeBar();
    // training steps plus what came after the last step (validation, the checkpoint)
    wallSeconds += s.seconds() + (now - lastStep) / 1e9;
    epochsRun++;
    double eta = (maxEpochs - s.epoch()) * wallSeconds / epochsRun;
    err.println(line(s, eta, best));
    err.flush();
  }

  static String line(EpochStats s, double etaSeconds, boolean best) {
    return String.format(Locale.ROOT, "%6d %10.4f %10.4f %12.4f %12.4f %8.1f %9s%s", s.epoch(), s.trainLoss(),
        s.trainAccuracy(), s.validationAccuracySoftmax(), s.validationAccuracyHardmax(), s.seconds(),
        duration(etaSeconds), best ? "  best" : "");
  }

  /** h:mm:ss, seconds rounded up. */
  static String duration(double seconds) {
    long t = (long) Math.ceil(Math.max(0, seconds));
    return String.format(Locale.ROOT, "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60);
  }

  private void closeBar() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }

  @Override
  public void close() {
    closeBar();
  }
}
