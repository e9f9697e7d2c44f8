package io.hardmax.em;

import java.util.Random;

/**
 * A softmax-attention EM transformer with learned projections, trained end to end by {@link SameDiffEmTrainer}
 * (the third paper in {@code shared/PAPERS.md}: transformers can implement EM; here the network starts as EM and
 * is then trained). Tokens: n point tokens {@code x_i} in R^d and K centre tokens {@code mu_c} in R^d (the caller's
 * start, e.g. the k-means++ centres shared with the EM baseline) with log weights {@code log pi_c} (0 at the start;
 * a constant over c cancels in the softmax).
 *
 * <p>Layer l ({@code eps_a = 1e-9}, {@code eps_p = 1e-6}):
 * <ol>
 *   <li>points attend to centres (E-step-like): with queries {@code q_i = x_i Wq_l} and keys {@code k_c = mu_c
 *       Wk_l}, {@code s_ic = beta_l (2 q_i . k_c - ||k_c||^2) + gamma_l log pi_c} and {@code r_ic =
 *       softmax_c(s_ic)} (for {@code Wq = Wk} this is {@code -beta_l ||Wq (x_i - mu_c)||^2} up to a term constant
 *       over c);</li>
 *   <li>centres attend to points with the responsibilities normalised over the points (M-step-like):
 *       {@code m_c = sum_i r_ic}, {@code u_c = sum_i r_ic (x_i Wv_l) / (m_c + eps_a)}, then the residual update
 *       {@code mu_c <- mu_c + (u_c - mu_c) Wo_l} and {@code log pi_c = log(m_c / n + eps_p)}.</li>
 * </ol>
 * With {@code Wq = Wk = Wv = Wo = I}, {@code beta = 1/2}, {@code gamma = 1} each layer is one EM step for a
 * spherical unit-variance mixture ({@link #emConstruction}). The outputs are the responsibilities of the last
 * E-step (cluster per point = argmax, ties to the lowest index) and the centres after the last M-step. The
 * forward pass here is plain Java and is the reference the SameDiff graph is tested against.
 *
 * @param wq       query projections per layer, [L][d][d] (row vector times matrix)
 * @param wk       key projections, [L][d][d]
 * @param wv       value projections, [L][d][d]
 * @param wo       output projections of the centre update, [L][d][d]
 * @param logBeta  log inverse temperature per layer, [L]
 * @param gamma    weight of log pi in the scores per layer, [L]
 */
