package io.hardmax.eval.report;

import java.util.Locale;

/**
 * A rectangular plot area on a {@link Canvas} with linear data ranges: maps data to pixels and draws the
 * frame, ticks and axis labels.
 */
public final class Axes {
  private final Canvas canvas;
  private final double left;
  private final double top;
  private final double w;
  private final double h;
  private final double x0;
  private final double x1;
  private final double y0;
  private final double y1;

  /** An area at pixel {@code (left, top)} of size {@code w x h} showing {@code [x0,x1] x [y0,y1]}. */
  public Axes(Canvas canvas, double left, double top, double w, double h, double x0, double x1, double y0, double y1) {
    if (!(x1 > x0) || !(y1 > y0)) {
      throw new IllegalArgumentException("empty data range [" + x0 + "," + x1 + "] x [" + y0 + "," + y1 + "]");
    }
    this.canvas = canvas;
    this.left = left;
    this.top = top;
    this.w = w;
    this.h = h;
    this.x0 = x0;
    this.x1 = x1;
    this.y0 = y0;
    this.y1 = y1;
  }

  public double px(double x) {
    return left + (x - x0) / (x1 - x0) * w;
  }

  public double py(double y) {
    return top + h - (y - y0) / (y1 - y0) * h;
  }

  public double left() {
    return left;
  }

  public double top() {
    return top;
  }

  public double width() {
    return w;
  }

  public double height() {
    return h;
  }

  public double xMin() {
    return x0;
  }

  public double xMax() {
    return x1;
  }

  public double yMin() {
    return y0;
  }

  public double yMax() {
    return y1;
  }

  /** Frame, 5 ticks per axis with labels, a title and axis names. */
  public Axes frame(String title, String xLabel, String yLabel) {
    canvas.poly(new double[] {left, left + w, left + w, left, left}, new double[] {top, top, top + h, top + h, top},
        "#444444", 1, null, 1);
    for (int i = 0; i <= 4; i++) {
      double xv = x0 + (x1 - x0) * i / 4;
      double yv = y0 + (y1 - y0) * i / 4;
      canvas.line(px(xv), top + h, px(xv), top + h + 4, "#444444", 1);
      canvas.text(px(xv), top + h + 16, tick(xv), 10, "#333333", "middle", false);
      canvas.line(left - 4, py(yv), left, py(yv), "#444444", 1);
      canvas.text(left - 6, py(yv) + 3, tick(yv), 10, "#333333", "end", false);
    }
    if (title != null) {
      canvas.text(left + w / 2, top - 8, title, 13, "#111111", "middle", true);
    }
    if (xLabel != null) {
      canvas.text(left + w / 2, top + h + 32, xLabel, 11, "#333333", "middle", false);
    }
    if (yLabel != null) {
      // above the frame, left-aligned with it: a long name is never cut off at the canvas's left edge
      canvas.text(left, top - 8, yLabel, 11, "#333333", "start", false);
    }
    return this;
  }

  private static String tick(double v) {
    if (Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v != 0)) {
      return String.format(Locale.ROOT, "%.2g", v);
    }
    String s = String.format(Locale.ROOT, "%.2f", v);
    return s.replaceAll("0+$", "").replaceAll("\\.$", "");
  }

  /** A range padded by 5 % on each side (a unit range around a single value). */
  public static double[] padded(double min, double max) {
    if (!(max > min)) {
      return new double[] {min - 1, max + 1};
    }
    double pad = (max - min) * 0.05;
    return new double[] {min - pad, max + pad};
  }
}
