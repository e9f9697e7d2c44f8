package io.hardmax.eval.dynamics;

import io.hardmax.attention.HardmaxAttention;
import io.hardmax.attention.HardmaxConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The hardmax layer on points, iterated:
 *
 * <pre>
 *   C_i(Z) = { j : &lt;A z_i, z_j&gt; = max_l &lt;A z_i, z_l&gt; }
 *   z_i'   = ( z_i + alpha * mean_{j in C_i} z_j ) / (1 + alpha)
 * </pre>
 *
 * (Alcalde et al. 2025, eq. (2.1)). Tie rule: the model's, {@link HardmaxAttention#tieFloor}: every j whose
 * score is within {@code tieTolerance * (1 + |max|)} of the row maximum belongs to C_i, with equal weight
 * (default {@link HardmaxAttention#TIE_TOLERANCE}). The sets are those of the attention module's scalar reference
 * ({@link HardmaxAttention#referenceSets}). A token with C_i = {i} is a <em>leader</em>.
 *
 * <p>Works in double precision on plain arrays; this is the reference used for the dynamics experiments and
 * plots, not the model's hot path.
 */
public final class HardmaxDynamics {

  /** Default relative tolerance of the tie rule: the model's. */
  public static final double DEFAULT_TIE_TOLERANCE = HardmaxAttention.TIE_TOLERANCE;

  private final double[][] a; // [d][d], symmetric positive definite (not checked beyond symmetry)
  private final double alpha;
  private final double tieTolerance;

  /**
   * @param a            the attention matrix A, d x d, symmetric; {@code null} means the identity
   * @param alpha        step size, > 0
   * @param tieTolerance relative tolerance of the tie rule, >= 0
   * @param dim          dimension d of the points
   */
  public HardmaxDynamics(double[][] a, double alpha, double tieTolerance, int dim) {
    if (!(alpha > 0) || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException("alpha must be a positive number, was " + alpha);
    }
    if (!(tieTolerance >= 0)) {
      throw new IllegalArgumentException("tieTolerance must be >= 0, was " + tieTolerance);
    }
    if (dim < 1) {
      throw new IllegalArgumentException("dimension must be >= 1, was " + dim);
    }
    if (a == null) {
      a = new double[dim][dim];
      for (int i = 0; i < dim; i++) {
        a[i][i] = 1;
      }
    }
    if (a.length != dim) {
      throw new IllegalArgumentException("A must be " + dim + " x " + dim + ", has " + a.length + " rows");
    }
    for (int i = 0; i < dim; i++) {
      if (a[i].length != dim) {
        throw new IllegalArgumentException("A must be " + dim + " x " + dim + ", row " + (i + 1) + " has " + a[i].length + " entries");
      }
      for (int j = 0; j < i; j++) {
        if (Math.abs(a[i][j] - a[j][i]) > 1e-12 * (1 + Math.abs(a[i][j]))) {
          throw new IllegalArgumentException("A must be symmetric: A[" + (i + 1) + "][" + (j + 1) + "] = " + a[i][j]
              + " but A[" + (j + 1) + "][" + (i + 1) + "] = " + a[j][i]);
        }
      }
    }
    this.a = deepCopy(a);
    this.alpha = alpha;
    this.tieTolerance = tieTolerance;
  }

  public double alpha() {
    return alpha;
  }

  /** The attention sets C_i of every point (indices ascending). */
  public int[][] attentionSets(double[][] z) {
    return HardmaxAttention.referenceSets(z, a, null, HardmaxConfig.WordOrder.GLOBAL, 0, 0, tieTolerance);
  }

  /** One layer: the new positions given the attention sets of {@code z}. */
  public double[][] step(double[][] z, int[][] sets) {
    int n = z.length;
    int d = a.length;
    double[][] out = new double[n][d];
    for (int i = 0; i < n; i++) {
      int[] c = sets[i];
      for (int k = 0; k < d; k++) {
        double m = 0;
        for (int j : c) {
          m += z[j][k];
        }
        m /= c.length;
        out[i][k] = (z[i][k] + alpha * m) / (1 + alpha);
      }
    }
    return out;
  }

  /** Leaders: indices i with C_i = {i}. */
  public static int[] leaders(int[][] sets) {
    List<Integer> l = new ArrayList<>();
    for (int i = 0; i < sets.length; i++) {
      if (sets[i].length == 1 && sets[i][0] == i) {
        l.add(i);
      }
    }
    return l.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Validates points: non-empty, all rows of the same dimension, finite. */
  public static int dimensionOf(double[][] points) {
    if (points.length == 0) {
      throw new IllegalArgumentException("no points to simulate");
    }
    int d = points[0].length;
    for (int i = 0; i < points.length; i++) {
      if (points[i].length != d) {
        throw new IllegalArgumentException("point " + (i + 1) + " has " + points[i].length + " coordinates, expected " + d);
      }
      for (double v : points[i]) {
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException("point " + (i + 1) + " has a non-finite coordinate: " + v);
        }
      }
    }
    return d;
  }

  static double[][] deepCopy(double[][] m) {
    double[][] c = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      c[i] = m[i].clone();
    }
    return c;
  }
}
