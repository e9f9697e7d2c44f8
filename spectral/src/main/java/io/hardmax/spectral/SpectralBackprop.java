package io.hardmax.spectral;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The loss {@code 1 - mean |cos|} of a {@link LearnedSpectralTransformer} on a batch and its gradient with respect
 * to every weight, by a hand-written forward and backward pass in plain Java (the same function as
 * {@link SameDiffSpectralTrainer}'s graph, which the tests use as the reference). Weights are one flat vector
 * ({@link #flatten}); every buffer is allocated once per worker, so a step allocates nothing but the batch's tokens.
 *
 * <p>The batch is split into {@code threads} contiguous chunks, one per worker, each with its own gradient buffer;
 * the chunks' losses and gradients are then added in chunk order. So the result depends on the thread count but
 * not on scheduling: same weights, batch and thread count give the same bits.
 *
 * <p>Structure used: the point tokens are never updated and only the k query tokens attend, so per layer the keys
 * and values are computed for all T tokens but queries, scores and the backward pass through the token states
 * only for the query tokens. Inner loops skip zero token channels (a token has d + 1 non-zero channels of
 * {@code 2d + 1 + k}). No explicit SIMD ({@code jdk.incubator.vector}) was tried: the inner loops are 24-96 long
 * axpy/dot loops, left to the JIT.
 */
public final class SpectralBackprop implements AutoCloseable {

  private final LearnedSpectralTransformer.Config c;
  private final int threads;
  /** Per-output loss weights, normalised to mean 1 ([k], all 1 for the plain loss). */
  private final double[] weights;
  private final Worker[] workers;
  private final ExecutorService pool;

  /**
   * @param config  the architecture
   * @param threads workers, &gt;= 1 (the result depends on it; see the class comment)
   */
  public SpectralBackprop(LearnedSpectralTransformer.Config config, int threads) {
    this(config, threads, null);
  }

  /**
   * With per-eigenvector loss weights: the loss of {@link #lossAndGradient} becomes
   * {@code sum_p w_p (1 - mean |cos_p|) / sum_p w_p} (so a larger {@code w_p} makes output p's gradient count more);
   * {@link #unweightedLoss} and {@link #meanAbsCos} are unchanged.
   *
   * @param config      the architecture
   * @param threads     workers, &gt;= 1 (the result depends on it; see the class comment)
   * @param lossWeights [k] finite weights &gt;= 0 with a positive sum, or null for all 1 (the plain loss; all-equal
   *                    weights give the same bits as null)
   */
  public SpectralBackprop(LearnedSpectralTransformer.Config config, int threads, double[] lossWeights) {
    if (threads < 1) {
      throw new IllegalArgumentException("need threads >= 1, found " + threads);
    }
    this.c = config;
    this.threads = threads;
    this.weights = normalisedWeights(config.k(), lossWeights);
    this.workers = new Worker[threads];
    for (int w = 0; w < threads; w++) {
      workers[w] = new Worker(config, weights);
    }
    this.pool = threads > 1 ? Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "hardmax-spectral-backprop");
      t.setDaemon(true);
      return t;
    }) : null;
  }

  /**
   * The loss weights scaled to mean 1, {@code w_p k / sum_q w_q} (all 1 for null).
   *
   * @throws IllegalArgumentException when there are not k weights, one is negative or not finite, or all are 0
   */
  public static double[] normalisedWeights(int k, double[] lossWeights) {
    double[] w = new double[k];
    if (lossWeights == null) {
      Arrays.fill(w, 1);
      return w;
    }
    if (lossWeights.length != k) {
      throw new IllegalArgumentException("expected " + k + " loss weights (one per eigenvector), found "
          + lossWeights.length);
    }
    double sum = 0;
    for (double x : lossWeights) {
      if (!(x >= 0) || !Double.isFinite(x)) {
        throw new IllegalArgumentException("loss weights must be finite and >= 0, found " + Arrays.toString(lossWeights));
      }
      sum += x;
    }
    if (!(sum > 0)) {
      throw new IllegalArgumentException("loss weights must not all be 0");
    }
    for (int p = 0; p < k; p++) {
      w[p] = lossWeights[p] * k / sum;
    }
    return w;
  }

  /** Number of parameters of the flat vector. */
  public static int size(LearnedSpectralTransformer.Config c) {
    int e = c.width();
    return Math.addExact(Math.multiplyExact(c.layers(), Math.multiplyExact(e, (2 * e + c.d()) * c.heads())),
        Math.multiplyExact(e, c.d()));
  }

  /** Offset of layer l's wq in the flat vector; wk follows at {@code + E*H*E}, wv at {@code + 2*E*H*E}. */
  static int layerOffset(LearnedSpectralTransformer.Config c, int l) {
    int e = c.width();
    return l * e * (2 * e + c.d()) * c.heads();
  }

  /** The weights as one vector: per layer wq [E][H*E], wk [E][H*E], wv [E][H*d] (row-major), then wout [E][d]. */
  public static double[] flatten(LearnedSpectralTransformer model) {
    LearnedSpectralTransformer.Config c = model.config();
    double[] p = new double[size(c)];
    int o = 0;
    for (int l = 0; l < c.layers(); l++) {
      for (double[][] w : new double[][][] {model.wq(l), model.wk(l), model.wv(l)}) {
        for (double[] row : w) {
          System.arraycopy(row, 0, p, o, row.length);
          o += row.length;
        }
      }
    }
    for (double[] row : model.wout()) {
      System.arraycopy(row, 0, p, o, row.length);
      o += row.length;
    }
    return p;
  }

  /** The inverse of {@link #flatten}. */
  public static LearnedSpectralTransformer unflatten(LearnedSpectralTransformer.Config c, double[] p) {
    if (p.length != size(c)) {
      throw new IllegalArgumentException("expected " + size(c) + " parameters, found " + p.length);
    }
    int e = c.width();
    int h = c.heads();
    double[][][] wq = new double[c.layers()][e][h * e];
    double[][][] wk = new double[c.layers()][e][h * e];
    double[][][] wv = new double[c.layers()][e][h * c.d()];
    int o = 0;
    for (int l = 0; l < c.layers(); l++) {
      for (double[][] w : new double[][][] {wq[l], wk[l], wv[l]}) {
        for (double[] row : w) {
          System.arraycopy(p, o, row, 0, row.length);
          o += row.length;
        }
      }
    }
    double[][] wout = new double[e][c.d()];
    for (double[] row : wout) {
      System.arraycopy(p, o, row, 0, row.length);
      o += row.length;
    }
    return new LearnedSpectralTransformer(c, wq, wk, wv, wout);
  }

  /**
   * Loss {@code 1 - (1/(B k)) sum w_p |cos(y_p, u_p)|} over the batch (w the loss weights scaled to mean 1; all 1
   * unless given to the constructor), and its gradient written into {@code grad} (overwritten; pass null for the
   * loss only).
   *
   * @param params the flat weights ({@link #flatten})
   */
  public double lossAndGradient(double[] params, List<SpectralTransformer.Instance> batch, double[] grad) {
    int b = batch.size();
    if (b == 0) {
      throw new IllegalArgumentException("empty batch");
    }
    if (params.length != size(c) || (grad != null && grad.length != params.length)) {
      throw new IllegalArgumentException("expected " + size(c) + " parameters and gradient entries, found "
          + params.length + " and " + (grad == null ? "none" : grad.length));
    }
    double scale = 1.0 / ((double) b * c.k());
    int chunks = runChunks(params, batch, scale, grad != null);
    double loss = 1;
    for (int w = 0; w < chunks; w++) {
      loss -= workers[w].weightedAbsCosSum * scale;
    }
    if (grad != null) {
      System.arraycopy(workers[0].grad, 0, grad, 0, grad.length);
      for (int w = 1; w < chunks; w++) {
        double[] g = workers[w].grad;
        for (int j = 0; j < grad.length; j++) {
          grad[j] += g[j];
        }
      }
    }
    return loss;
  }

  /**
   * The plain loss {@code 1 - (1/(B k)) sum |cos(y_p, u_p)|}, whatever the loss weights (the validation loss that
   * keeps the weights; with all weights 1 it equals {@link #lossAndGradient} bit for bit).
   */
  public double unweightedLoss(double[] params, List<SpectralTransformer.Instance> batch) {
    if (batch.isEmpty()) {
      throw new IllegalArgumentException("empty batch");
    }
    if (params.length != size(c)) {
      throw new IllegalArgumentException("expected " + size(c) + " parameters, found " + params.length);
    }
    double scale = 1.0 / ((double) batch.size() * c.k());
    int chunks = runChunks(params, batch, scale, false);
    double loss = 1;
    for (int w = 0; w < chunks; w++) {
      loss -= workers[w].absCosSum * scale;
    }
    return loss;
  }

  /** Runs the workers on contiguous chunks of the batch; returns the number of chunks used. */
  private int runChunks(double[] params, List<SpectralTransformer.Instance> batch, double scale, boolean backward) {
    int b = batch.size();
    int chunks = Math.min(threads, b);
    if (chunks == 1) {
      workers[0].run(params, batch, 0, b, scale, backward);
      return 1;
    }
    Future<?>[] f = new Future<?>[chunks];
    for (int w = 0; w < chunks; w++) {
      int from = (int) ((long) b * w / chunks);
      int to = (int) ((long) b * (w + 1) / chunks);
      Worker worker = workers[w];
      f[w] = pool.submit(() -> worker.run(params, batch, from, to, scale, backward));
    }
    for (Future<?> x : f) {
      try {
        x.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("a backprop worker failed: " + e.getCause(), e.getCause());
      }
    }
    return chunks;
  }

  /** Per-index mean {@code |cos|} of the outputs against the targets, [k] (the cosine as in the loss). */
  public double[] meanAbsCos(double[] params, List<SpectralTransformer.Instance> instances) {
    if (instances.isEmpty()) {
      throw new IllegalArgumentException("no instances");
    }
    int chunks = runChunks(params, instances, 1, false);
    double[] m = new double[c.k()];
    for (int w = 0; w < chunks; w++) {
      for (int p = 0; p < m.length; p++) {
        m[p] += workers[w].absCos[p];
      }
    }
    for (int p = 0; p < m.length; p++) {
      m[p] /= instances.size();
    }
    return m;
  }

  /**
   * What the network would output after each layer, for the analysis of what it computes: the readout applied to
   * the query tokens after layer l, {@code y^l = Wout^T h^l_{n+p}}, [L + 1][k][d] (entry 0 is the readout of the
   * input tokens, entry L the network's raw output).
   */
  public double[][][] layerReadouts(double[] params, double[][] points) {
    Worker w = workers[0];
    w.forward(params, LearnedSpectralTransformer.tokens(c, points));
    int d = c.d();
    int e = c.width();
    int wout = layerOffset(c, c.layers());
    double[][][] out = new double[c.layers() + 1][c.k()][d];
    for (int l = 0; l <= c.layers(); l++) {
      for (int p = 0; p < c.k(); p++) {
        int h = (l * c.k() + p) * e;
        for (int m = 0; m < e; m++) {
          double x = w.hs[h + m];
          for (int j = 0; j < d; j++) {
            out[l][p][j] += x * params[wout + m * d + j];
          }
        }
      }
    }
    return out;
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  /** One worker's buffers; all sizes fixed by the configuration. */
  private static final class Worker {
    final int d;
    final int n;
    final int k;
    final int layers;
    final int heads;
    final int e;
    final int t;
    final int he;
    final int hd;
    final int woutOffset;
    /** Gradient accumulated over this worker's chunk, [P]. */
    final double[] grad;
    /** Sum of |cos| over the chunk. */
    double absCosSum;
    /** Sum of {@code w_p |cos|} over the chunk. */
    double weightedAbsCosSum;
    /** Loss weights, [k], mean 1. */
    final double[] weights;
    /** Sum of |cos| over the chunk per output index, [k]. */
    final double[] absCos;
    /** Input tokens of the instance, [T][E] (the point rows stay the same in every layer). */
    final double[] tok;
    /** Query-token states at the input of each layer, [L + 1][k][E]. */
    final double[] hs;
    /** Queries of the query tokens, [L][k][H*E]. */
    final double[] q;
    /** Keys of all tokens, [L][T][H*E]. */
    final double[] key;
    /** Values of all tokens, [L][T][H*d]. */
    final double[] val;
    /** Scores {@code q . k / n} (before ReLU) of the query tokens, [L][H][k][T]. */
    final double[] s;
    /** Norm of the state channels before normalisation, [L][k]. */
    final double[] rho;
    /** Readout, [k][d]. */
    final double[] y;
    /** Head-summed attention output, [k][d]. */
    final double[] out;
    /** Gradient with respect to the query-token states, [k][E], and its next value. */
    final double[] dh;
    final double[] dhNext;
    /** Gradients of the queries [k][H*E], keys [T][H*E], values [T][H*d]. */
    final double[] dq;
    final double[] dk;
    final double[] dv;
    /** Gradient with respect to the head-summed output, [k][d]. */
    final double[] dout;

    Worker(LearnedSpectralTransformer.Config c, double[] weights) {
      this.weights = weights;
      d = c.d();
      n = c.n();
      k = c.k();
      layers = c.layers();
      heads = c.heads();
      e = c.width();
      t = c.tokens();
      he = heads * e;
      hd = heads * d;
      woutOffset = layerOffset(c, layers);
      grad = new double[size(c)];
      absCos = new double[c.k()];
      tok = new double[t * e];
      hs = new double[(layers + 1) * k * e];
      q = new double[layers * k * he];
      key = new double[layers * t * he];
      val = new double[layers * t * hd];
      s = new double[layers * heads * k * t];
      rho = new double[layers * k];
      y = new double[k * d];
      out = new double[k * d];
      dh = new double[k * e];
      dhNext = new double[k * e];
      dq = new double[k * he];
      dk = new double[t * he];
      dv = new double[t * hd];
      dout = new double[k * d];
    }

    void run(double[] p, List<SpectralTransformer.Instance> batch, int from, int to, double scale, boolean backward) {
      if (backward) {
        Arrays.fill(grad, 0);
      }
      absCosSum = 0;
      weightedAbsCosSum = 0;
      Arrays.fill(absCos, 0);
      for (int b = from; b < to; b++) {
        SpectralTransformer.Instance in = batch.get(b);
        double[][] targets = in.targets();
        if (targets.length < k) {
          throw new IllegalArgumentException("instance " + b + " has " + targets.length + " targets, expected " + k);
        }
        forward(p, LearnedSpectralTransformer.tokens(configOf(), in.points()));
        for (int pp = 0; pp < k; pp++) {
          double[] u = targets[pp];
          double yy = 0;
          double yu = 0;
          for (int j = 0; j < d; j++) {
            double yj = y[pp * d + j];
            yy += yj * yj;
            yu += yj * u[j];
          }
          double ny = Math.sqrt(yy + LearnedSpectralTransformer.EPS);
          double cos = yu / ny;
          absCosSum += Math.abs(cos);
          weightedAbsCosSum += weights[pp] * Math.abs(cos);
          absCos[pp] += Math.abs(cos);
          if (backward) {
            // d(-scale w |cos|)/dy = -scale w sign(cos) (u / ny - yu y / ny^3)
            double sg = cos > 0 ? 1 : cos < 0 ? -1 : 0;
            double sw = scale * weights[pp];
            for (int j = 0; j < d; j++) {
              dout[pp * d + j] = -sw * sg * (u[j] / ny - yu * y[pp * d + j] / (ny * ny * ny));
            }
          }
        }
        if (backward) {
          backward(p);
        }
      }
    }

    private LearnedSpectralTransformer.Config config;

    LearnedSpectralTransformer.Config configOf() {
      if (config == null) {
        config = new LearnedSpectralTransformer.Config(d, n, k, layers, heads);
      }
      return config;
    }

    /** Fills hs, q, key, val, s, rho and y from the tokens [T][E]. */
    void forward(double[] p, double[][] tokens) {
      for (int i = 0; i < t; i++) {
        System.arraycopy(tokens[i], 0, tok, i * e, e);
      }
      for (int pp = 0; pp < k; pp++) {
        System.arraycopy(tokens[n + pp], 0, hs, pp * e, e);
      }
      for (int l = 0; l < layers; l++) {
        int wq = layerOffset(configOf(), l);
        int wk = wq + e * he;
        int wv = wk + e * he;
        int hl = l * k * e;
        int ql = l * k * he;
        int kl = l * t * he;
        int vl = l * t * hd;
        // projections: keys and values of every token, queries of the query tokens
        for (int i = 0; i < t; i++) {
          int src = i < n ? i * e : hl + (i - n) * e;
          double[] h = i < n ? tok : hs;
          project(h, src, p, wk, he, key, kl + i * he);
          project(h, src, p, wv, hd, val, vl + i * hd);
        }
        for (int pp = 0; pp < k; pp++) {
          project(hs, hl + pp * e, p, wq, he, q, ql + pp * he);
        }
        Arrays.fill(out, 0);
        for (int h = 0; h < heads; h++) {
          for (int pp = 0; pp < k; pp++) {
            int qo = ql + pp * he + h * e;
            int so = ((l * heads + h) * k + pp) * t;
            int last = n + pp;
            for (int i = 0; i <= last; i++) {
              int ko = kl + i * he + h * e;
              double dot = 0;
              for (int m = 0; m < e; m++) {
                dot += q[qo + m] * key[ko + m];
              }
              double sc = dot / n;
              s[so + i] = sc;
              if (sc > 0) {
                int vo = vl + i * hd + h * d;
                int oo = pp * d;
                for (int j = 0; j < d; j++) {
                  out[oo + j] += sc * val[vo + j];
                }
              }
            }
          }
        }
        int next = (l + 1) * k * e;
        for (int pp = 0; pp < k; pp++) {
          int src = hl + pp * e;
          int dst = next + pp * e;
          System.arraycopy(hs, src, hs, dst, e);
          double ss = 0;
          for (int j = 0; j < d; j++) {
            double r = hs[dst + d + j] + out[pp * d + j] / heads;
            hs[dst + d + j] = r;
            ss += r * r;
          }
          double norm = Math.sqrt(ss + LearnedSpectralTransformer.EPS);
          rho[l * k + pp] = norm;
          for (int j = 0; j < d; j++) {
            hs[dst + d + j] /= norm;
          }
        }
      }
      int hl = layers * k * e;
      Arrays.fill(y, 0);
      for (int pp = 0; pp < k; pp++) {
        project(hs, hl + pp * e, p, woutOffset, d, y, pp * d);
      }
    }

    /** dst[0..cols) = src[so..so+E) times the matrix at p[w] ([E][cols]), skipping zero entries of the row. */
    private void project(double[] src, int so, double[] p, int w, int cols, double[] dst, int dst0) {
      Arrays.fill(dst, dst0, dst0 + cols, 0);
      for (int m = 0; m < e; m++) {
        double x = src[so + m];
        if (x == 0) {
          continue;
        }
        int row = w + m * cols;
        for (int j = 0; j < cols; j++) {
          dst[dst0 + j] += x * p[row + j];
        }
      }
    }

    /** grad[w..] += src row (E) outer g (cols), skipping zero entries of the row. */
    private void outer(double[] src, int so, double[] g, int go, int w, int cols) {
      for (int m = 0; m < e; m++) {
        double x = src[so + m];
        if (x == 0) {
          continue;
        }
        int row = w + m * cols;
        for (int j = 0; j < cols; j++) {
          grad[row + j] += x * g[go + j];
        }
      }
    }

    /** dst[m] += sum_j W[m][j] g[j] for the matrix at p[w] ([E][cols]). */
    private void backProject(double[] p, int w, int cols, double[] g, int go, double[] dst, int dst0) {
      for (int m = 0; m < e; m++) {
        int row = w + m * cols;
        double acc = 0;
        for (int j = 0; j < cols; j++) {
          acc += p[row + j] * g[go + j];
        }
        dst[dst0 + m] += acc;
      }
    }

    /** Adds this instance's gradient to grad; dout holds dLoss/dy on entry. */
    void backward(double[] p) {
      int hl = layers * k * e;
      Arrays.fill(dh, 0);
      for (int pp = 0; pp < k; pp++) {
        outer(hs, hl + pp * e, dout, pp * d, woutOffset, d);
        backProject(p, woutOffset, d, dout, pp * d, dh, pp * e);
      }
      for (int l = layers - 1; l >= 0; l--) {
        int wq = layerOffset(configOf(), l);
        int wk = wq + e * he;
        int wv = wk + e * he;
        int hin = l * k * e;
        int hout = (l + 1) * k * e;
        int ql = l * k * he;
        int kl = l * t * he;
        int vl = l * t * hd;
        // through the normalisation of the state channels: h' = r / rho
        System.arraycopy(dh, 0, dhNext, 0, k * e);
        for (int pp = 0; pp < k; pp++) {
          double dot = 0;
          for (int j = 0; j < d; j++) {
            dot += hs[hout + pp * e + d + j] * dh[pp * e + d + j];
          }
          double r = rho[l * k + pp];
          for (int j = 0; j < d; j++) {
            double g = (dh[pp * e + d + j] - hs[hout + pp * e + d + j] * dot) / r;
            dhNext[pp * e + d + j] = g; // residual path
            dout[pp * d + j] = g / heads;
          }
        }
        Arrays.fill(dq, 0);
        Arrays.fill(dk, 0);
        Arrays.fill(dv, 0);
        for (int h = 0; h < heads; h++) {
          for (int pp = 0; pp < k; pp++) {
            int qo = ql + pp * he + h * e;
            int so = ((l * heads + h) * k + pp) * t;
            int last = n + pp;
            for (int i = 0; i <= last; i++) {
              double sc = s[so + i];
              if (sc <= 0) {
                continue;
              }
              int vo = vl + i * hd + h * d;
              int dvo = i * hd + h * d;
              double da = 0;
              for (int j = 0; j < d; j++) {
                double g = dout[pp * d + j];
                dv[dvo + j] += sc * g;
                da += g * val[vo + j];
              }
              double ds = da / n;
              int ko = kl + i * he + h * e;
              int dko = i * he + h * e;
              int dqo = pp * he + h * e;
              for (int m = 0; m < e; m++) {
                dq[dqo + m] += ds * key[ko + m];
                dk[dko + m] += ds * q[qo + m];
              }
            }
          }
        }
        for (int i = 0; i < t; i++) {
          double[] src = i < n ? tok : hs;
          int so = i < n ? i * e : hin + (i - n) * e;
          outer(src, so, dk, i * he, wk, he);
          outer(src, so, dv, i * hd, wv, hd);
        }
        for (int pp = 0; pp < k; pp++) {
          outer(hs, hin + pp * e, dq, pp * he, wq, he);
          backProject(p, wq, he, dq, pp * he, dhNext, pp * e);
          backProject(p, wk, he, dk, (n + pp) * he, dhNext, pp * e);
          backProject(p, wv, hd, dv, (n + pp) * hd, dhNext, pp * e);
        }
        System.arraycopy(dhNext, 0, dh, 0, k * e);
      }
    }
  }
}