public record LearnedEmTransformer(double[][][] wq, double[][][] wk, double[][][] wv, double[][][] wo,
                                   double[] logBeta, double[] gamma) {

  /** Added to the responsibility mass before dividing by it. */
  public static final double EPS_ATTENTION = 1e-9;
  /** Added to the mean responsibility before its log. */
  public static final double EPS_PRIOR = 1e-6;

  public LearnedEmTransformer {
    int layers = logBeta.length;
    if (layers == 0) {
      throw new IllegalArgumentException("need at least one layer, found 0");
    }
    if (wq.length != layers || wk.length != layers || wv.length != layers || wo.length != layers
        || gamma.length != layers) {
      throw new IllegalArgumentException("all parameters need " + layers + " layers, found wq " + wq.length + ", wk "
          + wk.length + ", wv " + wv.length + ", wo " + wo.length + ", gamma " + gamma.length);
    }
    int d = wq[0].length;
    wq = copy(wq, d, "wq");
    wk = copy(wk, d, "wk");
    wv = copy(wv, d, "wv");
    wo = copy(wo, d, "wo");
    logBeta = logBeta.clone();
    gamma = gamma.clone();
    for (int l = 0; l < layers; l++) {
      if (!Double.isFinite(logBeta[l]) || !Double.isFinite(gamma[l])) {
        throw new IllegalArgumentException("layer " + l + ": log beta and gamma must be finite, found " + logBeta[l]
            + " and " + gamma[l]);
      }
    }
  }

  private static double[][][] copy(double[][][] w, int d, String name) {
    double[][][] c = new double[w.length][][];
    for (int l = 0; l < w.length; l++) {
      if (w[l].length != d) {
        throw new IllegalArgumentException(name + " of layer " + l + " has " + w[l].length + " rows, expected " + d);
      }
      c[l] = new double[d][];
      for (int a = 0; a < d; a++) {
        if (w[l][a].length != d) {
          throw new IllegalArgumentException(name + " of layer " + l + ", row " + a + " has " + w[l][a].length
              + " columns, expected " + d);
        }
        for (double v : w[l][a]) {
          if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " of layer " + l + " has a non-finite entry " + v);
          }
        }
        c[l][a] = w[l][a].clone();
      }
    }
    return c;
  }

  /**
   * The hand-built EM construction ({@code W = I}, {@code beta = 1/2}, {@code gamma = 1}), every projection entry
   * then perturbed by {@code N(0, noise^2)} drawn from {@code random} (noise 0 gives exact EM steps).
   */
  public static LearnedEmTransformer emConstruction(int layers, int d, double noise, Random random) {
    return init(layers, d, random, noise, true);
  }

  /**
   * Random initialisation: every projection entry {@code N(0, 1/d)} (no identity), {@code beta = 1/2},
   * {@code gamma = 1}.
   */
  public static LearnedEmTransformer random(int layers, int d, Random random) {
    return init(layers, d, random, 1 / Math.sqrt(d), false);
  }

  private static LearnedEmTransformer init(int layers, int d, Random random, double noise, boolean identity) {
    if (layers < 1 || d < 1 || !(noise >= 0)) {
      throw new IllegalArgumentException("need layers >= 1, d >= 1, noise >= 0; found " + layers + ", " + d + ", "
          + noise);
    }
    double[][][][] w = new double[4][layers][d][d];
    for (int l = 0; l < layers; l++) {
      for (int p = 0; p < 4; p++) {
        for (int a = 0; a < d; a++) {
          for (int b = 0; b < d; b++) {
            w[p][l][a][b] = (identity && a == b ? 1 : 0) + noise * random.nextGaussian();
          }
        }
      }
    }
    double[] logBeta = new double[layers];
    double[] gamma = new double[layers];
    java.util.Arrays.fill(logBeta, Math.log(0.5));
    java.util.Arrays.fill(gamma, 1);
    return new LearnedEmTransformer(w[0], w[1], w[2], w[3], logBeta, gamma);
  }

  /** Number of trainable parameters: {@code L (4 d^2 + 2)}. */
  public int parameterCount() {
    int d = dimension();
    return Math.multiplyExact(layers(), Math.addExact(Math.multiplyExact(4, Math.multiplyExact(d, d)), 2));
  }

  /**
   * All parameters in one vector: per layer {@code wq, wk, wv, wo} (each row-major), then {@code logBeta_l},
   * {@code gamma_l}; [{@link #parameterCount()}].
   */
  public double[] flatten() {
    double[] p = new double[parameterCount()];
    int o = 0;
    for (int l = 0; l < layers(); l++) {
      for (double[][][] w : new double[][][][] {wq, wk, wv, wo}) {
        for (double[] row : w[l]) {
          System.arraycopy(row, 0, p, o, row.length);
          o += row.length;
        }
      }
      p[o++] = logBeta[l];
      p[o++] = gamma[l];
    }
    return p;
  }

  /** The inverse of {@link #flatten()}. */
  public static LearnedEmTransformer unflatten(double[] p, int layers, int d) {
    if (layers < 1 || d < 1 || p.length != (long) layers * (4L * d * d + 2)) {
      throw new IllegalArgumentException("need L (4 d^2 + 2) = " + (long) layers * (4L * d * d + 2)
          + " parameters for L = " + layers + ", d = " + d + ", found " + p.length);
    }
    double[][][][] w = new double[4][layers][d][d];
    double[] logBeta = new double[layers];
    double[] gamma = new double[layers];
    int o = 0;
    for (int l = 0; l < layers; l++) {
      for (int m = 0; m < 4; m++) {
        for (int a = 0; a < d; a++) {
          System.arraycopy(p, o, w[m][l][a], 0, d);
          o += d;
        }
      }
      logBeta[l] = p[o++];
      gamma[l] = p[o++];
    }
    return new LearnedEmTransformer(w[0], w[1], w[2], w[3], logBeta, gamma);
  }

  /** Number of layers. */
  public int layers() {
    return logBeta.length;
  }

  /** Token dimension d. */
  public int dimension() {
    return wq[0].length;
  }

  /** Inverse temperatures {@code exp(logBeta)}, [L]. */
  public double[] inverseTemperatures() {
    double[] b = new double[logBeta.length];
    for (int l = 0; l < b.length; l++) {
      b[l] = Math.exp(logBeta[l]);
    }
    return b;
  }

  /** Copies (the record accessors would otherwise expose the arrays). */
  @Override
  public double[][][] wq() {
    return copy(wq, dimension(), "wq");
  }

  @Override
  public double[][][] wk() {
    return copy(wk, dimension(), "wk");
  }

  @Override
  public double[][][] wv() {
    return copy(wv, dimension(), "wv");
  }

  @Override
  public double[][][] wo() {
    return copy(wo, dimension(), "wo");
  }

  @Override
  public double[] logBeta() {
    return logBeta.clone();
  }

  @Override
  public double[] gamma() {
    return gamma.clone();
  }

  /**
   * Output of a forward pass.
   *
   * @param labels           argmax of the last responsibilities, [n]
   * @param responsibilities softmax of the last E-step, [n][K]
   * @param logResponsibilities log-softmax of the last E-step (max-subtracted log-sum-exp), [n][K]
   * @param centres          centre tokens after the last layer, [K][d]
   */
  public record Output(int[] labels, double[][] responsibilities, double[][] logResponsibilities,
                       double[][] centres) {}

  /**
   * Runs the layers.
   *
   * @param x       points [n][d]
   * @param centres initial centre tokens [K][d] (not modified)
   */
  public Output forward(double[][] x, double[][] centres) {
    int k = centres.length;
    int d = KMeans.checkData(x, k);
    if (d != dimension()) {
      throw new IllegalArgumentException("points have dimension " + d + ", the model expects " + dimension());
    }
    int n = x.length;
    double[][] mu = KMeans.copyCentres(centres, d);
    double[] logPi = new double[k];
    double[][] r = new double[n][k];
    double[][] logR = new double[n][k];
    int[] labels = new int[n];
    for (int l = 0; l < layers(); l++) {
      double beta = Math.exp(logBeta[l]);
      double[][] q = times(x, wq[l]);
      double[][] key = times(mu, wk[l]);
      double[] keyNorm = new double[k];
      for (int c = 0; c < k; c++) {
        keyNorm[c] = dot(key[c], key[c]);
      }
      for (int i = 0; i < n; i++) {
        double max = Double.NEGATIVE_INFINITY;
        int best = 0;
        for (int c = 0; c < k; c++) {
          r[i][c] = beta * (2 * dot(q[i], key[c]) - keyNorm[c]) + gamma[l] * logPi[c];
          if (r[i][c] > max) {
            max = r[i][c];
            best = c;
          }
        }
        labels[i] = best;
        double s = 0;
        for (int c = 0; c < k; c++) {
          logR[i][c] = r[i][c] - max;
          r[i][c] = Math.exp(logR[i][c]);
          s += r[i][c];
        }
        double logS = Math.log(s);
        for (int c = 0; c < k; c++) {
          r[i][c] /= s;
          logR[i][c] -= logS;
        }
      }
      double[][] v = times(x, wv[l]);
      double[][] delta = new double[k][d];
      for (int c = 0; c < k; c++) {
        double mass = 0;
        for (int i = 0; i < n; i++) {
          mass += r[i][c];
        }
        for (int i = 0; i < n; i++) {
          double a = r[i][c] / (mass + EPS_ATTENTION);
          for (int j = 0; j < d; j++) {
            delta[c][j] += a * v[i][j];
          }
        }
        for (int j = 0; j < d; j++) {
          delta[c][j] -= mu[c][j];
        }
        logPi[c] = Math.log(mass / n + EPS_PRIOR);
      }
      double[][] update = times(delta, wo[l]);
      for (int c = 0; c < k; c++) {
        for (int j = 0; j < d; j++) {
          mu[c][j] += update[c][j];
        }
      }
    }
    return new Output(labels, r, logR, mu);
  }

  private static double[][] times(double[][] a, double[][] w) {
    int d = w.length;
    double[][] out = new double[a.length][d];
    for (int i = 0; i < a.length; i++) {
      for (int p = 0; p < d; p++) {
        double v = a[i][p];
        for (int j = 0; j < d; j++) {
          out[i][j] += v * w[p][j];
        }
      }
    }
    return out;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      s += a[j] * b[j];
    }
    return s;
  }
}
