package io.hardmax.em;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The matched cross-entropy of a {@link LearnedEmTransformer} on a batch and its gradient, by a hand-written
 * forward and backward pass in plain Java: the same function as {@link EmGraph} (the SameDiff reference the tests
 * compare with) and {@link SameDiffEmTrainer}'s loss. Per instance the true labels are relabelled by the
 * permutation that maximises the log-likelihood of the last responsibilities ({@link EmGraph#matching}); the loss is
 * {@code -sum_i log r_i(perm(y_i)) / sum n} over the batch. Parameters are the flat vector of
 * {@link LearnedEmTransformer#flatten()}.
 *
 * <p>The batch is split into {@code threads} contiguous chunks, one worker and gradient buffer each, added in chunk
 * order: same parameters, batch and thread count give the same bits. Buffers grow to the largest n and K seen and
 * are then reused.
 *
 * <p>How it is made fast (d = 5, K = 3, n = 200): (1) the per-point queries and values are never formed:
 * {@code q_i . key_c = x_i . (Wq key_c)} and {@code sum_i r_ic v_i = (sum_i r_ic x_i) Wv}, so each layer touches the
 * n points only through K x d axpys (scores) and K x d dot products (responsibility-weighted sums), and the
 * backward pass likewise ({@code dA_ic = x_i . (Wv du_c)}, the Wq, key and log-beta gradients from
 * {@code sum_i ds_ic x_i}); (2) arrays indexed by the points are stored point-last ({@code [d][n]} points,
 * {@code [K][n]} responsibilities) so the inner loops run over n contiguous values, with four partial sums in the
 * n-long dot products; (3) one {@code exp} per responsibility (the forward pass keeps {@code exp(s - max)} and
 * divides by its sum; the log is taken only for the last layer); (4) every buffer is preallocated per worker.
 */
public final class EmBackprop implements AutoCloseable {

  private final int layers;
  private final int d;
  private final int threads;
  private final Worker[] workers;
  private final ExecutorService pool;

  public EmBackprop(int layers, int d, int threads) {
    if (layers < 1 || d < 1 || threads < 1) {
      throw new IllegalArgumentException("need layers, d, threads >= 1, found " + layers + ", " + d + ", " + threads);
    }
    this.layers = layers;
    this.d = d;
    this.threads = threads;
    this.workers = new Worker[threads];
    for (int w = 0; w < threads; w++) {
      workers[w] = new Worker(layers, d);
    }
    this.pool = threads > 1 ? Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "hardmax-em-backprop");
      t.setDaemon(true);
      return t;
    }) : null;
  }

  /** Length of the parameter vector. */
  public int size() {
    return layers * (4 * d * d + 2);
  }

  /**
   * The batch loss, with its gradient written into {@code grad} (overwritten; null for the loss only).
   *
   * @param params {@link LearnedEmTransformer#flatten()} of the current weights
   */
  public double lossAndGradient(double[] params, List<EmTransformerTrainer.Instance> batch, double[] grad) {
    if (batch.isEmpty()) {
      throw new IllegalArgumentException("empty batch");
    }
    if (params.length != size() || (grad != null && grad.length != size())) {
      throw new IllegalArgumentException("expected " + size() + " parameters and gradient entries, found "
          + params.length + " and " + (grad == null ? "none" : grad.length));
    }
    long total = 0;
    for (EmTransformerTrainer.Instance in : batch) {
      total += in.points().length;
    }
    double scale = 1.0 / total;
    int b = batch.size();
    int chunks = Math.min(threads, b);
    if (chunks == 1) {
      workers[0].run(params, batch, 0, b, scale, grad != null);
    } else {
      Future<?>[] f = new Future<?>[chunks];
      for (int w = 0; w < chunks; w++) {
        int from = (int) ((long) b * w / chunks);
        int to = (int) ((long) b * (w + 1) / chunks);
        Worker worker = workers[w];
        f[w] = pool.submit(() -> worker.run(params, batch, from, to, scale, grad != null));
      }
      for (Future<?> x : f) {
        try {
          x.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
          throw new IllegalStateException("an EM backprop worker failed: " + e.getCause(), e.getCause());
        }
      }
    }
    double loss = 0;
    for (int w = 0; w < chunks; w++) {
      loss += workers[w].loss;
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

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  /** One worker's buffers (per layer l, flat; n-indexed arrays point-last). */
  private static final class Worker {
    final int layers;
    final int d;
    final int stride;
    final double[] grad;
    double loss;
    int capN = -1;
    int capK = -1;
    /** Points, transposed: [d][n]. */
    double[] xt;
    /** Centres at the input of each layer, [L + 1][K][d]. */
    double[] mu;
    /** log pi at the input of each layer, [L + 1][K]. */
    double[] logPi;
    /** Keys [L][K][d]; Wq key [L][K][d]; |key|^2 [L][K]. */
    double[] key;
    double[] kq;
    double[] kn;
    /** Responsibilities [L][K][n]; sum_i r_ic x_i [L][K][d]. */
    double[] r;
    double[] rx;
    /** Last layer's log responsibilities [K][n]. */
    double[] logR;
    /** Responsibility mass [L][K]; u - mu [L][K][d]. */
    double[] mass;
    double[] delta;
    /** Per-point scratch: row maximum, sum of exponentials, dA. */
    double[] rowMax;
    double[] rowSum;
    double[] rowA;
    /** Backward buffers. */
    double[] dmu;
    double[] dmuNext;
    double[] dlp;
    double[] dlpNext;
    double[] dlogR;
    double[] dkey;
    double[] ddelta;
    double[] dm;
    final double[] wcol;
    double[][] gain;

    Worker(int layers, int d) {
      this.layers = layers;
      this.d = d;
      this.stride = 4 * d * d + 2;
      this.grad = new double[layers * stride];
      this.wcol = new double[d];
    }

    void ensure(int n, int k) {
      if (n <= capN && k <= capK) {
        return;
      }
      capN = Math.max(n, capN);
      capK = Math.max(k, capK);
      n = capN;
      k = capK;
      xt = new double[d * n];
      mu = new double[(layers + 1) * k * d];
      logPi = new double[(layers + 1) * k];
      key = new double[layers * k * d];
      kq = new double[layers * k * d];
      kn = new double[layers * k];
      r = new double[layers * n * k];
      rx = new double[layers * k * d];
      logR = new double[n * k];
      mass = new double[layers * k];
      delta = new double[layers * k * d];
      rowMax = new double[n];
      rowSum = new double[n];
      rowA = new double[n];
      dmu = new double[k * d];
      dmuNext = new double[k * d];
      dlp = new double[k];
      dlpNext = new double[k];
      dlogR = new double[n * k];
      dkey = new double[k * d];
      ddelta = new double[k * d];
      dm = new double[k];
    }

    void run(double[] p, List<EmTransformerTrainer.Instance> batch, int from, int to, double scale, boolean backward) {
      if (backward) {
        Arrays.fill(grad, 0);
      }
      loss = 0;
      for (int b = from; b < to; b++) {
        EmTransformerTrainer.Instance in = batch.get(b);
        double[][] points = in.points();
        int n = points.length;
        int k = in.start().length;
        ensure(n, k);
        for (int i = 0; i < n; i++) {
          double[] xi = points[i];
          if (xi.length != d) {
            throw new IllegalArgumentException("instance " + b + ", point " + i + ": expected dimension " + d
                + ", found " + xi.length);
          }
          for (int a = 0; a < d; a++) {
            xt[a * n + i] = xi[a];
          }
        }
        for (int c = 0; c < k; c++) {
          System.arraycopy(in.start()[c], 0, mu, c * d, d);
        }
        forward(p, n, k);
        // the permutation of the true labels maximising sum_i logR[i][perm(y_i)] (as EmGraph.matching)
        if (gain == null || gain.length != k) {
          gain = new double[k][k];
        }
        int[] labels = in.labels();
        for (double[] g : gain) {
          Arrays.fill(g, 0);
        }
        for (int i = 0; i < n; i++) {
          double[] g = gain[labels[i]];
          for (int c = 0; c < k; c++) {
            g[c] += logR[c * n + i];
          }
        }
        int[] perm = LabelMatching.bestPermutation(gain);
        Arrays.fill(dlogR, 0, n * k, 0);
        for (int i = 0; i < n; i++) {
          int c = perm[labels[i]];
          loss -= logR[c * n + i] * scale;
          dlogR[c * n + i] = -scale;
        }
        if (backward) {
          backward(p, n, k);
        }
      }
    }

    /** sum_i a[ao + i] b[bo + i] over n, four partial sums. */
    private static double dot(double[] a, int ao, double[] b, int bo, int n) {
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      int i = 0;
      for (; i + 3 < n; i += 4) {
        s0 += a[ao + i] * b[bo + i];
        s1 += a[ao + i + 1] * b[bo + i + 1];
        s2 += a[ao + i + 2] * b[bo + i + 2];
        s3 += a[ao + i + 3] * b[bo + i + 3];
      }
      for (; i < n; i++) {
        s0 += a[ao + i] * b[bo + i];
      }
      return (s0 + s1) + (s2 + s3);
    }

    /** sum_i a[ao + i] over n, four partial sums. */
    private static double sum(double[] a, int ao, int n) {
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      int i = 0;
      for (; i + 3 < n; i += 4) {
        s0 += a[ao + i];
        s1 += a[ao + i + 1];
        s2 += a[ao + i + 2];
        s3 += a[ao + i + 3];
      }
      for (; i < n; i++) {
        s0 += a[ao + i];
      }
      return (s0 + s1) + (s2 + s3);
    }

    /** y[yo + i] += alpha x[xo + i] over n. */
    private static void axpy(double alpha, double[] x, int xo, double[] y, int yo, int n) {
      for (int i = 0; i < n; i++) {
        y[yo + i] += alpha * x[xo + i];
      }
    }

    /** a [rows][d] at ao times the d x d matrix at p[w] into out [rows][d] at offset o. */
    private void projectRows(double[] a, int ao, int rows, double[] p, int w, double[] out, int o) {
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < d; j++) {
          double s = 0;
          for (int m = 0; m < d; m++) {
            s += a[ao + i * d + m] * p[w + m * d + j];
          }
          out[o + i * d + j] = s;
        }
      }
    }

    void forward(double[] p, int n, int k) {
      Arrays.fill(logPi, 0, k, 0);
      for (int l = 0; l < layers; l++) {
        int base = l * stride;
        int wq = base;
        int wk = base + d * d;
        int wv = base + 2 * d * d;
        int wo = base + 3 * d * d;
        double beta = Math.exp(p[base + 4 * d * d]);
        double gamma = p[base + 4 * d * d + 1];
        int mo = l * k * d;
        int kl = l * k * d;
        int rl = l * n * k;
        projectRows(mu, mo, k, p, wk, key, kl);
        // q_i . key_c = x_i . kq_c with kq_c = Wq key_c, so the queries are never formed
        for (int c = 0; c < k; c++) {
          double s = 0;
          for (int j = 0; j < d; j++) {
            s += key[kl + c * d + j] * key[kl + c * d + j];
          }
          kn[l * k + c] = s;
          for (int a = 0; a < d; a++) {
            double t = 0;
            for (int j = 0; j < d; j++) {
              t += p[wq + a * d + j] * key[kl + c * d + j];
            }
            kq[kl + c * d + a] = t;
          }
        }
        boolean last = l == layers - 1;
        // s_ci = beta (2 x_i . kq_c - |key_c|^2) + gamma log pi_c, kept in r until the softmax
        Arrays.fill(rowMax, 0, n, Double.NEGATIVE_INFINITY);
        for (int c = 0; c < k; c++) {
          int row = rl + c * n;
          double c0 = -beta * kn[l * k + c] + gamma * logPi[l * k + c];
          for (int i = 0; i < n; i++) {
            r[row + i] = c0;
          }
          for (int a = 0; a < d; a++) {
            axpy(2 * beta * kq[kl + c * d + a], xt, a * n, r, row, n);
          }
          for (int i = 0; i < n; i++) {
            rowMax[i] = Math.max(rowMax[i], r[row + i]);
          }
        }
        if (last) {
          System.arraycopy(r, rl, logR, 0, n * k);
        }
        Arrays.fill(rowSum, 0, n, 0);
        for (int c = 0; c < k; c++) {
          int row = rl + c * n;
          for (int i = 0; i < n; i++) {
            double e = Math.exp(r[row + i] - rowMax[i]);
            r[row + i] = e;
            rowSum[i] += e;
          }
        }
        if (last) {
          for (int i = 0; i < n; i++) {
            rowMax[i] += Math.log(rowSum[i]);
          }
          for (int c = 0; c < k; c++) {
            for (int i = 0; i < n; i++) {
              logR[c * n + i] -= rowMax[i];
            }
          }
        }
        for (int i = 0; i < n; i++) {
          rowSum[i] = 1 / rowSum[i];
        }
        // M-step: u_c = sum_i r_ic v_i / (m_c + eps) = (sum_i r_ic x_i) Wv / (m_c + eps); mu' = mu + (u - mu) Wo
        for (int c = 0; c < k; c++) {
          int row = rl + c * n;
          for (int i = 0; i < n; i++) {
            r[row + i] *= rowSum[i];
          }
          double m = sum(r, row, n);
          mass[l * k + c] = m;
          for (int a = 0; a < d; a++) {
            rx[kl + c * d + a] = dot(r, row, xt, a * n, n);
          }
          double inv = 1 / (m + LearnedEmTransformer.EPS_ATTENTION);
          for (int j = 0; j < d; j++) {
            double u = 0;
            for (int a = 0; a < d; a++) {
              u += rx[kl + c * d + a] * p[wv + a * d + j];
            }
            delta[kl + c * d + j] = u * inv - mu[mo + c * d + j];
          }
          logPi[(l + 1) * k + c] = Math.log(m / n + LearnedEmTransformer.EPS_PRIOR);
        }
        int next = (l + 1) * k * d;
        projectRows(delta, kl, k, p, wo, mu, next);
        for (int j = 0; j < k * d; j++) {
          mu[next + j] += mu[mo + j];
        }
      }
    }

    /** Adds the gradient; dlogR holds dLoss/d logR of the last layer on entry ([K][n]). */
    void backward(double[] p, int n, int k) {
      Arrays.fill(dmuNext, 0, k * d, 0);
      Arrays.fill(dlpNext, 0, k, 0);
      double[] w = wcol;
      for (int l = layers - 1; l >= 0; l--) {
        int base = l * stride;
        int wq = base;
        int wk = base + d * d;
        int wv = base + 2 * d * d;
        int wo = base + 3 * d * d;
        double beta = Math.exp(p[base + 4 * d * d]);
        double gamma = p[base + 4 * d * d + 1];
        int mo = l * k * d;
        int kl = l * k * d;
        int rl = l * n * k;
        if (l < layers - 1) {
          Arrays.fill(dlogR, 0, n * k, 0);
        }
        // mu' = mu + delta Wo
        System.arraycopy(dmuNext, 0, dmu, 0, k * d);
        for (int c = 0; c < k; c++) {
          for (int a = 0; a < d; a++) {
            double s = 0;
            double da = delta[kl + c * d + a];
            for (int j = 0; j < d; j++) {
              double g = dmuNext[c * d + j];
              s += g * p[wo + a * d + j];
              grad[wo + a * d + j] += da * g;
            }
            ddelta[c * d + a] = s;
            dmu[c * d + a] -= s; // delta = u - mu
          }
        }
        // u_c = sum_i A_ic v_i, A_ic = r_ic / (m_c + eps), v_i = x_i Wv; log pi'_c = log(m_c / n + eps_p)
        for (int c = 0; c < k; c++) {
          int row = rl + c * n;
          double m = mass[l * k + c];
          double inv = 1 / (m + LearnedEmTransformer.EPS_ATTENTION);
          // dA_ic = du_c . v_i = x_i . w_c with w_c = Wv du_c; sum_i dA_ic r_ic = w_c . (sum_i r_ic x_i)
          double dAr = 0;
          for (int a = 0; a < d; a++) {
            double t = 0;
            for (int j = 0; j < d; j++) {
              double g = ddelta[c * d + j];
              t += p[wv + a * d + j] * g;
              // dWv = sum_i x_i^T dv_i with dv_i = sum_c A_ic du_c
              grad[wv + a * d + j] += inv * rx[kl + c * d + a] * g;
            }
            w[a] = t;
            dAr += t * rx[kl + c * d + a];
          }
          double[] da = rowA;
          for (int i = 0; i < n; i++) {
            da[i] = w[0] * xt[i];
          }
          for (int a = 1; a < d; a++) {
            axpy(w[a], xt, a * n, da, 0, n);
          }
          dm[c] = -dAr * inv * inv + dlpNext[c] / (m + n * LearnedEmTransformer.EPS_PRIOR);
          // dlogR_ic += r_ic (dA_ic / (m + eps) + dm_c): the paths through A and through the mass, times r
          double dmc = dm[c];
          int lr = c * n;
          for (int i = 0; i < n; i++) {
            dlogR[lr + i] += r[row + i] * (da[i] * inv + dmc);
          }
        }
        // log-softmax: ds = dlogR - r * sum_c dlogR (in place in dlogR)
        double[] tot = rowSum;
        Arrays.fill(tot, 0, n, 0);
        for (int c = 0; c < k; c++) {
          for (int i = 0; i < n; i++) {
            tot[i] += dlogR[c * n + i];
          }
        }
        double dBeta = 0;
        double dGamma = 0;
        Arrays.fill(dkey, 0, k * d, 0);
        for (int c = 0; c < k; c++) {
          int row = rl + c * n;
          int lr = c * n;
          for (int i = 0; i < n; i++) {
            dlogR[lr + i] -= r[row + i] * tot[i];
          }
          double ss = sum(dlogR, lr, n);
          dGamma += ss * logPi[l * k + c];
          dlp[c] = gamma * ss;
          // s_ci = beta (2 x_i . kq_c - |key_c|^2) + ...: with xs_c = sum_i ds_ci x_i,
          // d/d log beta = sum_i ds_ci raw_ci = beta (2 kq_c . xs_c - |key_c|^2 ss), d/d kq_c = 2 beta xs_c
          double kqxs = 0;
          for (int a = 0; a < d; a++) {
            double xs = dot(dlogR, lr, xt, a * n, n);
            kqxs += kq[kl + c * d + a] * xs;
            double dkq = 2 * beta * xs;
            for (int j = 0; j < d; j++) {
              grad[wq + a * d + j] += dkq * key[kl + c * d + j];
              dkey[c * d + j] += p[wq + a * d + j] * dkq;
            }
          }
          dBeta += beta * (2 * kqxs - kn[l * k + c] * ss);
          for (int j = 0; j < d; j++) {
            dkey[c * d + j] -= 2 * beta * ss * key[kl + c * d + j];
          }
        }
        grad[base + 4 * d * d] += dBeta;
        grad[base + 4 * d * d + 1] += dGamma;
        for (int c = 0; c < k; c++) {
          for (int a = 0; a < d; a++) {
            double ma = mu[mo + c * d + a];
            double s = 0;
            for (int j = 0; j < d; j++) {
              grad[wk + a * d + j] += ma * dkey[c * d + j];
              s += p[wk + a * d + j] * dkey[c * d + j];
            }
            dmu[c * d + a] += s;
          }
        }
        System.arraycopy(dmu, 0, dmuNext, 0, k * d);
        System.arraycopy(dlp, 0, dlpNext, 0, k);
      }
    }
  }
}
