package io.hardmax.attention;

/** A decision: label 1 (positive) when {@code logit >= 0}; probability = sigmoid(logit). */
public record Prediction(int label, double probability, double logit) {
  static Prediction of(double logit) {
    return new Prediction(logit >= 0 ? 1 : 0, Weights.sigmoid(logit), logit);
  }
}
