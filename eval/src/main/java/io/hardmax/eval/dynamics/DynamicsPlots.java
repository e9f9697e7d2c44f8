package io.hardmax.eval.dynamics;

import io.hardmax.eval.report.Axes;
import io.hardmax.eval.report.Canvas;
import io.hardmax.eval.report.Html;
import java.util.Locale;

/** Snapshot plots and an animated SVG of a {@link Simulation} in the plane (first two coordinates). */
public final class DynamicsPlots {
  private static final String[] PALETTE = {
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22"
  };

  private DynamicsPlots() {}

  /** Colour of point i: by its final cluster, so followers share their leader's colour. */
  private static String[] colours(Simulation s) {
    String[] c = new String[s.positions()[0].length];
    int k = 0;
    for (var cluster : s.finalClusters()) {
      for (int i : cluster) {
        c[i] = PALETTE[k % PALETTE.length];
      }
      k++;
    }
    return c;
  }

  private static double[] bounds(Simulation s) {
    double minX = Double.POSITIVE_INFINITY;
    double maxX = Double.NEGATIVE_INFINITY;
    double minY = Double.POSITIVE_INFINITY;
    double maxY = Double.NEGATIVE_INFINITY;
    for (double[][] step : s.positions()) {
      for (double[] p : step) {
        minX = Math.min(minX, p[0]);
        maxX = Math.max(maxX, p[0]);
        double y = p.length > 1 ? p[1] : 0;
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
      }
    }
    double[] x = Axes.padded(minX, maxX);
    double[] y = Axes.padded(minY, maxY);
    return new double[] {x[0], x[1], y[0], y[1]};
  }

  /** One panel per requested step (steps beyond the run are clipped), leaders drawn larger with a ring. */
  public static Canvas snapshots(Simulation s, double alpha, int[] steps) {
    int panel = 240;
    Canvas c = new Canvas(panel * steps.length + 40, panel + 70);
    double[] b = bounds(s);
    String[] col = colours(s);
    for (int p = 0; p < steps.length; p++) {
      int k = Math.min(steps[p], s.steps());
      Axes ax = new Axes(c, 40 + p * panel, 30, panel - 50, panel - 40, b[0], b[1], b[2], b[3])
          .frame("k = " + k, null, null);
      boolean[] leader = new boolean[col.length];
      for (int l : s.leaders()[k]) {
        leader[l] = true;
      }
      for (int i = 0; i < col.length; i++) {
        double[] z = s.positions()[k][i];
        double y = z.length > 1 ? z[1] : 0;
        c.circle(ax.px(z[0]), ax.py(y), leader[i] ? 6 : 4, col[i], leader[i] ? "#000000" : null,
            "point " + i + (leader[i] ? " (leader)" : ""));
      }
    }
    c.text(40, panel + 60, "Hardmax dynamics, alpha = " + String.format(Locale.ROOT, "%.3g", alpha)
        + "; leaders ringed; colours = final clusters", 11, "#333333", "start", false);
    return c;
  }

  /**
   * An animated SVG: every point moves through its trajectory (one step per {@code secondsPerStep}), with the
   * full trajectories drawn faintly underneath; loops forever. Self-contained (SMIL, no script).
   */
  public static String animatedSvg(Simulation s, double alpha, double secondsPerStep) {
    int size = 520;
    Canvas c = new Canvas(size, size);
    double[] b = bounds(s);
    Axes ax = new Axes(c, 50, 40, size - 80, size - 90, b[0], b[1], b[2], b[3])
        .frame(String.format(Locale.ROOT, "Hardmax dynamics: %d points, alpha = %.3g, %d steps",
            s.positions()[0].length, alpha, s.steps()), "z1", "z2");
    String[] col = colours(s);
    int n = col.length;
    for (int i = 0; i < n; i++) {
      double[] xs = new double[s.steps() + 1];
      double[] ys = new double[s.steps() + 1];
      for (int k = 0; k <= s.steps(); k++) {
        double[] z = s.positions()[k][i];
        xs[k] = ax.px(z[0]);
        ys[k] = ax.py(z.length > 1 ? z[1] : 0);
      }
      c.poly(xs, ys, col[i], 1, null, 1);
    }
    String svg = c.toSvg();
    StringBuilder anim = new StringBuilder();
    double dur = Math.max(1, s.steps()) * secondsPerStep;
    for (int i = 0; i < n; i++) {
      StringBuilder cx = new StringBuilder();
      StringBuilder cy = new StringBuilder();
      for (int k = 0; k <= s.steps(); k++) {
        double[] z = s.positions()[k][i];
        cx.append(String.format(Locale.ROOT, "%.2f", ax.px(z[0]))).append(k < s.steps() ? ";" : "");
        cy.append(String.format(Locale.ROOT, "%.2f", ax.py(z.length > 1 ? z[1] : 0))).append(k < s.steps() ? ";" : "");
      }
      double[] z0 = s.positions()[0][i];
      anim.append(String.format(Locale.ROOT, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"5\" fill=\"%s\" stroke=\"#000000\">",
          ax.px(z0[0]), ax.py(z0.length > 1 ? z0[1] : 0), col[i]));
      anim.append("<title>").append(Html.escape("point " + i)).append("</title>");
      anim.append(String.format(Locale.ROOT, "<animate attributeName=\"cx\" values=\"%s\" dur=\"%.1fs\" repeatCount=\"indefinite\"/>", cx, dur));
      anim.append(String.format(Locale.ROOT, "<animate attributeName=\"cy\" values=\"%s\" dur=\"%.1fs\" repeatCount=\"indefinite\"/>", cy, dur));
      anim.append("</circle>\n");
    }
    return svg.replace("</svg>\n", anim + "</svg>\n");
  }
}
