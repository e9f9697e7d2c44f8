package io.hardmax.attention;

import java.util.Arrays;

/**
 * The hardmax attention layer, defined once: scores and mask, then attention sets, then mixing (Alcalde,
 * Fantuzzi and Zuazua 2025, eq. (2.1), with the word-order variants of {@link HardmaxConfig.WordOrder}):
 *
 * <pre>
 *   s_ij  = &lt;A z_i, z_j&gt; - m |p_i - p_j|           for keys j visible from i (all, or |p_i - p_j| &lt;= w)
 *   C_i   = { j visible : s_ij &gt;= max_k s_ik - TIE_TOLERANCE (1 + |max_k s_ik|) }   (exact hardmax)
 *   P_ij  = c_j / sum_{k in C_i} c_k   on C_i           (c_j: copies of key j's word, 1 without compact rows)
 *         = c_j exp((s_ij - max) / tau) / sum ...      (softmax surrogate in training)
 *   z_i'  = (z_i + alpha sum_j P_ij z_j) / (1 + alpha)
 * </pre>
 *
 * <p>With a value map and H heads ({@link HardmaxConfig#valueMap()}, {@link HardmaxConfig#heads()}) every head h has
 * its own scores ({@code A_h}, {@code m_h}), sets {@code C^h_i} and weights {@code P^h}, and
 * {@code z_i' = (z_i + alpha W (1/H) sum_h sum_j P^h_ij z_j) / (1 + alpha)} (W = I without a value map). The
 * attention set of the whole layer, {@code C_i}, is the support of {@code (1/H) sum_h P^h_i}: the union of the heads'
 * sets. A token is a <b>leader</b> when {@code C_i = {i}}, that is when every head attends to it alone (then, without
 * a value map, it is a fixed point of the layer, as in the paper); with one head this is the definition of before.
 *
 * <p><b>The tie rule</b> ({@link #tieFloor}): every key whose score is within a relative tolerance of
 * {@link #TIE_TOLERANCE} of the row maximum is in the set, with weight proportional to its multiplicity. It is
 * used by the fast kernel ({@code Workspace}), the explainer (through {@link ForwardTrace}), this class's scalar
 * reference, and the dynamics simulator of the eval module. Copies of a word have bit-identical states and
 * scores, so they always tie; a tolerance rather than float equality keeps configurations that are symmetric in
 * exact arithmetic (the paper's non-leader clusters) symmetric despite rounding, and makes the float kernel and
 * the double reference choose the same sets.
 *
 * <p>{@link #referenceLayer} is the plain scalar reference (double precision, one row per token, dense loops),
 * kept beside the fast kernel as llama3.java keeps a scalar kernel beside each vectorised one; tests hold the
 * two together.
 */
public final class HardmaxAttention {
  /** Relative tolerance of the tie rule: see {@link #tieFloor}. */
  public static final double TIE_TOLERANCE = 1e-6;

  private HardmaxAttention() {}

  /** The smallest score still in the attention set of a row whose maximum score is {@code max}. */
  public static double tieFloor(double max) {
    return tieFloor(max, TIE_TOLERANCE);
  }

  /** The tie floor with another tolerance (0 = exact equality; the dynamics simulator's tests use it). */
  public static double tieFloor(double max, double tolerance) {
    return max - tolerance * (1 + Math.abs(max));
  }

  /** {@link #tieFloor(double)} for the float kernel (computed in double, then rounded down to a float). */
  static float tieFloor(float max) {
    double f = tieFloor((double) max);
    float r = (float) f;
    return r > f ? Math.nextDown(r) : r;
  }

  /** Whether key j (position {@code pj}, sentence {@code sj}) is visible from query i. */
  static boolean visible(HardmaxConfig.WordOrder order, int window, double pi, double pj, int si, int sj) {
    return switch (order) {
      case GLOBAL, DISTANCE -> true;
      case WINDOW -> Math.abs(pi - pj) <= window;
      case SENTENCE -> si == sj;
    };
  }

  /**
   * Positions of a token sequence: a word's position is its index among the words; a bigram entry (an id at or
   * above {@code bigramStart}, which the encoder inserts right after its second word) sits between its two words,
   * at {@code first + 0.5}. Positions are exact in float (halves).
   *
   * @param out receives the positions of {@code ids[0..len)}
   */
  public static void positions(int[] ids, int len, int bigramStart, float[] out) {
    new SequenceLayout(bigramStart, new boolean[0]).place(ids, len, out, null);
  }

  /**
   * The result of one reference layer.
   *
   * @param next  z' [n][d]
   * @param sets  the keys of each row with non-zero weight, ascending
   * @param probs P_ij of those keys
   */
  public record Layer(double[][] next, int[][] sets, double[][] probs) {}

