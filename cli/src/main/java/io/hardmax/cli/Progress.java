package io.hardmax.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr, shown only when stderr is a terminal and the job has run for more than a second,
 * so pipes and short jobs stay clean.
 */
final class Progress implements AutoCloseable {
  private final String task;
  private final long total;
  private final long start = System.nanoTime();
  private final boolean terminal = System.console() != null;
  private ProgressBar bar;
  private long done;

  Progress(String task, long total) {
    this.task = task;
    this.total = total;
  }

  void step(long n, String extra) {
    done += n;
    if (!terminal) {
      return;
    }
    if (bar == null && System.nanoTime() - start > 1_000_000_000L) {
      bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
          .setConsumer(new me.tongfei.progressbar.InteractiveConsoleProgressBarConsumer(System.err)).build();
    }
    if (bar != null) {
      bar.stepTo(done);
      if (extra != null) {
        bar.setExtraMessage(extra);
      }
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
