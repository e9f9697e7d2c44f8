package io.hardmax.eval.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A drawing made of a few primitives in pixel coordinates (origin top left) that renders both to SVG text
 * and to a PNG image, so every plot exists in both formats from one piece of code. Colours are CSS hex
 * strings ({@code #rrggbb}).
 */
public final class Canvas {
  private final int width;
  private final int height;
  private final List<Shape> shapes = new ArrayList<>();

  private sealed interface Shape permits Line, Circle, Rect, Text, Poly {}

  private record Line(double x1, double y1, double x2, double y2, String color, double width, boolean dashed) implements Shape {}

  private record Circle(double x, double y, double r, String fill, String stroke, String title) implements Shape {}

  private record Rect(double x, double y, double w, double h, String fill, double opacity) implements Shape {}

  private record Text(double x, double y, String text, double size, String color, String anchor, boolean bold) implements Shape {}

  private record Poly(double[] xs, double[] ys, String stroke, double width, String fill, double opacity) implements Shape {}

  public Canvas(int width, int height) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("canvas size must be positive, was " + width + " x " + height);
    }
    this.width = width;
    this.height = height;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  public Canvas line(double x1, double y1, double x2, double y2, String color, double w) {
    shapes.add(new Line(x1, y1, x2, y2, color, w, false));
    return this;
  }

  public Canvas dashed(double x1, double y1, double x2, double y2, String color, double w) {
    shapes.add(new Line(x1, y1, x2, y2, color, w, true));
    return this;
  }

  /** A circle; {@code title} (may be null) becomes an SVG tooltip. */
  public Canvas circle(double x, double y, double r, String fill, String stroke, String title) {
    shapes.add(new Circle(x, y, r, fill, stroke, title));
    return this;
  }

  public Canvas rect(double x, double y, double w, double h, String fill, double opacity) {
    shapes.add(new Rect(x, y, w, h, fill, opacity));
    return this;
  }

  /** Text; anchor is start, middle or end. */
  public Canvas text(double x, double y, String text, double size, String color, String anchor, boolean bold) {
    shapes.add(new Text(x, y, text, size, color, anchor, bold));
    return this;
  }

  /** An open polyline (fill null) or a closed filled polygon. */
  public Canvas poly(double[] xs, double[] ys, String stroke, double w, String fill, double opacity) {
    if (xs.length != ys.length) {
      throw new IllegalArgumentException("polyline needs as many x as y values: " + xs.length + " vs " + ys.length);
    }
    shapes.add(new Poly(xs.clone(), ys.clone(), stroke, w, fill, opacity));
    return this;
  }

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  /** The drawing as a standalone SVG document (text HTML-escaped). */
  public String toSvg() {
    StringBuilder sb = new StringBuilder();
    sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
        .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
        .append("\" font-family=\"sans-serif\">\n");
    sb.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    for (Shape s : shapes) {
      if (s instanceof Line l) {
        sb.append("<line x1=\"").append(f(l.x1())).append("\" y1=\"").append(f(l.y1())).append("\" x2=\"")
            .append(f(l.x2())).append("\" y2=\"").append(f(l.y2())).append("\" stroke=\"").append(l.color())
            .append("\" stroke-width=\"").append(f(l.width())).append('"')
            .append(l.dashed() ? " stroke-dasharray=\"4 3\"" : "").append("/>\n");
      } else if (s instanceof Circle c) {
        sb.append("<circle cx=\"").append(f(c.x())).append("\" cy=\"").append(f(c.y())).append("\" r=\"")
            .append(f(c.r())).append("\" fill=\"").append(c.fill()).append('"');
        if (c.stroke() != null) {
          sb.append(" stroke=\"").append(c.stroke()).append('"');
        }
        if (c.title() != null) {
          sb.append("><title>").append(Html.escape(c.title())).append("</title></circle>\n");
        } else {
          sb.append("/>\n");
        }
      } else if (s instanceof Rect r) {
        sb.append("<rect x=\"").append(f(r.x())).append("\" y=\"").append(f(r.y())).append("\" width=\"")
            .append(f(r.w())).append("\" height=\"").append(f(r.h())).append("\" fill=\"").append(r.fill())
            .append("\" fill-opacity=\"").append(f(r.opacity())).append("\"/>\n");
      } else if (s instanceof Text t) {
        sb.append("<text x=\"").append(f(t.x())).append("\" y=\"").append(f(t.y())).append("\" font-size=\"")
            .append(f(t.size())).append("\" fill=\"").append(t.color()).append("\" text-anchor=\"")
            .append(t.anchor()).append('"').append(t.bold() ? " font-weight=\"bold\"" : "").append('>')
            .append(Html.escape(t.text())).append("</text>\n");
      } else if (s instanceof Poly p) {
        sb.append(p.fill() == null ? "<polyline" : "<polygon").append(" points=\"");
        for (int i = 0; i < p.xs().length; i++) {
          sb.append(f(p.xs()[i])).append(',').append(f(p.ys()[i])).append(' ');
        }
        sb.append("\" fill=\"").append(p.fill() == null ? "none" : p.fill()).append('"');
        if (p.fill() != null) {
          sb.append(" fill-opacity=\"").append(f(p.opacity())).append('"');
        }
        sb.append(" stroke=\"").append(p.stroke() == null ? "none" : p.stroke()).append("\" stroke-width=\"")
            .append(f(p.width())).append("\"/>\n");
      }
    }
    sb.append("</svg>\n");
    return sb.toString();
  }

  /** The drawing as PNG bytes. */
  public byte[] toPng() {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      for (Shape s : shapes) {
        if (s instanceof Line l) {
          g.setColor(color(l.color(), 1));
          g.setStroke(l.dashed()
              ? new BasicStroke((float) l.width(), BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 3f}, 0f)
              : new BasicStroke((float) l.width()));
          g.draw(new Line2D.Double(l.x1(), l.y1(), l.x2(), l.y2()));
        } else if (s instanceof Circle c) {
          Ellipse2D e = new Ellipse2D.Double(c.x() - c.r(), c.y() - c.r(), 2 * c.r(), 2 * c.r());
          g.setColor(color(c.fill(), 1));
          g.fill(e);
          if (c.stroke() != null) {
            g.setColor(color(c.stroke(), 1));
            g.setStroke(new BasicStroke(1f));
            g.draw(e);
          }
        } else if (s instanceof Rect r) {
          g.setColor(color(r.fill(), r.opacity()));
          g.fill(new Rectangle2D.Double(r.x(), r.y(), r.w(), r.h()));
        } else if (s instanceof Text t) {
          g.setColor(color(t.color(), 1));
          g.setFont(new Font(Font.SANS_SERIF, t.bold() ? Font.BOLD : Font.PLAIN, (int) Math.round(t.size())));
          int w = g.getFontMetrics().stringWidth(t.text());
          double x = switch (t.anchor()) {
            case "middle" -> t.x() - w / 2.0;
            case "end" -> t.x() - w;
            default -> t.x();
          };
          g.drawString(t.text(), (float) x, (float) t.y());
        } else if (s instanceof Poly p) {
          Path2D path = new Path2D.Double();
          for (int i = 0; i < p.xs().length; i++) {
            if (i == 0) {
              path.moveTo(p.xs()[i], p.ys()[i]);
            } else {
              path.lineTo(p.xs()[i], p.ys()[i]);
            }
          }
          if (p.fill() != null) {
            path.closePath();
            g.setColor(color(p.fill(), p.opacity()));
            g.fill(path);
          }
          if (p.stroke() != null) {
            g.setColor(color(p.stroke(), 1));
            g.setStroke(new BasicStroke((float) p.width()));
            g.draw(path);
          }
        }
      }
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static Color color(String hex, double opacity) {
    if (hex == null || !hex.matches("#[0-9a-fA-F]{6}")) {
      throw new IllegalArgumentException("colour must be #rrggbb, was " + hex);
    }
    int rgb = Integer.parseInt(hex.substring(1), 16);
    return new Color((rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255, (int) Math.round(255 * opacity));
  }
}
