package io.hardmax.spectral;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A ReLU-attention transformer (no softmax) with learned weight matrices that outputs the top-k eigenvectors of
 * the sample covariance of its n input points in R^d (the freely trained model of the second paper in
 * {@code shared/PAPERS.md}); trained with SameDiff by {@link SameDiffSpectralTrainer}. This class holds the
 * immutable weights and a plain-Java forward pass, the reference the SameDiff graph is tested against.
 *
 * <p><b>Tokens</b> ({@code T = n + k} of width {@code E = 2d + 1 + k}): point token i carries the point, centred
 * and scaled by {@code 1/sqrt(tau)}, {@code tau = sum_i ||x_i - mean||^2 / (n d)} (so the covariance, divisor n,
 * has mean eigenvalue 1; eigenvectors are unchanged), in channels {@code [0, d)} and a 1 in channel {@code 2d};
 * query token p carries the start vector {@code e_p} in the state channels {@code [d, 2d)} and a 1 in channel
 * {@code 2d + 1 + p}.
 *
 * <p><b>Layer l</b>: H heads, each with learned {@code Wq, Wk} [E][E] and {@code Wv} [E][d]; scores
 * {@code a_it = ReLU(q_i . k_t / n) M_it} with the fixed mask M (query token p attends to the point tokens and to
 * query tokens 1..p, itself included; the point tokens are the memory the queries read and are not updated); the
 * heads' outputs {@code sum_t a_it v_t} are averaged and added to the query token's state channels (residual);
 * then the state channels are normalised to unit length. So every activation stays bounded whatever the weights
 * (a first version that let values write every channel and updated the point tokens overflowed to NaN on some
 * instances after training from random weights). <b>Readout</b>: {@code y_p = Wout^T h_{n+p}} with learned Wout [E][d];
 * outputs are unit vectors with their sign fixed (largest magnitude component positive). The loss is
 * {@code 1 - |cos(y_p, u_p)|} averaged over p and instances, u_p the p-th eigenvector.
 *
 * <p>{@link #handBuilt} sets the weights so that layers alternate a shifted power step {@code (C + s I) v_p} and a
 * (parallel) Gram-Schmidt step, as in {@link SpectralTransformer}; training may start there or from
 * {@link #random} weights.
 */
public final class LearnedSpectralTransformer {

  /** File format name and version of {@link #toJson}. */
  public static final String FORMAT = "hardmax-learned-spectral-transformer";
  public static final int VERSION = 1;
  /** Added to the squared norms before the square roots (state normalisation, readout). */
  static final double EPS = 1e-9;

  /**
   * Architecture.
   *
   * @param d      dimension of the points, &gt;= k
   * @param n      points per instance, &gt;= 2
   * @param k      eigenvectors output (query tokens), &gt;= 1
   * @param layers attention layers, &gt;= 1
   * @param heads  heads per layer, &gt;= 1 (&gt;= 4 for {@link #handBuilt})
   */
  public record Config(int d, int n, int k, int layers, int heads) {
    public Config {
      if (d < 1 || n < 2 || k < 1 || k > d || layers < 1 || heads < 1) {
        throw new IllegalArgumentException("need d >= k >= 1, n >= 2, layers >= 1, heads >= 1; found d = " + d
            + ", n = " + n + ", k = " + k + ", layers = " + layers + ", heads = " + heads);
      }
    }

    /** Tokens per instance, {@code n + k}. */
    public int tokens() {
      return n + k;
    }

    /** Token width, {@code 2d + 1 + k}. */
    public int width() {
      return 2 * d + 1 + k;
    }
  }

  private final Config config;
  /** Query weights per layer, all heads side by side: [L][E][H * E]. */
  private final double[][][] wq;
  /** Key weights: [L][E][H * E]. */
  private final double[][][] wk;
  /** Value weights, written into the state channels: [L][E][H * d]. */
  private final double[][][] wv;
  /** Readout: [E][d]. */
  private final double[][] wout;

  /** Copies the arrays; checks their shapes and that every entry is finite. */
  public LearnedSpectralTransformer(Config config, double[][][] wq, double[][][] wk, double[][][] wv, double[][] wout) {
    this.config = config;
    int e = config.width();
    this.wq = check("wq", wq, config.layers(), e, config.heads() * e);
    this.wk = check("wk", wk, config.layers(), e, config.heads() * e);
    this.wv = check("wv", wv, config.layers(), e, config.heads() * config.d());
    this.wout = check("wout", wout, e, config.d());
  }

  private static double[][][] check(String name, double[][][] w, int a, int b, int c) {
    if (w.length != a) {
      throw new IllegalArgumentException(name + ": expected " + a + " matrices, found " + w.length);
    }
    double[][][] copy = new double[a][][];
    for (int i = 0; i < a; i++) {
      copy[i] = check(name + "[" + i + "]", w[i], b, c);
    }
    return copy;
  }

  private static double[][] check(String name, double[][] w, int b, int c) {
    if (w.length != b) {
      throw new IllegalArgumentException(name + ": expected " + b + " rows, found " + w.length);
    }
    double[][] copy = new double[b][];
    for (int j = 0; j < b; j++) {
      if (w[j].length != c) {
        throw new IllegalArgumentException(name + "[" + j + "]: expected " + c + " columns, found " + w[j].length);
      }
      for (int m = 0; m < c; m++) {
        if (!Double.isFinite(w[j][m])) {
          throw new IllegalArgumentException(name + "[" + j + "][" + m + "] is not finite: " + w[j][m]);
        }
      }
      copy[j] = w[j].clone();
    }
    return copy;
  }

  public Config config() {
    return config;
  }

  /** Query weights of a layer, a copy: [E][H * E]. */
  public double[][] wq(int layer) {
    return copy(wq[layer]);
  }

  /** Key weights of a layer, a copy: [E][H * E]. */
  public double[][] wk(int layer) {
    return copy(wk[layer]);
  }

  /** Value weights of a layer, a copy: [E][H * d]. */
  public double[][] wv(int layer) {
    return copy(wv[layer]);
  }

  /** Readout weights, a copy: [E][d]. */
  public double[][] wout() {
    return copy(wout);
  }

  /** Number of learned parameters. */
  public long parameters() {
    long e = config.width();
    return config.layers() * (2L * e * e + (long) e * config.d()) * config.heads() + e * config.d();
  }

  private static double[][] copy(double[][] m) {
    double[][] c = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      c[i] = m[i].clone();
    }
    return c;
  }

  /**
   * The hand-built weights, in pairs of layers: layer 2m computes {@code (C + shifts[m] I) v_p} on the query states
   * (heads 0-1: {@code +-ReLU(+-v . x_t / n) x_t} summing to {@code C v}; heads 2-3: self attention through the
   * query flags adding {@code (shifts[m] - 1) v_p} to the residual {@code v_p}); layer 2m + 1 computes
   * {@code v_p - sum_{q<p} (v_p . v_q) v_q} (heads 2-3: {@code +-ReLU(+-(v_p . v_q - [p = q]))}, a parallel
   * Gram-Schmidt step); the query states are normalised after each layer; other heads are 0. With all shifts 0
   * this is block power iteration for L / 2 steps, like {@link SpectralTransformer#powerIteration}.
   *
   * @param shifts per pair of layers, [L / 2]
   */
  public static LearnedSpectralTransformer handBuilt(Config c, double[] shifts) {
    if (c.heads() < 4 || c.layers() % 2 != 0) {
      throw new IllegalArgumentException("the hand-built weights need at least 4 heads and an even number of layers,"
          + " found " + c.heads() + " heads and " + c.layers() + " layers");
    }
    if (shifts.length != c.layers() / 2) {
      throw new IllegalArgumentException("expected " + c.layers() / 2 + " shifts (one per pair of layers), found "
          + shifts.length);
    }
    int d = c.d();
    int e = c.width();
    int h = c.heads();
    int n = c.n();
    double[][][] wq = new double[c.layers()][e][h * e];
    double[][][] wk = new double[c.layers()][e][h * e];
    double[][][] wv = new double[c.layers()][e][h * d];
    for (int m = 0; m < shifts.length; m++) {
      if (!Double.isFinite(shifts[m])) {
        throw new IllegalArgumentException("shift " + m + " must be finite, found " + shifts[m]);
      }
      int power = 2 * m;
      int gs = 2 * m + 1;
      for (int head = 0; head < 4; head++) {
        double sign = head % 2 == 0 ? 1 : -1;
        for (int j = 0; j < d; j++) {
          if (head < 2) {
            // power layer, heads 0, 1: scores +-(v . x_t) / n over the point tokens, values +-H x_t into the state
            wq[power][d + j][head * e + j] = sign;
            wk[power][j][head * e + j] = 1;
            wv[power][j][head * d + j] = sign * h;
          } else {
            // power layer, heads 2, 3: values +-H v (scores from the flags below)
            wv[power][d + j][head * d + j] = sign * h;
            // Gram-Schmidt layer, heads 2, 3: scores +-(v_p . v_q - [p = q]) over query tokens q <= p, values -+H v_q
            wq[gs][d + j][head * e + d + j] = sign * n;
            wk[gs][d + j][head * e + d + j] = 1;
            wv[gs][d + j][head * d + j] = -sign * h;
          }
        }
        if (head >= 2) {
          for (int p = 0; p < c.k(); p++) {
            int flag = 2 * d + 1 + p;
            wq[power][flag][head * e + flag] = sign * n * (shifts[m] - 1);
            wk[power][flag][head * e + flag] = 1;
            wq[gs][flag][head * e + flag] = -sign * n;
            wk[gs][flag][head * e + flag] = 1;
          }
        }
      }
    }
    double[][] wout = new double[e][d];
    for (int j = 0; j < d; j++) {
      wout[d + j][j] = 1;
    }
    return new LearnedSpectralTransformer(c, wq, wk, wv, wout);
  }

  /**
   * Random weights from the caller's stream: attention weights N(0, (0.2 / sqrt(E))^2), small so that every layer
   * starts close to the identity (the residual path dominates and activations do not blow up over the layers),
   * readout N(0, 1/E).
   */
  public static LearnedSpectralTransformer random(Config c, Random random) {
    int e = c.width();
    double sd = 0.2 / Math.sqrt(e);
    double[][][][] w = {new double[c.layers()][e][c.heads() * e], new double[c.layers()][e][c.heads() * e],
        new double[c.layers()][e][c.heads() * c.d()]};
    for (double[][][] m : w) {
      for (double[][] layer : m) {
        for (double[] row : layer) {
          for (int j = 0; j < row.length; j++) {
            row[j] = random.nextGaussian() * sd;
          }
        }
      }
    }
    double[][] wout = new double[e][c.d()];
    for (double[] row : wout) {
      for (int j = 0; j < row.length; j++) {
        row[j] = random.nextGaussian() / Math.sqrt(e);
      }
    }
    return new LearnedSpectralTransformer(c, w[0], w[1], w[2], wout);
  }

  /**
   * The input tokens of one instance, [T][E] (see the class comment).
   *
   * @param points [n][d]
   */
  public static double[][] tokens(Config c, double[][] points) {
    if (points.length != c.n()) {
      throw new IllegalArgumentException("expected " + c.n() + " points, found " + points.length);
    }
    double[] mean = Pca.mean(points);
    int d = c.d();
    if (mean.length != d) {
      throw new IllegalArgumentException("expected points in R^" + d + ", found R^" + mean.length);
    }
    double tau = 0;
    for (double[] x : points) {
      for (int j = 0; j < d; j++) {
        tau += (x[j] - mean[j]) * (x[j] - mean[j]);
      }
    }
    tau /= (double) c.n() * d;
    double scale = tau > 0 ? 1 / Math.sqrt(tau) : 0;
    double[][] t = new double[c.tokens()][c.width()];
    for (int i = 0; i < c.n(); i++) {
      for (int j = 0; j < d; j++) {
        t[i][j] = (points[i][j] - mean[j]) * scale;
      }
      t[i][2 * d] = 1;
    }
    for (int p = 0; p < c.k(); p++) {
      t[c.n() + p][d + p] = 1;
      t[c.n() + p][2 * d + 1 + p] = 1;
    }
    return t;
  }

  /** The attention mask [T][T]: 1 where token i may attend to token t (only query tokens attend). */
  public static double[][] mask(Config c) {
    int n = c.n();
    double[][] m = new double[c.tokens()][c.tokens()];
    for (int i = 0; i < c.tokens(); i++) {
      for (int t = 0; t < c.tokens(); t++) {
        m[i][t] = i >= n && (t < n || t <= i) ? 1 : 0;
      }
    }
    return m;
  }

  /**
   * The raw readout, before normalisation and sign fixing: [k][d]. A plain scalar implementation, the reference
   * of the SameDiff graph.
   */
  public double[][] readout(double[][] points) {
    Config c = config;
    int e = c.width();
    int tn = c.tokens();
    int heads = c.heads();
    int d = c.d();
    double[][] h = tokens(c, points);
    double[][] mask = mask(c);
    double[][] q = new double[tn][heads * e];
    double[][] k = new double[tn][heads * e];
    double[][] v = new double[tn][heads * d];
    for (int l = 0; l < c.layers(); l++) {
      multiply(h, wq[l], q);
      multiply(h, wk[l], k);
      multiply(h, wv[l], v);
      double[][] out = new double[tn][e];
      for (int head = 0; head < heads; head++) {
        int off = head * e;
        for (int i = 0; i < tn; i++) {
          for (int t = 0; t < tn; t++) {
            if (mask[i][t] == 0) {
              continue;
            }
            double s = 0;
            for (int m = 0; m < e; m++) {
              s += q[i][off + m] * k[t][off + m];
            }
            double a = Math.max(0, s / c.n());
            if (a == 0) {
              continue;
            }
            for (int j = 0; j < d; j++) {
              out[i][d + j] += a * v[t][head * d + j];
            }
          }
        }
      }
      for (int i = 0; i < tn; i++) {
        for (int m = 0; m < e; m++) {
          h[i][m] += out[i][m] / heads;
        }
      }
      for (int i = c.n(); i < tn; i++) {
        double ss = 0;
        for (int j = d; j < 2 * d; j++) {
          ss += h[i][j] * h[i][j];
        }
        double r = 1 / Math.sqrt(ss + EPS);
        for (int j = d; j < 2 * d; j++) {
          h[i][j] *= r;
        }
      }
    }
    double[][] y = new double[c.k()][d];
    for (int p = 0; p < c.k(); p++) {
      for (int m = 0; m < e; m++) {
        double hm = h[c.n() + p][m];
        for (int j = 0; j < d; j++) {
          y[p][j] += hm * wout[m][j];
        }
      }
    }
    return y;
  }

  private static void multiply(double[][] a, double[][] b, double[][] out) {
    for (int i = 0; i < a.length; i++) {
      Arrays.fill(out[i], 0);
      for (int m = 0; m < b.length; m++) {
        double x = a[i][m];
        if (x == 0) {
          continue;
        }
        double[] row = b[m];
        for (int j = 0; j < row.length; j++) {
          out[i][j] += x * row[j];
        }
      }
    }
  }

  /** The estimates of the top-k eigenvectors: unit vectors [k][d] with their signs fixed. */
  public double[][] forward(double[][] points) {
    double[][] y = readout(points);
    for (double[] row : y) {
      double norm = PowerMethod.norm(row);
      if (norm > 0) {
        for (int j = 0; j < row.length; j++) {
          row[j] /= norm;
        }
      }
      PowerMethod.fixSign(row);
    }
    return y;
  }

  /** Per-index mean {@code |cos|} between the outputs and the targets over the instances, [k]. */
  public double[] meanAbsCos(List<SpectralTransformer.Instance> instances) {
    double[] s = new double[config.k()];
    for (SpectralTransformer.Instance in : instances) {
      double[][] out = forward(in.points());
      for (int p = 0; p < config.k(); p++) {
        s[p] += Math.abs(PowerMethod.dot(out[p], in.targets()[p]));
      }
    }
    for (int p = 0; p < s.length; p++) {
      s[p] /= instances.size();
    }
    return s;
  }

  /** The loss {@code 1 - mean |cos|} over indices and instances. */
  public double loss(List<SpectralTransformer.Instance> instances) {
    double l = 0;
    for (double c : meanAbsCos(instances)) {
      l += 1 - c;
    }
    return l / config.k();
  }

  /** The model as JSON: format, version, config and the weight arrays. */
  public ObjectNode toJson(ObjectMapper mapper) {
    ObjectNode root = mapper.createObjectNode();
    root.put("format", FORMAT).put("version", VERSION);
    ObjectNode c = root.putObject("config");
    c.put("d", config.d()).put("n", config.n()).put("k", config.k()).put("layers", config.layers())
        .put("heads", config.heads());
    ArrayNode layers = root.putArray("layers");
    for (int l = 0; l < config.layers(); l++) {
      ObjectNode o = layers.addObject();
      o.set("wq", matrix(mapper, wq[l]));
      o.set("wk", matrix(mapper, wk[l]));
      o.set("wv", matrix(mapper, wv[l]));
    }
    root.set("wout", matrix(mapper, wout));
    return root;
  }

  private static ArrayNode matrix(ObjectMapper mapper, double[][] m) {
    ArrayNode a = mapper.createArrayNode();
    for (double[] row : m) {
      ArrayNode r = a.addArray();
      for (double x : row) {
        r.add(x);
      }
    }
    return a;
  }

  /**
   * Reads {@link #toJson} output.
   *
   * @param source names the input in error messages
   * @throws IOException when the format, version or a shape is wrong
   */
  public static LearnedSpectralTransformer fromJson(JsonNode root, String source) throws IOException {
    if (!FORMAT.equals(root.path("format").asText()) || root.path("version").asInt() != VERSION) {
      throw new IOException(source + ": expected format " + FORMAT + " version " + VERSION + ", found "
          + root.path("format").asText("none") + " version " + root.path("version").asText("none"));
    }
    JsonNode c = root.path("config");
    try {
      Config config = new Config(c.path("d").asInt(), c.path("n").asInt(), c.path("k").asInt(),
          c.path("layers").asInt(), c.path("heads").asInt());
      JsonNode layers = root.path("layers");
      int l = config.layers();
      if (layers.size() != l) {
        throw new IllegalArgumentException("expected " + l + " layers, found " + layers.size());
      }
      double[][][] wq = new double[l][][];
      double[][][] wk = new double[l][][];
      double[][][] wv = new double[l][][];
      for (int i = 0; i < l; i++) {
        wq[i] = matrix(layers.get(i).path("wq"), "layers[" + i + "].wq");
        wk[i] = matrix(layers.get(i).path("wk"), "layers[" + i + "].wk");
        wv[i] = matrix(layers.get(i).path("wv"), "layers[" + i + "].wv");
      }
      return new LearnedSpectralTransformer(config, wq, wk, wv, matrix(root.path("wout"), "wout"));
    } catch (IllegalArgumentException e) {
      throw new IOException(source + ": " + e.getMessage());
    }
  }

  private static double[][] matrix(JsonNode a, String name) {
    if (!a.isArray()) {
      throw new IllegalArgumentException(name + " must be an array of rows");
    }
    double[][] m = new double[a.size()][];
    for (int i = 0; i < a.size(); i++) {
      JsonNode row = a.get(i);
      if (!row.isArray()) {
        throw new IllegalArgumentException(name + "[" + i + "] must be an array of numbers");
      }
      m[i] = new double[row.size()];
      for (int j = 0; j < row.size(); j++) {
        if (!row.get(j).isNumber()) {
          throw new IllegalArgumentException(name + "[" + i + "][" + j + "] must be a number");
        }
        m[i][j] = row.get(j).asDouble();
      }
    }
    return m;
  }
}
