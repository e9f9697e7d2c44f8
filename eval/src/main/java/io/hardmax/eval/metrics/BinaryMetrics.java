package io.hardmax.eval.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Metrics of a binary classifier from gold labels (0/1) and predicted probabilities of class 1. The decision
 * rule is {@code p >= 0.5}, i.e. logit {@code >= 0}, the same rule the model uses.
 *
 * @param n                 number of examples
 * @param accuracy          share of correct decisions
 * @param accuracyLow       lower end of the bootstrap 95 % interval of the accuracy (percentile method)
 * @param accuracyHigh      upper end of that interval
 * @param perClass          precision, recall, F1 and support of class 0 (negative) and class 1 (positive)
 * @param confusion         {@code confusion[gold][predicted]} counts
 * @param rocAuc            area under the ROC curve (ties counted half), NaN if one class is absent
 * @param logLoss           mean binary cross-entropy, probabilities clipped to [1e-15, 1 - 1e-15]
 * @param brier             mean squared error of the probability
 * @param ece               expected calibration error over {@link #CALIBRATION_BINS} equal-width bins
 * @param calibration       the calibration bins (for reliability plots)
 * @param roc               ROC curve points (false-positive rate, true-positive rate), from (0,0) to (1,1)
 * @param bootstrapSeed     the seed of the bootstrap resampling
 */
public record BinaryMetrics(
    int n,
    double accuracy,
    double accuracyLow,
    double accuracyHigh,
    List<ClassMetrics> perClass,
    long[][] confusion,
    double rocAuc,
    double logLoss,
    double brier,
    double ece,
    List<CalibrationBin> calibration,
    List<double[]> roc,
    long bootstrapSeed) {

  /** Number of equal-width probability bins of the calibration error. */
  public static final int CALIBRATION_BINS = 10;
  /** Number of bootstrap resamples for the accuracy interval. */
  public static final int BOOTSTRAP_SAMPLES = 1000;

  /** Precision, recall, F1 and support of one class. */
  public record ClassMetrics(int label, double precision, double recall, double f1, long support) {}

  /** One calibration bin: probability range, count, mean predicted probability and observed positive rate. */
  public record CalibrationBin(double low, double high, long count, double meanPredicted, double observed) {}

  /**
   * Computes all metrics.
   *
   * @param gold   labels, 0 or 1
   * @param prob   predicted probability of label 1, in [0, 1]
   * @param seed   seed of the bootstrap interval
   */
  public static BinaryMetrics compute(int[] gold, double[] prob, long seed) {
    if (gold.length != prob.length) {
      throw new IllegalArgumentException(
          "gold and prob differ in length: " + gold.length + " vs " + prob.length);
    }
    int n = gold.length;
    if (n == 0) {
      throw new IllegalArgumentException("no examples to evaluate");
    }
    boolean[] correct = new boolean[n];
    long[][] conf = new long[2][2];
    double logLoss = 0;
    double brier = 0;
    for (int i = 0; i < n; i++) {
      int g = gold[i];
      if (g != 0 && g != 1) {
        throw new IllegalArgumentException("label " + i + " is " + g + ", expected 0 or 1");
      }
      double p = prob[i];
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException("probability " + i + " is " + p + ", expected a value in [0, 1]");
      }
      int pred = p >= 0.5 ? 1 : 0;
      conf[g][pred]++;
      correct[i] = pred == g;
      double pc = Math.min(Math.max(p, 1e-15), 1 - 1e-15);
      logLoss -= g == 1 ? Math.log(pc) : Math.log(1 - pc);
      brier += (p - g) * (p - g);
    }
    double acc = (conf[0][0] + conf[1][1]) / (double) n;
    List<ClassMetrics> perClass = new ArrayList<>(2);
    for (int c = 0; c < 2; c++) {
      long tp = conf[c][c];
      long predicted = conf[0][c] + conf[1][c];
      long support = conf[c][0] + conf[c][1];
      double precision = predicted == 0 ? 0 : tp / (double) predicted;
      double recall = support == 0 ? 0 : tp / (double) support;
      double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
      perClass.add(new ClassMetrics(c, precision, recall, f1, support));
    }
    double[] ci = bootstrapAccuracy(correct, seed);
    Roc roc = roc(gold, prob);
    List<CalibrationBin> bins = calibration(gold, prob);
    double ece = 0;
    for (CalibrationBin b : bins) {
      ece += b.count() / (double) n * Math.abs(b.meanPredicted() - b.observed());
    }
    return new BinaryMetrics(n, acc, ci[0], ci[1], List.copyOf(perClass), conf, roc.auc, logLoss / n,
        brier / n, ece, bins, roc.points, seed);
  }

  /** Percentile bootstrap 95 % interval of the mean of {@code correct}. */
  static double[] bootstrapAccuracy(boolean[] correct, long seed) {
    int n = correct.length;
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] accs = new double[BOOTSTRAP_SAMPLES];
    for (int b = 0; b < BOOTSTRAP_SAMPLES; b++) {
      int hits = 0;
      for (int i = 0; i < n; i++) {
        if (correct[rnd.nextInt(n)]) {
          hits++;
        }
      }
      accs[b] = hits / (double) n;
    }
    Arrays.sort(accs);
    return new double[] {accs[(int) Math.floor(0.025 * (BOOTSTRAP_SAMPLES - 1))],
        accs[(int) Math.ceil(0.975 * (BOOTSTRAP_SAMPLES - 1))]};
  }

  /** The area under the ROC curve of any scores (probabilities or logits: only their order matters). */
  public static double rocAuc(int[] gold, double[] score) {
    return roc(gold, score).auc;
  }

  private record Roc(double auc, List<double[]> points) {}

  /** ROC curve and AUC by sorting scores descending; tied scores form one step (trapezoid = ties half). */
  private static Roc roc(int[] gold, double[] prob) {
    int n = gold.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(prob[b], prob[a]));
    long pos = 0;
    for (int g : gold) {
      pos += g;
    }
    long neg = n - pos;
    List<double[]> pts = new ArrayList<>();
    pts.add(new double[] {0, 0});
    if (pos == 0 || neg == 0) {
      pts.add(new double[] {1, 1});
      return new Roc(Double.NaN, pts);
    }
    long tp = 0;
    long fp = 0;
    double auc = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      long dtp = 0;
      long dfp = 0;
      while (j < n && prob[order[j]] == prob[order[i]]) {
        if (gold[order[j]] == 1) {
          dtp++;
        } else {
          dfp++;
        }
        j++;
      }
      double x0 = fp / (double) neg;
      double y0 = tp / (double) pos;
      tp += dtp;
      fp += dfp;
      double x1 = fp / (double) neg;
      double y1 = tp / (double) pos;
      auc += (x1 - x0) * (y0 + y1) / 2;
      pts.add(new double[] {x1, y1});
      i = j;
    }
    return new Roc(auc, pts);
  }

  private static List<CalibrationBin> calibration(int[] gold, double[] prob) {
    long[] count = new long[CALIBRATION_BINS];
    double[] sumP = new double[CALIBRATION_BINS];
    double[] sumY = new double[CALIBRATION_BINS];
    for (int i = 0; i < gold.length; i++) {
      int b = Math.min((int) (prob[i] * CALIBRATION_BINS), CALIBRATION_BINS - 1);
      count[b]++;
      sumP[b] += prob[i];
      sumY[b] += gold[i];
    }
    List<CalibrationBin> bins = new ArrayList<>();
    for (int b = 0; b < CALIBRATION_BINS; b++) {
      if (count[b] > 0) {
        bins.add(new CalibrationBin(b / (double) CALIBRATION_BINS, (b + 1) / (double) CALIBRATION_BINS,
            count[b], sumP[b] / count[b], sumY[b] / count[b]));
      }
    }
    return List.copyOf(bins);
  }

  /** The metrics as JSON (ROC points left out: they are for plots). */
  public ObjectNode toJson(ObjectMapper mapper) {
    ObjectNode o = mapper.createObjectNode();
    o.put("n", n);
    o.put("accuracy", accuracy);
    ArrayNode ci = o.putArray("accuracy_ci95");
    ci.add(accuracyLow).add(accuracyHigh);
    o.put("bootstrap_seed", bootstrapSeed);
    ObjectNode pc = o.putObject("per_class");
    for (ClassMetrics c : perClass) {
      ObjectNode x = pc.putObject(c.label() == 1 ? "positive" : "negative");
      x.put("precision", c.precision()).put("recall", c.recall()).put("f1", c.f1()).put("support", c.support());
    }
    ArrayNode cm = o.putArray("confusion");
    for (long[] row : confusion) {
      ArrayNode r = cm.addArray();
      for (long v : row) {
        r.add(v);
      }
    }
    o.put("roc_auc", rocAuc);
    o.put("log_loss", logLoss);
    o.put("brier", brier);
    o.put("ece", ece);
    ArrayNode cal = o.putArray("calibration");
    for (CalibrationBin b : calibration) {
      cal.addObject().put("low", b.low()).put("high", b.high()).put("count", b.count())
          .put("mean_predicted", b.meanPredicted()).put("observed", b.observed());
    }
    return o;
  }
}
