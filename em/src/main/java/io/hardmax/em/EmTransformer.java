package io.hardmax.em;

import java.util.Arrays;

/**
 * A softmax-attention transformer whose layers are EM steps for a spherical Gaussian mixture, after the third
 * paper in {@code shared/PAPERS.md} (transformers can implement the EM algorithm). Tokens: the n point tokens
 * {@code x_i} and K centre tokens {@code (mu_c, log pi_c)}, the centre tokens initialised by the caller (the
 * experiment uses the same k-means++ points as the EM baseline, so both start equal).
 *
 * <p>Layer l, two attention sublayers:
 * <ol>
 *   <li>point-to-centre softmax attention (the E-step): {@code r_ic = softmax_c(-beta_l ||x_i - mu_c||^2 +
 *       log pi_c)}, i.e. query-key score {@code 2 beta_l x_i . mu_c} with the key bias {@code -beta_l ||mu_c||^2 +
 *       log pi_c} (the {@code -beta_l ||x_i||^2} term is constant over c and cancels in the softmax);</li>
 *   <li>centre-to-point attention with the same weights normalised over the points (the M-step):
 *       {@code mu_c = sum_i r_ic x_i / sum_i r_ic}, {@code pi_c = sum_i r_ic / n}.</li>
 * </ol>
 * The output is each point's cluster {@code argmax_c r_ic} of the last layer (ties: the lowest index) and the
 * centres. <b>What is learned</b>: only the inverse temperatures {@code beta_l}, one per layer (EM with known unit
 * variance has {@code beta = 1/2} in every layer), fitted by {@link EmTransformerTrainer} on synthetic instances.
 *
 * @param inverseTemperatures {@code beta_l} per layer, [L], each finite and &gt; 0
 */
public record EmTransformer(double[] inverseTemperatures) {

  public EmTransformer {
    if (inverseTemperatures.length == 0) {
      throw new IllegalArgumentException("need at least one layer, found 0 inverse temperatures");
    }
    for (int l = 0; l < inverseTemperatures.length; l++) {
      double b = inverseTemperatures[l];
      if (!(b > 0) || !Double.isFinite(b)) {
        throw new IllegalArgumentException("inverse temperature of layer " + l + " must be finite and > 0, found "
            + b);
      }
    }
    inverseTemperatures = inverseTemperatures.clone();
  }

  /** A copy of the inverse temperatures, [L]. */
  @Override
  public double[] inverseTemperatures() {
    return inverseTemperatures.clone();
  }

  /** EM with known unit variance: {@code beta = 1/2} in each of {@code layers} layers. */
  public static EmTransformer emEquivalent(int layers) {
    double[] b = new double[layers];
    Arrays.fill(b, 0.5);
    return new EmTransformer(b);
  }

  /** Number of layers. */
  public int layers() {
    return inverseTemperatures.length;
  }

  /**
   * Output of a forward pass.
   *
   * @param labels  each point's cluster, [n]
   * @param centres the centre tokens after the last layer, [K][d]
   */
  public record Output(int[] labels, double[][] centres) {}

  /**
   * Runs the layers.
   *
   * @param x       points [n][d]
   * @param centres initial centre tokens [K][d] (not modified)
   */
  public Output forward(double[][] x, double[][] centres) {
    int k = centres.length;
    int d = KMeans.checkData(x, k);
    int n = x.length;
    double[][] mu = KMeans.copyCentres(centres, d);
    double[] logPi = new double[k];
    Arrays.fill(logPi, -Math.log(k));
    double[][] r = new double[n][k];
    int[] labels = new int[n];
    for (int l = 0; l < inverseTemperatures.length; l++) {
      double beta = inverseTemperatures[l];
      for (int i = 0; i < n; i++) {
        double max = Double.NEGATIVE_INFINITY;
        int best = 0;
        for (int c = 0; c < k; c++) {
          r[i][c] = -beta * KMeans.squaredDistance(x[i], mu[c]) + logPi[c];
          if (r[i][c] > max) {
            max = r[i][c];
            best = c;
          }
        }
        labels[i] = best;
        double s = 0;
        for (int c = 0; c < k; c++) {
          r[i][c] = Math.exp(r[i][c] - max);
          s += r[i][c];
        }
        for (int c = 0; c < k; c++) {
          r[i][c] /= s;
        }
      }
      for (int c = 0; c < k; c++) {
        double mass = 0;
        double[] sum = new double[d];
        for (int i = 0; i < n; i++) {
          mass += r[i][c];
          for (int j = 0; j < d; j++) {
            sum[j] += r[i][c] * x[i][j];
          }
        }
        if (mass > 1e-12) {
          for (int j = 0; j < d; j++) {
            mu[c][j] = sum[j] / mass;
          }
        }
        logPi[c] = Math.log(Math.max(mass, 1e-300) / n);
      }
    }
    return new Output(labels, mu);
  }
}
