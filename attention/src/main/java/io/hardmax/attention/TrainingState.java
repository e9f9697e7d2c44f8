package io.hardmax.attention;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything the trainer carries from one epoch to the next, so that a {@link Checkpoint} of it continues training
 * exactly. The shuffling order is not here: it is replayed from the seed (see {@link HardmaxTrainer}). Mutable,
 * owned by one training run.
 */
final class TrainingState {
  /** The weights being trained. */
  final Weights weights;
  /** Adam's moments and step count for {@link #weights}. */
  final HardmaxTrainer.Adam adam;
  /** A copy of the weights of {@link #bestEpoch} (the initial weights before any epoch). */
  Weights best;
  /** Validation accuracy (hardmax) of the best epoch; negative infinity before any epoch. */
  double bestAccuracy;
  /** 1-based epoch of {@link #best}, 0 before any epoch. */
  int bestEpoch;
  /** Epochs since the best one (the early-stopping counter). */
  int sinceBest;
  /** Epochs completed. */
  int epoch;
  /** Whether training has ended (early stop or the last epoch): a resumed run then trains no further. */
  boolean finished;
  /** Every completed epoch, in order. */
  final List<EpochStats> history;

  TrainingState(Weights weights, HardmaxTrainer.Adam adam, Weights best, double bestAccuracy, int bestEpoch,
      int sinceBest, int epoch, boolean finished, List<EpochStats> history) {
    this.weights = weights;
    this.adam = adam;
    this.best = best;
    this.bestAccuracy = bestAccuracy;
    this.bestEpoch = bestEpoch;
    this.sinceBest = sinceBest;
    this.epoch = epoch;
    this.finished = finished;
    this.history = new ArrayList<>(history);
  }

  /** The state before epoch 1: {@code weights} (not copied), zero moments, no history. */
  static TrainingState fresh(Weights weights, TrainerConfig tc) {
    return new TrainingState(weights, new HardmaxTrainer.Adam(weights, tc), weights.copy(), Double.NEGATIVE_INFINITY,
        0, 0, 0, false, List.of());
  }
}
