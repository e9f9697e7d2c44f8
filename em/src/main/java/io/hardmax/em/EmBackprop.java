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

  /** One worker's buffers (per layer l, flat row-major). */
  private static final class Worker {
    final int layers;
    final int d;
    final int stride;
    final double[] grad;
    double loss;
    int capN = -1;
    int capK = -1;
    /** Points [n][d]. */
    double[] x;
    /** Centres at the input of each layer, [L + 1][K][d]. */
    double[] mu;
    /** log pi at the input of each layer, [L + 1][K]. */
    double[] logPi;
    /** Queries [L][n][d], keys [L][K][d], values [L][n][d]. */
    double[] q;
    double[] key;
    double[] val;
    /** Scores without the prior term, beta (2 q.k - |k|^2), [L][n][K]; responsibilities [L][n][K]. */
    double[] raw;
    double[] r;
    /** Last layer's log responsibilities [n][K]. */
    double[] logR;
    /** Responsibility mass [L][K]; u - mu [L][K][d]. */
    double[] mass;
    double[] delta;
    /** Backward buffers. */
    double[] dmu;
    double[] dmuNext;
    double[] dlp;
    double[] dlpNext;
    double[] dlogR;
    double[] dq;
    double[] dkey;
    double[] dv;
    double[] ddelta;
    double[] dm;
    int[] labels;

    Worker(int layers, int d) {
      this.layers = layers;
      this.d = d;
      this.stride = 4 * d * d + 2;
      this.grad = new double[layers * stride];
    }

    void ensure(int n, int k) {
      if (n <= capN && k <= capK) {
        return;
      }
      capN = Math.max(n, capN);
      capK = Math.max(k, capK);
      n = capN;
      k = capK;
      x = new double[n * d];
      mu = new double[(layers + 1) * k * d];
      logPi = new double[(layers + 1) * k];
      q = new double[layers * n * d];
      key = new double[layers * k * d];
      val = new double[layers * n * d];
      raw = new double[layers * n * k];
      r = new double[layers * n * k];
      logR = new double[n * k];
      mass = new double[layers * k];
      delta = new double[layers * k * d];
      dmu = new double[k * d];
      dmuNext = new double[k * d];
      dlp = new double[k];
      dlpNext = new double[k];
      dlogR = new double[n * k];
      dq = new double[n * d];
      dkey = new double[k * d];
      dv = new double[n * d];
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
        int n = in.points().length;
        int k = in.start().length;
        ensure(n, k);
        for (int i = 0; i < n; i++) {
          if (in.points()[i].length != d) {
            throw new IllegalArgumentException("instance " + b + ", point " + i + ": expected dimension " + d
                + ", found " + in.points()[i].length);
          }
          System.arraycopy(in.points()[i], 0, x, i * d, d);
        }
        for (int c = 0; c < k; c++) {
          System.arraycopy(in.start()[c], 0, mu, c * d, d);
        }
        forward(p, n, k);
        double[][] lr = new double[n][k];
        for (int i = 0; i < n; i++) {
          System.arraycopy(logR, i * k, lr[i], 0, k);
        }
        int[] perm = EmGraph.matching(in.labels(), lr);
        Arrays.fill(dlogR, 0, n * k, 0);
        for (int i = 0; i < n; i++) {
          int c = perm[in.labels()[i]];
          loss -= logR[i * k + c] * scale;
          dlogR[i * k + c] = -scale;
        }
        if (backward) {
          backward(p, n, k);
        }
      }
    }

    /** x [n][d] times the d x d matrix at p[w] into out [n][d] at offset o. */
    private void project(double[] a, int ao, int rows, double[] p, int w, double[] out, int o) {
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
        int ql = l * n * d;
        int kl = l * k * d;
        int rl = l * n * k;
        project(x, 0, n, p, wq, q, ql);
        project(mu, mo, k, p, wk, key, kl);
        project(x, 0, n, p, wv, val, ql);
        double[] kn = new double[k];
        for (int c = 0; c < k; c++) {
          double s = 0;
          for (int j = 0; j < d; j++) {
            s += key[kl + c * d + j] * key[kl + c * d + j];
          }
          kn[c] = s;
        }
        boolean last = l == layers - 1;
        for (int c = 0; c < k; c++) {
          mass[l * k + c] = 0;
        }
        for (int i = 0; i < n; i++) {
          double max = Double.NEGATIVE_INFINITY;
          for (int c = 0; c < k; c++) {
            double dot = 0;
            for (int j = 0; j < d; j++) {
              dot += q[ql + i * d + j] * key[kl + c * d + j];
            }
            double raw0 = beta * (2 * dot - kn[c]);
            raw[rl + i * k + c] = raw0;
            double s = raw0 + gamma * logPi[l * k + c];
            r[rl + i * k + c] = s;
            max = Math.max(max, s);
          }
          double sum = 0;
          for (int c = 0; c < k; c++) {
            sum += Math.exp(r[rl + i * k + c] - max);
          }
          double lse = max + Math.log(sum);
          for (int c = 0; c < k; c++) {
            double lr = r[rl + i * k + c] - lse;
            if (last) {
              logR[i * k + c] = lr;
            }
            double e = Math.exp(lr);
            r[rl + i * k + c] = e;
            mass[l * k + c] += e;
          }
        }
        // M-step: u_c = sum_i r_ic v_i / (m_c + eps); mu' = mu + (u - mu) Wo
        for (int c = 0; c < k; c++) {
          double inv = 1 / (mass[l * k + c] + LearnedEmTransformer.EPS_ATTENTION);
          for (int j = 0; j < d; j++) {
            double u = 0;
            for (int i = 0; i < n; i++) {
              u += r[rl + i * k + c] * val[ql + i * d + j];
            }
            delta[kl + c * d + j] = u * inv - mu[mo + c * d + j];
          }
          logPi[(l + 1) * k + c] = Math.log(mass[l * k + c] / n + LearnedEmTransformer.EPS_PRIOR);
        }
        int next = (l + 1) * k * d;
        project(delta, kl, k, p, wo, mu, next);
        for (int j = 0; j < k * d; j++) {
          mu[next + j] += mu[mo + j];
        }
      }
    }

    /** Adds the gradient; dlogR holds dLoss/d logR of the last layer on entry. */
    void backward(double[] p, int n, int k) {
      Arrays.fill(dmuNext, 0, k * d, 0);
      Arrays.fill(dlpNext, 0, k, 0);
      for (int l = layers - 1; l >= 0; l--) {
        int base = l * stride;
        int wq = base;
        int wk = base + d * d;
        int wv = base + 2 * d * d;
        int wo = base + 3 * d * d;
        double beta = Math.exp(p[base + 4 * d * d]);
        double gamma = p[base + 4 * d * d + 1];
        int mo = l * k * d;
        int ql = l * n * d;
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
        // u_c = sum_i A_ic v_i, A_ic = r_ic / (m_c + eps); log pi'_c = log(m_c / n + eps_p)
        Arrays.fill(dv, 0, n * d, 0);
        for (int c = 0; c < k; c++) {
          double m = mass[l * k + c];
          double inv = 1 / (m + LearnedEmTransformer.EPS_ATTENTION);
          // sum_i dA_ic r_ic, with dA_ic = du_c . v_i
          double dAr = 0;
          for (int i = 0; i < n; i++) {
            double dA = 0;
            for (int j = 0; j < d; j++) {
              dA += ddelta[c * d + j] * val[ql + i * d + j];
            }
            double ric = r[rl + i * k + c];
            dAr += dA * ric;
            double a = ric * inv;
            for (int j = 0; j < d; j++) {
              dv[i * d + j] += a * ddelta[c * d + j];
            }
            // the dA / (m + eps) part of dr, times r (through r = exp(logR))
            dlogR[i * k + c] += dA * inv * ric;
          }
          dm[c] = -dAr * inv * inv + dlpNext[c] / (m + n * LearnedEmTransformer.EPS_PRIOR);
        }
        for (int i = 0; i < n; i++) {
          for (int c = 0; c < k; c++) {
            dlogR[i * k + c] += dm[c] * r[rl + i * k + c];
          }
        }
        // dWv = x^T dv
        for (int i = 0; i < n; i++) {
          for (int a = 0; a < d; a++) {
            double xa = x[i * d + a];
            for (int j = 0; j < d; j++) {
              grad[wv + a * d + j] += xa * dv[i * d + j];
            }
          }
        }
        // log-softmax: ds = dlogR - r * sum_c dlogR
        double dBeta = 0;
        double dGamma = 0;
        Arrays.fill(dlp, 0, k, 0);
        Arrays.fill(dq, 0, n * d, 0);
        Arrays.fill(dkey, 0, k * d, 0);
        double[] dsSum = new double[k];
        for (int i = 0; i < n; i++) {
          double tot = 0;
          for (int c = 0; c < k; c++) {
            tot += dlogR[i * k + c];
          }
          for (int c = 0; c < k; c++) {
            double ds = dlogR[i * k + c] - r[rl + i * k + c] * tot;
            dBeta += ds * raw[rl + i * k + c];
            dGamma += ds * logPi[l * k + c];
            dlp[c] += gamma * ds;
            dsSum[c] += ds;
            double f = 2 * beta * ds;
            for (int j = 0; j < d; j++) {
              dq[i * d + j] += f * key[kl + c * d + j];
              dkey[c * d + j] += f * q[ql + i * d + j];
            }
          }
        }
        for (int c = 0; c < k; c++) {
          for (int j = 0; j < d; j++) {
            dkey[c * d + j] -= 2 * beta * dsSum[c] * key[kl + c * d + j];
          }
        }
        grad[base + 4 * d * d] += dBeta; // d/d logBeta of beta * f = beta * f = raw
        grad[base + 4 * d * d + 1] += dGamma;
        for (int i = 0; i < n; i++) {
          for (int a = 0; a < d; a++) {
            double xa = x[i * d + a];
            for (int j = 0; j < d; j++) {
              grad[wq + a * d + j] += xa * dq[i * d + j];
            }
          }
        }
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
