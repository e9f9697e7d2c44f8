package io.hardmax.attention;

/**
 * One epoch of training.
 *
 * @param epoch          1-based
 * @param trainLoss      mean BCE over the epoch's steps (at the weights of each step)
 * @param trainAccuracy  accuracy over the epoch's steps (same forward as the loss)
 * @param validationAccuracySoftmax validation accuracy with the softmax surrogate
 * @param validationAccuracyHardmax validation accuracy with exact hardmax (used for early stopping)
 * @param validationLoss validation BCE (hardmax)
 * @param seconds        wall time of the epoch's training steps (without validation)
 * @param hardmaxTraining whether this epoch trained through the hardmax forward
 */
public record EpochStats(int epoch, double trainLoss, double trainAccuracy, double validationAccuracySoftmax,
    double validationAccuracyHardmax, double validationLoss, double seconds, boolean hardmaxTraining) {}
