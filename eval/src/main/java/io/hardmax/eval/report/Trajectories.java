package io.hardmax.eval.report;

import io.hardmax.attention.Explanation;
import io.hardmax.attention.TokenContribution;
import io.hardmax.spectral.Pca;
import java.util.List;
import java.util.Locale;

/**
 * Token trajectories of one review across the layers as inline SVG. For d = 2 the plane itself, with the
 * readout's decision line {@code v.z + b = 0} and the positive/negative half-planes shaded; for d > 2 the
 * first two principal components of all states of all layers (the spectral module's power-method PCA,
 * {@link Pca}).
 */
public final class Trajectories {
  private Trajectories() {}

  /** The SVG element (no XML prolog) for embedding in a page. */
  public static String svg(Explanation e, float[] v) {
    float[][][] traj = e.trajectory();
    List<TokenContribution> toks = e.tokens();
    int layers = traj.length;
    int n = toks.size();
    if (n == 0 || layers == 0) {
      return "<p class=\"small\">(no tokens)</p>\n";
    }
    int d = traj[0][0].length;
    double[][][] p = new double[layers][n][2];
    String subtitle;
    if (d == 2) {
      for (int k = 0; k < layers; k++) {
        for (int i = 0; i < n; i++) {
          p[k][i][0] = traj[k][i][0];
          p[k][i][1] = traj[k][i][1];
        }
      }
      subtitle = "token states z in the plane; line: v.z + b = 0 (green side positive)";
    } else {
      double[][] rows = new double[layers * n][];
      for (int k = 0; k < layers; k++) {
        for (int i = 0; i < n; i++) {
          double[] r = new double[d];
          for (int j = 0; j < d; j++) {
            r[j] = traj[k][i][j];
          }
          rows[k * n + i] = r;
        }
      }
      Pca pca = Pca.fit(rows, 2, 0L);
      for (int k = 0; k < layers; k++) {
        for (int i = 0; i < n; i++) {
          p[k][i] = pca.project(rows[k * n + i]);
        }
      }
      subtitle = String.format(Locale.ROOT, "d = %d projected on the first two principal components (%.0f %% of variance)",
          d, 100 * (pca.explainedVarianceRatio()[0] + pca.explainedVarianceRatio()[1]));
    }
    double minX = Double.POSITIVE_INFINITY;
    double maxX = Double.NEGATIVE_INFINITY;
    double minY = Double.POSITIVE_INFINITY;
    double maxY = Double.NEGATIVE_INFINITY;
    for (double[][] layer : p) {
      for (double[] q : layer) {
        minX = Math.min(minX, q[0]);
        maxX = Math.max(maxX, q[0]);
        minY = Math.min(minY, q[1]);
        maxY = Math.max(maxY, q[1]);
      }
    }
    double[] xr = Axes.padded(minX, maxX);
    double[] yr = Axes.padded(minY, maxY);
    Canvas c = new Canvas(640, 520);
    Axes ax = new Axes(c, 60, 40, 540, 420, xr[0], xr[1], yr[0], yr[1]);
    if (d == 2) {
      shadeHalfPlanes(c, ax, v[0], v[1], e.bias());
    }
    ax.frame("Trajectories: layer 0 (hollow) to layer " + (layers - 1) + " (filled)", d == 2 ? "z1" : "PC1", d == 2 ? "z2" : "PC2");
    double max = 1e-12;
    for (TokenContribution t : toks) {
      max = Math.max(max, Math.abs(t.contribution()));
    }
    for (int i = 0; i < n; i++) {
      double[] xs = new double[layers];
      double[] ys = new double[layers];
      for (int k = 0; k < layers; k++) {
        xs[k] = ax.px(p[k][i][0]);
        ys[k] = ax.py(p[k][i][1]);
      }
      String col = toks.get(i).contribution() >= 0 ? "#2e7d32" : "#c62828";
      c.poly(xs, ys, "#9e9e9e", 0.8, null, 1);
      c.circle(xs[0], ys[0], 2.5, "#ffffff", "#757575", toks.get(i).text() + " (layer 0)");
      boolean leader = toks.get(i).leader() == i;
      c.circle(xs[layers - 1], ys[layers - 1], leader ? 5 : 3, col, leader ? "#000000" : null,
          toks.get(i).text() + (leader ? " (leader)" : " -> " + e.leaderText(toks.get(i).leader()))
              + String.format(Locale.ROOT, ", contribution %.4f", toks.get(i).contribution()));
      if (leader) {
        c.text(xs[layers - 1] + 6, ys[layers - 1] - 6, toks.get(i).text(), 11, "#000000", "start", true);
      }
    }
    c.text(60, 505, subtitle, 11, "#555555", "start", false);
    String svg = c.toSvg();
    return svg;
  }

  /** Shades {@code v.z + b > 0} green and {@code < 0} red inside the axes, and draws the line. */
  private static void shadeHalfPlanes(Canvas c, Axes ax, double v0, double v1, double b) {
    double[][] corners = {
      {ax.xMin(), ax.yMin()}, {ax.xMax(), ax.yMin()}, {ax.xMax(), ax.yMax()}, {ax.xMin(), ax.yMax()}
    };
    for (int sign = -1; sign <= 1; sign += 2) {
      double[] xs = new double[8];
      double[] ys = new double[8];
      int m = 0;
      for (int i = 0; i < 4; i++) {
        double[] a = corners[i];
        double[] q = corners[(i + 1) % 4];
        double fa = sign * (v0 * a[0] + v1 * a[1] + b);
        double fq = sign * (v0 * q[0] + v1 * q[1] + b);
        if (fa >= 0) {
          xs[m] = ax.px(a[0]);
          ys[m++] = ax.py(a[1]);
        }
        if ((fa >= 0) != (fq >= 0)) {
          double t = fa / (fa - fq);
          xs[m] = ax.px(a[0] + t * (q[0] - a[0]));
          ys[m++] = ax.py(a[1] + t * (q[1] - a[1]));
        }
      }
      if (m >= 3) {
        c.poly(java.util.Arrays.copyOf(xs, m), java.util.Arrays.copyOf(ys, m), null, 0,
            sign > 0 ? "#c8e6c9" : "#ffcdd2", 0.6);
      }
    }
    // the line itself, clipped to the box
    double[] xs = new double[2];
    double[] ys = new double[2];
    int m = 0;
    for (int i = 0; i < 4 && m < 2; i++) {
      double[] a = corners[i];
      double[] q = corners[(i + 1) % 4];
      double fa = v0 * a[0] + v1 * a[1] + b;
      double fq = v0 * q[0] + v1 * q[1] + b;
      if ((fa >= 0) != (fq >= 0)) {
        double t = fa / (fa - fq);
        xs[m] = ax.px(a[0] + t * (q[0] - a[0]));
        ys[m++] = ax.py(a[1] + t * (q[1] - a[1]));
      }
    }
    if (m == 2) {
      c.dashed(xs[0], ys[0], xs[1], ys[1], "#424242", 1.5);
    }
  }

}
