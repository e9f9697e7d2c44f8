package io.hardmax.eval.report;

import io.hardmax.core.AtomicFiles;
import io.hardmax.eval.Evaluation;
import io.hardmax.eval.metrics.BinaryMetrics;
import io.hardmax.eval.metrics.GroupAccuracy;
import io.hardmax.eval.metrics.LengthBuckets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report of {@code hardmax evaluate --report DIR}: ROC, calibration, accuracy by length and leader-word
 * plots (each as PNG and SVG, all models in one plot) and an HTML summary comparing the models side by side.
 */
public final class EvaluationReport {
  private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf"};

  private EvaluationReport() {}

  /** Writes the report into {@code dir} (files written atomically); returns the HTML page's path. */
  public static Path write(Path dir, String dataName, List<Evaluation> evals) throws IOException {
    Files.createDirectories(dir);
    save(dir, "roc", roc(evals));
    save(dir, "calibration", calibration(evals));
    save(dir, "length-buckets", lengths(evals));
    for (int i = 0; i < evals.size(); i++) {
      save(dir, "leader-words-" + (i + 1), leaderWords(evals.get(i)));
    }
    Path html = dir.resolve("index.html");
    writeAtomically(html, page(dataName, evals).getBytes(StandardCharsets.UTF_8));
    return html;
  }

  private static void save(Path dir, String name, Canvas c) throws IOException {
    writeAtomically(dir.resolve(name + ".svg"), c.toSvg().getBytes(StandardCharsets.UTF_8));
    writeAtomically(dir.resolve(name + ".png"), c.toPng());
  }

  static void writeAtomically(Path target, byte[] bytes) throws IOException {
    AtomicFiles.write(target, out -> out.write(bytes));
  }

  private static void legend(Canvas c, List<Evaluation> evals, double x, double y) {
    for (int i = 0; i < evals.size(); i++) {
      c.line(x, y + 14 * i - 4, x + 18, y + 14 * i - 4, COLOURS[i % COLOURS.length], 2.5);
      c.text(x + 24, y + 14 * i, evals.get(i).name(), 11, "#222222", "start", false);
    }
  }

  static Canvas roc(List<Evaluation> evals) {
    Canvas c = new Canvas(520, 480);
    Axes ax = new Axes(c, 60, 40, 420, 380, 0, 1, 0, 1).frame("ROC curve", "false positive rate", "true positive rate");
    c.dashed(ax.px(0), ax.py(0), ax.px(1), ax.py(1), "#999999", 1);
    for (int i = 0; i < evals.size(); i++) {
      List<double[]> pts = evals.get(i).metrics().roc();
      int step = Math.max(1, pts.size() / 2000);
      int m = (pts.size() + step - 1) / step + 1;
      double[] xs = new double[m];
      double[] ys = new double[m];
      int k = 0;
      for (int j = 0; j < pts.size(); j += step) {
        xs[k] = ax.px(pts.get(j)[0]);
        ys[k++] = ax.py(pts.get(j)[1]);
      }
      xs[k] = ax.px(1);
      ys[k++] = ax.py(1);
      c.poly(java.util.Arrays.copyOf(xs, k), java.util.Arrays.copyOf(ys, k), COLOURS[i % COLOURS.length], 2, null, 1);
    }
    legend(c, evals, 300, 360);
    return c;
  }

  static Canvas calibration(List<Evaluation> evals) {
    Canvas c = new Canvas(520, 480);
    Axes ax = new Axes(c, 60, 40, 420, 380, 0, 1, 0, 1).frame("Calibration", "mean predicted probability", "observed positive rate");
    c.dashed(ax.px(0), ax.py(0), ax.px(1), ax.py(1), "#999999", 1);
    for (int i = 0; i < evals.size(); i++) {
      List<BinaryMetrics.CalibrationBin> bins = evals.get(i).metrics().calibration();
      double[] xs = new double[bins.size()];
      double[] ys = new double[bins.size()];
      for (int j = 0; j < bins.size(); j++) {
        xs[j] = ax.px(bins.get(j).meanPredicted());
        ys[j] = ax.py(bins.get(j).observed());
        c.circle(xs[j], ys[j], 3, COLOURS[i % COLOURS.length], null, bins.get(j).count() + " reviews");
      }
      c.poly(xs, ys, COLOURS[i % COLOURS.length], 2, null, 1);
    }
    legend(c, evals, 70, 60);
    return c;
  }

  static Canvas lengths(List<Evaluation> evals) {
    List<LengthBuckets.Bucket> ref = evals.get(0).lengthBuckets();
    Canvas c = new Canvas(620, 480);
    double lo = 1;
    for (Evaluation e : evals) {
      for (LengthBuckets.Bucket b : e.lengthBuckets()) {
        lo = Math.min(lo, b.accuracy());
      }
    }
    lo = Math.max(0, Math.floor(lo * 10 - 0.5) / 10);
    Axes ax = new Axes(c, 60, 40, 520, 360, 0, ref.size(), lo, 1).frame("Accuracy by review length", null, "accuracy");
    double w = 0.8 / evals.size();
    for (int i = 0; i < evals.size(); i++) {
      List<LengthBuckets.Bucket> bs = evals.get(i).lengthBuckets();
      for (int j = 0; j < bs.size(); j++) {
        double x0 = j + 0.1 + i * w;
        c.rect(ax.px(x0), ax.py(bs.get(j).accuracy()), ax.px(x0 + w) - ax.px(x0), ax.py(lo) - ax.py(bs.get(j).accuracy()),
            COLOURS[i % COLOURS.length], 0.85);
      }
    }
    for (int j = 0; j < ref.size(); j++) {
      c.text(ax.px(j + 0.5), 420, ref.get(j).label() + " tokens", 10, "#333333", "middle", false);
      c.text(ax.px(j + 0.5), 433, "n = " + ref.get(j).count(), 9, "#666666", "middle", false);
    }
    legend(c, evals, 420, 455);
    return c;
  }

