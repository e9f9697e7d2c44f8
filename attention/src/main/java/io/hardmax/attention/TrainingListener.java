package io.hardmax.attention;

/** Progress of training, for progress bars and logs. Called from the training thread. */
public interface TrainingListener {
  /** After each step: epoch (1-based), step within the epoch, steps per epoch, running loss and accuracy. */
  default void step(int epoch, int step, int steps, double loss, double accuracy) {}

  /** After each epoch with validation results. */
  default void epoch(EpochStats stats, boolean best) {}

  /** A listener that does nothing. */
  TrainingListener NONE = new TrainingListener() {};
}