  /**
   * One layer with several heads and a value map, scalar reference: each head is {@link #referenceLayer} with its
   * own A and slope; the heads' mixes are averaged and sent through W before the residual update.
   *
   * @param a        A of each head [H][d][d] (an entry, or the whole array, null = identity)
   * @param slopes   the distance slope of each head [H] (for DISTANCE; null = all 0)
   * @param valueMap W [d][d] (null = none, i.e. I)
   * @return the next states, and as sets the layer's attention sets (the union of the heads' sets, ascending) with
   *     as probabilities the mean of the heads' weights on them
   */
  public static Layer referenceLayer(double[][] z, double[][][] a, double[] pos, int[] sentence, double[] keyWeight,
      HardmaxConfig.WordOrder order, int window, double[] slopes, double[][] valueMap, int heads, double alpha,
      double tau, boolean hard) {
    int n = z.length;
    double[][] mix = new double[n][];
    double[][] p = new double[n][n];
    for (int h = 0; h < heads; h++) {
      // the head's sets and weights (its own residual update is not used)
      Layer l = referenceLayer(z, a == null ? null : a[h], pos, sentence, keyWeight, order, window,
          slopes == null ? 0 : slopes[h], 1, tau, hard);
      for (int i = 0; i < n; i++) {
        int d = z[i].length;
        if (mix[i] == null) {
          mix[i] = new double[d];
        }
        for (int t = 0; t < l.sets()[i].length; t++) {
          int j = l.sets()[i][t];
          double pr = l.probs()[i][t] / heads;
          p[i][j] += pr;
          for (int k = 0; k < d; k++) {
            mix[i][k] += pr * z[j][k];
          }
        }
      }
    }
    double[][] out = new double[n][];
    int[][] sets = new int[n][];
    double[][] probs = new double[n][];
    for (int i = 0; i < n; i++) {
      int d = z[i].length;
      double[] u = mix[i];
      if (valueMap != null) {
        u = new double[d];
        for (int r = 0; r < d; r++) {
          for (int c = 0; c < d; c++) {
            u[r] += valueMap[r][c] * mix[i][c];
          }
        }
      }
      out[i] = new double[d];
      for (int k = 0; k < d; k++) {
        out[i][k] = (z[i][k] + alpha * u[k]) / (1 + alpha);
      }
      int m = 0;
      for (int j = 0; j < n; j++) {
        if (p[i][j] > 0) {
          m++;
        }
      }
      sets[i] = new int[m];
      probs[i] = new double[m];
      int t = 0;
      for (int j = 0; j < n; j++) {
        if (p[i][j] > 0) {
          sets[i][t] = j;
          probs[i][t++] = p[i][j];
        }
      }
    }
    return new Layer(out, sets, probs);
  }

  /**
   * One attention layer, scalar reference: double precision, every key scored, no sparsity cut.
   *
   * @param z         states [n][d]
   * @param a         A [d][d] (null = identity)
   * @param pos       positions [n] (unused for GLOBAL; may be null then)
   * @param sentence  sentence ids [n] (used by SENTENCE only; may be null otherwise)
   * @param keyWeight multiplicity of each row as a key [n] (null = all 1)
   * @param order     word order
   * @param window    window w (for WINDOW)
   * @param slope     the distance slope m (for DISTANCE)
   * @param alpha     step alpha > 0
   * @param tau       softmax temperature (unused when {@code hard})
   * @param hard      exact hardmax instead of the softmax
   */
  public static Layer referenceLayer(double[][] z, double[][] a, double[] pos, int[] sentence, double[] keyWeight,
      HardmaxConfig.WordOrder order, int window, double slope, double alpha, double tau, boolean hard) {
    return referenceLayer(z, a, pos, sentence, keyWeight, order, window, slope, alpha, tau, hard, TIE_TOLERANCE);
  }

