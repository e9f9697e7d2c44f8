package io.hardmax.attention;

/**
 * A decision of a {@link SentimentModel}: label 1 (positive) when {@code logit >= 0}, else 0 (negative). An
 * immutable value.
 *
 * @param label       1 positive, 0 negative
 * @param probability sigmoid(logit), the probability of positive, in [0, 1]
 * @param logit       the readout of the mean final token state: {@code v . mean_i z_i^L + b}
 */
public record Prediction(int label, double probability, double logit) {
  static Prediction of(double logit) {
    return new Prediction(logit >= 0 ? 1 : 0, Weights.sigmoid(logit), logit);
  }
}
