package io.hardmax.spectral;

import java.util.Arrays;
import java.util.List;

/**
 * A ReLU-attention transformer (no softmax) that outputs the top-k eigenvectors of the sample covariance of its
 * input points, after the second paper in {@code shared/PAPERS.md} (transformers learning spectral methods with
 * ReLU attention). Tokens: the n point tokens {@code x_i} in R^d and k query tokens {@code v_p}, which start at the
 * first k standard basis vectors (the input distribution is rotation invariant, so any fixed orthonormal start is
 * as good as a random one).
 *
 * <ol>
 *   <li>Layer 0 centres the point tokens (uniform attention: {@code x_i - mean_j x_j}) and computes the scale
 *       {@code tau = sum_i ||x_i||^2 / (n d)}, the mean eigenvalue of the covariance.</li>
 *   <li>Each layer l: two ReLU-attention heads from each query token to the point tokens, scores
 *       {@code ReLU(+-x_i . v_p)}, values {@code +-x_i}, averaged and scaled by 2/n, which is exactly {@code C v_p}
 *       for the covariance C (divisor n); a residual connection with the learned coefficient {@code s_l tau}
 *       gives {@code (C + s_l tau I) v_p} (a shifted power step); then causal ReLU attention among the query
 *       tokens (same two-head construction) removes from {@code v_p} its components along {@code v_1..v_{p-1}}
 *       (Gram-Schmidt), and an RMS normalisation makes each {@code v_p} a unit vector.</li>
 * </ol>
 * <b>What is learned</b>: only the shifts {@code s_l}, one per layer, fitted by {@link #train} (coordinate descent
 * over a grid on the loss {@code 1 - |cos|} averaged over the k outputs). With all {@code s_l = 0} the network is
 * block power iteration (orthogonal iteration) for as many steps as it has layers. Outputs have their signs fixed
 * (largest magnitude component positive).
 *
 * @param shifts {@code s_l} per layer, [L], finite
 * @param k      number of eigenvectors output, &gt;= 1
 */
public record SpectralTransformer(double[] shifts, int k) {

  /** Grid of shifts tried per layer by {@link #train}. */
  public static final double[] GRID = {-1.0, -0.75, -0.5, -0.35, -0.2, -0.1, 0.0, 0.25, 0.5, 1.0};