  /** {@link #referenceLayer} with the tie rule's tolerance given. */
  public static Layer referenceLayer(double[][] z, double[][] a, double[] pos, int[] sentence, double[] keyWeight,
      HardmaxConfig.WordOrder order, int window, double slope, double alpha, double tau, boolean hard,
      double tieTolerance) {
    int n = z.length;
    double[][] out = new double[n][];
    int[][] sets = new int[n][];
    double[][] probs = new double[n][];
    double[] s = new double[n];
    boolean[] vis = new boolean[n];
    for (int i = 0; i < n; i++) {
      int d = z[i].length;
      double[] q = new double[d];
      for (int r = 0; r < d; r++) {
        if (a == null) {
          q[r] = z[i][r];
        } else {
          for (int k = 0; k < d; k++) {
            q[r] += a[r][k] * z[i][k];
          }
        }
      }
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < n; j++) {
        vis[j] = order == HardmaxConfig.WordOrder.GLOBAL
            || visible(order, window, pos[i], pos[j], sentence == null ? 0 : sentence[i], sentence == null ? 0 : sentence[j]);
        if (!vis[j]) {
          continue;
        }
        double x = 0;
        for (int k = 0; k < d; k++) {
          x += q[k] * z[j][k];
        }
        if (order == HardmaxConfig.WordOrder.DISTANCE) {
          x -= slope * Math.abs(pos[i] - pos[j]);
        }
        s[j] = x;
        max = Math.max(max, x);
      }
      double floor = tieFloor(max, tieTolerance);
      double[] p = new double[n];
      double sum = 0;
      int m = 0;
      for (int j = 0; j < n; j++) {
        if (!vis[j]) {
          continue;
        }
        double c = keyWeight == null ? 1 : keyWeight[j];
        p[j] = hard ? (s[j] >= floor ? c : 0) : c * Math.exp((s[j] - max) / tau);
        sum += p[j];
        if (p[j] > 0) {
          m++;
        }
      }
      int[] set = new int[m];
      double[] pr = new double[m];
      double[] mix = new double[d];
      int t = 0;
      for (int j = 0; j < n; j++) {
        if (vis[j] && p[j] > 0) {
          set[t] = j;
          pr[t] = p[j] / sum;
          for (int k = 0; k < d; k++) {
            mix[k] += pr[t] * z[j][k];
          }
          t++;
        }
      }
      sets[i] = set;
      probs[i] = pr;
      out[i] = new double[d];
      for (int k = 0; k < d; k++) {
        out[i][k] = (z[i][k] + alpha * mix[k]) / (1 + alpha);
      }
    }
    return new Layer(out, sets, probs);
  }

  /** The exact hardmax sets of {@code z} (reference arithmetic); see {@link #referenceLayer}. */
  public static int[][] referenceSets(double[][] z, double[][] a, double[] pos, HardmaxConfig.WordOrder order,
      int window, double slope) {
    return referenceSets(z, a, pos, order, window, slope, TIE_TOLERANCE);
  }

  /** {@link #referenceSets(double[][], double[][], double[], HardmaxConfig.WordOrder, int, double)} with a tolerance. */
  public static int[][] referenceSets(double[][] z, double[][] a, double[] pos, HardmaxConfig.WordOrder order,
      int window, double slope, double tieTolerance) {
    return referenceLayer(z, a, pos, null, null, order, window, slope, 1, 1, true, tieTolerance).sets();
  }

  /** Leaders: rows whose attention set is themselves alone. */
  public static int[] leaders(int[][] sets) {
    int[] l = new int[sets.length];
    int n = 0;
    for (int i = 0; i < sets.length; i++) {
      if (sets[i].length == 1 && sets[i][0] == i) {
        l[n++] = i;
      }
    }
    return Arrays.copyOf(l, n);
  }

  /**
   * The negation gate ({@link HardmaxConfig#negationGate()}), scalar reference in double precision: token i in the
   * scope of operator {@code negator[i] = j} (a negator, or a contrast word after it) enters as
   * {@code (1 - 2 sigmoid(U e_j + c - lambda max(0, |p_i - p_j| - 1)))
   * ⊙ e_i}, every other token as its embedding {@code e_i}.
   *
   * @param e       [tokens][d] the embeddings of the tokens
   * @param negator [tokens] the negator of each token ({@link SequenceLayout#negators}), -1 if none
   * @param pos     [tokens] word positions ({@link SequenceLayout#place})
   * @param u       [d][d] U
   * @param c       [d] c
   * @param lambda  the decay per word of distance
   * @return [tokens][d] the gated embeddings z^0 (new arrays)
   */
  public static double[][] referenceGate(double[][] e, int[] negator, double[] pos, double[][] u, double[] c,
      double lambda) {
    double[][] out = new double[e.length][];
    for (int i = 0; i < e.length; i++) {
      out[i] = e[i].clone();
      int j = negator[i];
      if (j < 0) {
        continue;
      }
      double shift = lambda * Math.max(0, Math.abs(pos[i] - pos[j]) - 1);
      for (int r = 0; r < c.length; r++) {
        double a = c[r] - shift;
        for (int k = 0; k < c.length; k++) {
          a += u[r][k] * e[j][k];
        }
        out[i][r] = (1 - 2 * Weights.sigmoid(a)) * e[i][r];
      }
    }
    return out;
  }
}
