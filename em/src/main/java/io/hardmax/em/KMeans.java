package io.hardmax.em;

import java.util.Random;

/**
 * k-means++ seeding (Arthur and Vassilvitskii, "k-means++: the advantages of careful seeding", SODA 2007) and
 * Lloyd's algorithm (Lloyd, "Least squares quantization in PCM", IEEE Trans. Inf. Theory 1982), the baseline of
 * the EM comparison. An empty cluster keeps its previous centre.
 */
public final class KMeans {

  private KMeans() {}

  /**
   * k-means++ centres: the first uniformly, each next one with probability proportional to the squared distance
   * to the nearest chosen centre.
   *
   * @param x      points [n][d], n &gt;= k
   * @param k      number of centres, &gt;= 1
   * @param random the random stream (the caller owns its seed)
   * @return centres [k][d] (copies of data points)
   */
  public static double[][] plusPlus(double[][] x, int k, Random random) {
    checkData(x, k);
    int n = x.length;
    double[][] centres = new double[k][];
    centres[0] = x[random.nextInt(n)].clone();
    double[] nearest = new double[n];
    for (int i = 0; i < n; i++) {
      nearest[i] = squaredDistance(x[i], centres[0]);
    }
    for (int c = 1; c < k; c++) {
      double total = 0;
      for (double v : nearest) {
        total += v;
      }
      int pick;
      if (total <= 0) {
        pick = random.nextInt(n); // every point coincides with a centre
      } else {
        double u = random.nextDouble() * total;
        pick = n - 1;
        double acc = 0;
        for (int i = 0; i < n; i++) {
          acc += nearest[i];
          if (u < acc) {
            pick = i;
            break;
          }
        }
      }
      centres[c] = x[pick].clone();
      for (int i = 0; i < n; i++) {
        nearest[i] = Math.min(nearest[i], squaredDistance(x[i], centres[c]));
      }
    }
    return centres;
  }

  /**
   * Lloyd's algorithm from k-means++ centres drawn with {@code new Random(seed)}.
   *
   * @param x             points [n][d]
   * @param k             number of clusters, 1 &lt;= k &lt;= n
   * @param maxIterations cap on assignment steps, &gt;= 1
   * @param seed          seed of the k-means++ draw
   */
  public static KMeansResult lloyd(double[][] x, int k, int maxIterations, long seed) {
    return lloyd(x, plusPlus(x, k, new Random(seed)), maxIterations);
  }

  /** Lloyd's algorithm from the given centres [K][d] (not modified). */
  public static KMeansResult lloyd(double[][] x, double[][] start, int maxIterations) {
    checkData(x, start.length);
    if (maxIterations < 1) {
      throw new IllegalArgumentException("maxIterations must be >= 1, found " + maxIterations);
    }
    int n = x.length;
    int d = x[0].length;
    int k = start.length;
    double[][] centres = new double[k][];
    for (int c = 0; c < k; c++) {
      if (start[c].length != d) {
        throw new IllegalArgumentException("centre " + c + " has dimension " + start[c].length + ", expected " + d);
      }
      centres[c] = start[c].clone();
    }
    int[] labels = new int[n];
    java.util.Arrays.fill(labels, -1);
    boolean converged = false;
    int it = 0;
    while (it < maxIterations) {
      it++;
      boolean changed = false;
      for (int i = 0; i < n; i++) {
        int best = nearest(x[i], centres);
        if (best != labels[i]) {
          labels[i] = best;
          changed = true;
        }
      }
      if (!changed) {
        converged = true;
        break;
      }
      double[][] sums = new double[k][d];
      int[] counts = new int[k];
      for (int i = 0; i < n; i++) {
        counts[labels[i]]++;
        for (int j = 0; j < d; j++) {
          sums[labels[i]][j] += x[i][j];
        }
      }
      for (int c = 0; c < k; c++) {
        if (counts[c] > 0) {
          for (int j = 0; j < d; j++) {
            centres[c][j] = sums[c][j] / counts[c];
          }
        }
      }
    }
    double inertia = 0;
    for (int i = 0; i < n; i++) {
      inertia += squaredDistance(x[i], centres[labels[i]]);
    }
    return new KMeansResult(centres, labels, inertia, converged, it);
  }

  /** Index of the centre nearest to {@code p} (ties: the lowest index). */
  public static int nearest(double[] p, double[][] centres) {
    int best = 0;
    double bestD = squaredDistance(p, centres[0]);
    for (int c = 1; c < centres.length; c++) {
      double dd = squaredDistance(p, centres[c]);
      if (dd < bestD) {
        bestD = dd;
        best = c;
      }
    }
    return best;
  }

  static double squaredDistance(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      double t = a[i] - b[i];
      s += t * t;
    }
    return s;
  }

  /** A copy of the initial centre tokens of a forward pass, each checked to have dimension {@code d}. */
  static double[][] copyCentres(double[][] centres, int d) {
    double[][] mu = new double[centres.length][];
    for (int c = 0; c < centres.length; c++) {
      if (centres[c].length != d) {
        throw new IllegalArgumentException("centre " + c + " has dimension " + centres[c].length + ", expected " + d);
      }
      mu[c] = centres[c].clone();
    }
    return mu;
  }

  static int checkData(double[][] x, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("number of clusters must be >= 1, found " + k);
    }
    if (x.length < k) {
      throw new IllegalArgumentException("need at least as many points as clusters (" + k + "), found "
          + x.length);
    }
    int d = x[0].length;
    if (d == 0) {
      throw new IllegalArgumentException("points must have dimension >= 1, point 0 has 0");
    }
    for (int i = 0; i < x.length; i++) {
      if (x[i].length != d) {
        throw new IllegalArgumentException("point " + i + " has dimension " + x[i].length + ", expected " + d);
      }
      for (int j = 0; j < d; j++) {
        if (!Double.isFinite(x[i][j])) {
          throw new IllegalArgumentException("point " + i + " coordinate " + j + " is not finite: " + x[i][j]);
        }
      }
    }
    return d;
  }
}