  public SpectralTransformer {
    if (shifts.length == 0) {
      throw new IllegalArgumentException("need at least one layer, found 0 shifts");
    }
    for (int l = 0; l < shifts.length; l++) {
      if (!Double.isFinite(shifts[l])) {
        throw new IllegalArgumentException("shift of layer " + l + " must be finite, found " + shifts[l]);
      }
    }
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, found " + k);
    }
    shifts = shifts.clone();
  }

  /** A copy of the shifts, [L]. */
  @Override
  public double[] shifts() {
    return shifts.clone();
  }

  /** Number of layers. */
  public int layers() {
    return shifts.length;
  }

  /** Block power iteration: all shifts zero. */
  public static SpectralTransformer powerIteration(int layers, int k) {
    return new SpectralTransformer(new double[layers], k);
  }

  /**
   * Runs the network.
   *
   * @param points input points [n][d], n &gt;= 2, d &gt;= k
   * @return unit vectors [k][d], estimates of the top-k covariance eigenvectors in order
   */
  public double[][] forward(double[][] points) {
    double[] mean = Pca.mean(points);
    int n = points.length;
    int d = mean.length;
    if (d < k) {
      throw new IllegalArgumentException("dimension " + d + " is smaller than k = " + k);
    }
    double[][] x = new double[n][d];
    double tau = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        x[i][j] = points[i][j] - mean[j];
        tau += x[i][j] * x[i][j];
      }
    }
    tau /= (double) n * d;
    double[][] v = new double[k][d];
    for (int p = 0; p < k; p++) {
      v[p][p] = 1;
    }
    double[] out = new double[d];
    for (double s : shifts) {
      for (int p = 0; p < k; p++) {
        Arrays.fill(out, 0);
        for (int i = 0; i < n; i++) {
          double score = PowerMethod.dot(x[i], v[p]);
          // head 1: ReLU(x.v) x ; head 2: ReLU(-x.v) (-x); their average times 2 is (x.v) x
          double h1 = Math.max(0, score);
          double h2 = Math.max(0, -score);
          double a = (h1 - h2) / n;
          for (int j = 0; j < d; j++) {
            out[j] += a * x[i][j];
          }
        }
        for (int j = 0; j < d; j++) {
          v[p][j] = out[j] + s * tau * v[p][j];
        }
      }
      for (int p = 0; p < k; p++) {
        for (int q = 0; q < p; q++) {
          double c = PowerMethod.dot(v[p], v[q]);
          double h1 = Math.max(0, c);
          double h2 = Math.max(0, -c);
          for (int j = 0; j < d; j++) {
            v[p][j] -= (h1 - h2) * v[q][j];
          }
        }
        double norm = PowerMethod.norm(v[p]);
        if (norm > 0) {
          for (int j = 0; j < d; j++) {
            v[p][j] /= norm;
          }
        }
      }
    }
    for (double[] row : v) {
      PowerMethod.fixSign(row);
    }
    return v;
  }

  /**
   * One training or test instance.
   *
   * @param points  points [n][d]
   * @param targets the true top-k eigenvectors of their sample covariance, [k][d]
   */
  public record Instance(double[][] points, double[][] targets) {

    /** Builds an instance whose targets come from the power method to 1e-12 (LAPACK-checked in the tests). */
    public static Instance of(double[][] points, int k, long seed) {
      double[][] cov = Pca.covariance(points, Pca.mean(points));
      return new Instance(points, PowerMethod.topK(cov, k, 1e-12, 200_000, seed).vectors());
    }
  }

  /** Per-index mean {@code |cos|} between the outputs and the targets over the instances, [k]. */
  public double[] meanAbsCos(List<Instance> instances) {
    double[] s = new double[k];
    for (Instance in : instances) {
      double[][] out = forward(in.points());
      for (int p = 0; p < k; p++) {
        s[p] += Math.abs(PowerMethod.dot(out[p], in.targets()[p]));
      }
    }
    for (int p = 0; p < k; p++) {
      s[p] /= instances.size();
    }
    return s;
  }

  private double loss(List<Instance> instances) {
    double l = 0;
    for (double c : meanAbsCos(instances)) {
      l += 1 - c;
    }
    return l / k;
  }

  /**
   * Fits the shifts by coordinate descent over {@link #GRID} from all zeros (block power iteration), keeping a
   * change only when it strictly lowers the mean {@code 1 - |cos|} on the instances; deterministic.
   *
   * @param instances training instances (non-empty)
   * @param layers    number of layers, &gt;= 1
   * @param k         number of eigenvectors, &gt;= 1
   * @param maxSweeps cap on sweeps, &gt;= 1
   */
  public static SpectralTransformer train(List<Instance> instances, int layers, int k, int maxSweeps) {
    if (instances.isEmpty() || layers < 1 || maxSweeps < 1) {
      throw new IllegalArgumentException("need instances, layers >= 1 and maxSweeps >= 1; found "
          + instances.size() + " instances, " + layers + " layers, " + maxSweeps + " sweeps");
    }
    double[] shifts = new double[layers];
    double best = new SpectralTransformer(shifts, k).loss(instances);
    boolean changed = true;
    for (int sweep = 0; sweep < maxSweeps && changed; sweep++) {
      changed = false;
      for (int l = 0; l < layers; l++) {
        double keep = shifts[l];
        for (double g : GRID) {
          if (g == shifts[l]) {
            continue;
          }
          double[] trial = shifts.clone();
          trial[l] = g;
          double e = new SpectralTransformer(trial, k).loss(instances);
          if (e < best - 1e-12) {
            best = e;
            keep = g;
            changed = true;
          }
        }
        shifts[l] = keep;
      }
    }
    return new SpectralTransformer(shifts, k);
  }
}
