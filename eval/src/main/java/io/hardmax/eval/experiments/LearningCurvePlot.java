package io.hardmax.eval.experiments;

import io.hardmax.core.AtomicFiles;
import io.hardmax.eval.report.Axes;
import io.hardmax.eval.report.Canvas;
import java.io.IOException;
import java.nio.file.Path;

/** A learning curve (a metric against training steps, one line per series, dashed reference levels) as SVG and PNG. */
final class LearningCurvePlot {

  private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"};

  private LearningCurvePlot() {}

  /**
   * Writes {@code file} (its extension, .svg or .png, decides the format) and the other format beside it.
   *
   * @param steps     x values
   * @param series    y values per series, [S][steps.length]
   * @param names     legend per series
   * @param levels    dashed horizontal reference lines (same colour as the series of the same index), may be empty
   */
  static void write(Path file, String title, String yLabel, int[] steps, double[][] series, String[] names,
      double[] levels, String levelName) throws IOException {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double[] s : series) {
      for (double v : s) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    for (double v : levels) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    double[] y = Axes.padded(lo, hi);
    Canvas c = new Canvas(720, 420);
    c.rect(0, 0, 720, 420, "#ffffff", 1);
    Axes a = new Axes(c, 70, 40, 600, 320, 0, Math.max(1, steps[steps.length - 1]), y[0], y[1]);
    a.frame(null, "training steps", yLabel);
    c.text(360, 16, title, 13, "#111111", "middle", true); // above the y-axis name, which frame puts at the top left
    for (int s = 0; s < series.length; s++) {
      String col = COLORS[s % COLORS.length];
      double[] xs = new double[steps.length];
      double[] ys = new double[steps.length];
      for (int i = 0; i < steps.length; i++) {
        xs[i] = a.px(steps[i]);
        ys[i] = a.py(series[s][i]);
      }
      c.poly(xs, ys, col, 1.8, null, 1);
      if (s < levels.length) {
        c.dashed(a.px(0), a.py(levels[s]), a.px(a.xMax()), a.py(levels[s]), col, 1);
      }
      c.text(a.left() + a.width() - 8, a.top() + 16 + 14 * s, names[s], 11, col, "end", false);
    }
    if (levels.length > 0 && levelName != null) {
      c.text(a.left() + a.width() - 8, a.top() + 16 + 14 * series.length, "dashed: " + levelName, 11, "#333333",
          "end", false);
    }
    String name = file.getFileName().toString();
    String stem = name.replaceAll("\\.(svg|png)$", "");
    Path svg = file.resolveSibling(stem + ".svg");
    Path png = file.resolveSibling(stem + ".png");
    AtomicFiles.writeString(svg, c.toSvg());
    byte[] bytes = c.toPng();
    AtomicFiles.write(png, out -> out.write(bytes));
  }
}
