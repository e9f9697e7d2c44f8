package io.hardmax.em;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Expectation-maximisation for Gaussian mixtures (Dempster, Laird and Rubin, JRSS B 1977; Bishop, <i>Pattern
 * Recognition and Machine Learning</i>, section 9.2.2). Initialisation: k-means++ centres from the passed-in seed,
 * each point assigned to its nearest centre, then one M-step. E-step in log space with a max-subtracted
 * log-sum-exp; M-step with the jitter of {@link GmmConfig#jitter} added to each covariance diagonal (raised
 * tenfold, at most 12 times, if a full covariance still fails its Cholesky factorisation).
 *
 * <p>The log-likelihood of EM never decreases; with a jitter it may fall by round-off-sized amounts near the
 * optimum, which the tests bound.
 */
public final class GmmTrainer {

  private static final double LOG_2PI = Math.log(2 * Math.PI);

  private final GmmConfig config;

  public GmmTrainer(GmmConfig config) {
    if (config == null) {
      throw new IllegalArgumentException("config must be set, found null");
    }
    this.config = config;
  }

  /** The configuration. */
  public GmmConfig config() {
    return config;
  }

  /**
   * Fits a mixture to {@code x}.
   *
   * @param x    points [n][d], n &gt;= K, finite
   * @param seed seed of the k-means++ initialisation
   */
  public GaussianMixture fit(double[][] x, long seed) {
    int k = config.components();
    int d = KMeans.checkData(x, k);
    int n = x.length;
    double[][] centres = KMeans.plusPlus(x, k, new Random(seed));
    double[][] resp = new double[n][k];
    for (int i = 0; i < n; i++) {
      resp[i][KMeans.nearest(x[i], centres)] = 1;
    }
    Params p = mStep(x, resp, d);
    double ll = eStep(x, p, resp);
    List<Double> trace = new ArrayList<>();
    trace.add(ll);
    boolean converged = false;
    int it = 0;
    while (it < config.maxIterations()) {
      it++;
      p = mStep(x, resp, d);
      double next = eStep(x, p, resp);
      trace.add(next);
      boolean small = (next - ll) / n < config.tolerance();
      ll = next;
      if (small) {
        converged = true;
        break;
      }
    }
    double bic = -2 * ll + GaussianMixture.parameters(k, d, config.covarianceType()) * Math.log(n);
    return new GaussianMixture(config, seed, p.weights, p.means, p.cov, ll, List.copyOf(trace), converged, it, n,
        bic);
  }

  private record Params(double[] weights, double[][] means, double[][][] cov, Cholesky[] chol) {}

  private Params mStep(double[][] x, double[][] resp, int d) {
    int n = x.length;
    int k = config.components();
    double[] nk = new double[k];
    double[][] means = new double[k][d];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < k; c++) {
        nk[c] += resp[i][c];
        for (int j = 0; j < d; j++) {
          means[c][j] += resp[i][c] * x[i][j];
        }
      }
    }
    double[] weights = new double[k];
    // a component with no responsibility keeps a tiny weight and the global mean so the fit can continue
    double tiny = 10 * Double.MIN_NORMAL;
    double[] global = new double[d];
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        global[j] += row[j] / n;
      }
    }
    for (int c = 0; c < k; c++) {
      nk[c] = Math.max(nk[c], tiny);
      weights[c] = nk[c] / n;
      for (int j = 0; j < d; j++) {
        means[c][j] = nk[c] > 1e-12 ? means[c][j] / nk[c] : global[j];
      }
    }
    double[][][] cov = new double[k][d][d];
    double[] diff = new double[d];
    for (int c = 0; c < k; c++) {
      double[][] s = cov[c];
      for (int i = 0; i < n; i++) {
        double r = resp[i][c];
        if (r == 0) {
          continue;
        }
        for (int j = 0; j < d; j++) {
          diff[j] = x[i][j] - means[c][j];
        }
        switch (config.covarianceType()) {
          case FULL -> {
            for (int a = 0; a < d; a++) {
              for (int b = 0; b <= a; b++) {
                s[a][b] += r * diff[a] * diff[b];
              }
            }
          }
          case DIAGONAL -> {
            for (int a = 0; a < d; a++) {
              s[a][a] += r * diff[a] * diff[a];
            }
          }
          case SPHERICAL -> {
            double q = 0;
            for (int a = 0; a < d; a++) {
              q += diff[a] * diff[a];
            }
            s[0][0] += r * q / d;
          }
        }
      }
      if (config.covarianceType() == CovarianceType.SPHERICAL) {
        for (int a = 1; a < d; a++) {
          s[a][a] = s[0][0];
        }
      }
      for (int a = 0; a < d; a++) {
        for (int b = 0; b <= a; b++) {
          s[a][b] /= nk[c];
          s[b][a] = s[a][b];
        }
      }
    }
    Cholesky[] chol = new Cholesky[k];
    for (int c = 0; c < k; c++) {
      chol[c] = addJitter(cov[c], c);
    }
    return new Params(weights, means, cov, chol);
  }

  private Cholesky addJitter(double[][] s, int component) {
    double jitter = config.jitter();
    for (int a = 0; a < s.length; a++) {
      s[a][a] += jitter;
    }
    Optional<Cholesky> f = Cholesky.of(s);
    double extra = Math.max(jitter, 1e-12);
    for (int tries = 0; f.isEmpty() && tries < 12; tries++) {
      for (int a = 0; a < s.length; a++) {
        s[a][a] += extra;
      }
      extra *= 10;
      f = Cholesky.of(s);
    }
    return f.orElseThrow(() -> new IllegalStateException("covariance of component " + component
        + " is not positive definite even after jitter; are the points finite and not all identical?"));
  }

  /** Fills {@code resp} with the posteriors and returns the total log-likelihood. */
  private double eStep(double[][] x, Params p, double[][] resp) {
    double total = 0;
    int k = p.weights.length;
    for (int i = 0; i < x.length; i++) {
      double[] r = resp[i];
      for (int c = 0; c < k; c++) {
        r[c] = Math.log(p.weights[c]) + logDensity(x[i], p.means[c], p.chol[c]);
      }
      double lse = logSumExp(r);
      total += lse;
      for (int c = 0; c < k; c++) {
        r[c] = Math.exp(r[c] - lse);
      }
    }
    return total;
  }

  static void logJoint(double[] x, GaussianMixture m, Cholesky[] chol, double[] out) {
    for (int c = 0; c < out.length; c++) {
      out[c] = Math.log(m.weights()[c]) + logDensity(x, m.means()[c], chol[c]);
    }
  }

  private static double logDensity(double[] x, double[] mean, Cholesky chol) {
    return -0.5 * (x.length * LOG_2PI + chol.logDeterminant() + chol.mahalanobis(x, mean));
  }

  /** {@code log sum exp(v)}, max-subtracted; negative infinity for an all negative infinity input. */
  public static double logSumExp(double[] v) {
    double max = Double.NEGATIVE_INFINITY;
    for (double a : v) {
      max = Math.max(max, a);
    }
    if (max == Double.NEGATIVE_INFINITY) {
      return max;
    }
    double s = 0;
    for (double a : v) {
      s += Math.exp(a - max);
    }
    return max + Math.log(s);
  }
}