  static Canvas leaderWords(Evaluation e) {
    List<Map.Entry<String, Integer>> words = e.leaderWords().subList(0, Math.min(20, e.leaderWords().size()));
    Canvas c = new Canvas(560, 60 + 20 * Math.max(1, words.size()));
    c.text(280, 24, "Leader words in confident, correct reviews (|v.z + b| > 2): " + e.name(), 12, "#111111", "middle", true);
    double max = words.isEmpty() ? 1 : words.get(0).getValue();
    for (int i = 0; i < words.size(); i++) {
      double y = 44 + 20 * i;
      c.text(130, y + 12, words.get(i).getKey(), 11, "#222222", "end", false);
      c.rect(138, y, 380 * words.get(i).getValue() / max, 15, "#1f77b4", 0.85);
      c.text(142 + 380 * words.get(i).getValue() / max, y + 12, Integer.toString(words.get(i).getValue()), 10, "#333333", "start", false);
    }
    if (words.isEmpty()) {
      c.text(280, 60, "(no leader passed the threshold)", 11, "#666666", "middle", false);
    }
    return c;
  }

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

  static String page(String dataName, List<Evaluation> evals) {
    StringBuilder sb = new StringBuilder();
    sb.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>hardmax evaluation</title>")
        .append("<style>body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;color:#222}")
        .append("table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:.3em .7em;text-align:right}")
        .append("th:first-child,td:first-child{text-align:left}img{max-width:48%;margin:.5em}</style></head><body>")
        .append("<h1>hardmax evaluation on ").append(Html.escape(dataName)).append("</h1><table><tr><th>metric</th>");
    for (Evaluation e : evals) {
      sb.append("<th>").append(Html.escape(e.name())).append("</th>");
    }
    sb.append("</tr>");
    row(sb, "reviews", evals, e -> Integer.toString(e.metrics().n()));
    row(sb, "accuracy (hardmax)", evals, e -> f(e.metrics().accuracy()));
    row(sb, "95 % bootstrap interval", evals, e -> f(e.metrics().accuracyLow()) + " &ndash; " + f(e.metrics().accuracyHigh()));
    row(sb, "ROC-AUC", evals, e -> f(e.metrics().rocAuc()));
    row(sb, "log-loss", evals, e -> f(e.metrics().logLoss()));
    row(sb, "Brier score", evals, e -> f(e.metrics().brier()));
    row(sb, "expected calibration error", evals, e -> f(e.metrics().ece()));
    row(sb, "F1 negative / positive", evals, e -> f(e.metrics().perClass().get(0).f1()) + " / " + f(e.metrics().perClass().get(1).f1()));
    row(sb, "accuracy without attention", evals, e -> f(e.accuracyNoAttention()));
    row(sb, "ROC-AUC without attention", evals, e -> f(e.rocAucNoAttention()));
    row(sb, "median share of tokens following another word", evals, e -> f(e.medianFollowerShare()));
    row(sb, "mean clusters per review", evals, e -> String.format(Locale.ROOT, "%.1f", e.meanClusters()));
    row(sb, "leaders per review (mean &plusmn; std, min&ndash;max)", evals, e -> String.format(Locale.ROOT, "%.1f &plusmn; %.1f, %.0f&ndash;%.0f",
        e.leaders()[0], e.leaders()[1], e.leaders()[2], e.leaders()[3]));
    row(sb, "final leaders already leaders at layer 0", evals, e -> f(e.leadersAlreadyFirst()));
    sb.append("</table>");
    capabilities(sb, evals);
    sb.append("<h2>Plots</h2><img src=\"roc.svg\" alt=\"ROC\"><img src=\"calibration.svg\" alt=\"calibration\">")
        .append("<img src=\"length-buckets.svg\" alt=\"accuracy by length\">");
    for (int i = 0; i < evals.size(); i++) {
      sb.append("<img src=\"leader-words-").append(i + 1).append(".svg\" alt=\"leader words\">");
    }
    sb.append("<p>Each plot is also saved as PNG beside this page.</p></body></html>\n");
    return sb.toString();
  }

  /** Accuracy per capability (with attention / without), one column per model; nothing when the data has no groups. */
  static void capabilities(StringBuilder sb, List<Evaluation> evals) {
    List<GroupAccuracy> groups = evals.get(0).capabilities();
    if (groups.isEmpty()) {
      return;
    }
    sb.append("<h2>Accuracy per capability</h2><table><tr><th>capability</th><th>reviews</th>");
    for (Evaluation e : evals) {
      sb.append("<th>").append(Html.escape(e.name())).append("<br>hardmax / without attention</th>");
    }
    sb.append("</tr>");
    for (int i = 0; i < groups.size(); i++) {
      sb.append("<tr><td>").append(Html.escape(groups.get(i).group())).append("</td><td>").append(groups.get(i).count()).append("</td>");
      for (Evaluation e : evals) {
        GroupAccuracy g = e.capabilities().get(i);
        sb.append("<td>").append(f(g.accuracy())).append(" / ").append(f(g.accuracyWithoutAttention())).append("</td>");
      }
      sb.append("</tr>");
    }
    sb.append("</table>");
  }

  private static void row(StringBuilder sb, String name, List<Evaluation> evals, java.util.function.Function<Evaluation, String> f) {
    sb.append("<tr><td>").append(name).append("</td>");
    for (Evaluation e : evals) {
      sb.append("<td>").append(f.apply(e)).append("</td>");
    }
    sb.append("</tr>");
  }
}
