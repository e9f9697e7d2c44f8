package io.hardmax.eval.analyze;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hardmax.spectral.Pca;
import io.hardmax.core.AtomicFiles;
import io.hardmax.eval.report.Axes;
import io.hardmax.eval.report.Canvas;
import io.hardmax.eval.report.Html;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The output of {@code hardmax analyze}: a text summary, the JSON summary ({@code analysis.json}), and the report
 * folder (PNG and SVG plots, the JSON and {@code index.html}).
 *
 * @param model     the model's name in the report
 * @param data      the data spec the themes were computed on, or null when there are no themes
 * @param embedding the embedding analysis and its PCA
 * @param themes    the theme analysis, or null when no data was given
 */
public record AnalysisReport(String model, String data, EmbeddingAnalysis.Fit embedding, ThemeAnalysis themes) {

  /** Categorical colours of the themes (cycled). */
  static final String[] THEME_COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
      "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
  /** At most this many leader states are drawn on the theme map (an even stride through all of them). */
  static final int MAX_THEME_POINTS = 4000;

  /** File names of the plots (each written as .png and .svg). */
  public static final List<String> PLOTS = List.of("embedding-map", "explained-variance", "themes-map", "theme-contributions");

  private EmbeddingAnalysis e() {
    return embedding.analysis();
  }

  /** The JSON summary written as {@code analysis.json} and printed by {@code --format json}. */
  public ObjectNode toJson(ObjectMapper m) {
    ObjectNode o = m.createObjectNode();
    o.put("model", model);
    if (data != null) {
      o.put("data", data);
    } else {
      o.putNull("data");
    }
    o.put("seed", e().seed());
    ObjectNode em = o.putObject("embedding");
    em.put("vocabulary", e().vocabulary()).put("dim", e().dim()).put("total_variance", e().totalVariance());
    ArrayNode ev = em.putArray("explained_variance");
    ArrayNode er = em.putArray("explained_variance_ratio");
    for (int i = 0; i < e().explainedVariance().length; i++) {
      ev.add(e().explainedVariance()[i]);
      er.add(e().explainedVarianceRatio()[i]);
    }
    em.putObject("pca").put("converged", e().converged()).put("iterations", e().iterations())
        .put("residual", e().residual());
    em.putArray("readout_direction").add(e().readoutDirection()[0]).add(e().readoutDirection()[1]);
    em.putArray("readout_cosine").add(e().readoutCosine()[0]).add(e().readoutCosine()[1]);
    ArrayNode words = em.putArray("words");
    for (EmbeddingAnalysis.MapWord w : e().words()) {
      words.addObject().put("word", w.word()).put("id", w.id()).put("kind", w.kind().label()).put("score", w.score())
          .put("x", w.x()).put("y", w.y());
    }
    if (themes == null) {
      o.putNull("themes");
      return o;
    }
    ObjectNode th = o.putObject("themes");
    th.put("reviews", themes.reviews()).put("predicted_positive", themes.predictedPositive())
        .put("leaders", themes.leaders()).put("tokens", themes.tokens())
        .put("covariance", themes.covariance().name().toLowerCase(Locale.ROOT)).put("components", themes.components())
        .put("converged", themes.converged()).put("iterations", themes.iterations());
    ArrayNode bic = th.putArray("bic");
    themes.bic().forEach(bic::add);
    ArrayNode list = th.putArray("themes");
    for (ThemeAnalysis.Theme t : themes.themes()) {
      ObjectNode j = list.addObject();
      j.put("theme", t.index() + 1).put("component", t.component()).put("weight", t.weight()).put("leaders", t.leaders())
          .put("tokens", t.tokens()).put("distinct_words", t.distinctWords());
      ArrayNode tw = j.putArray("top_words");
      for (ThemeAnalysis.WordCount w : t.topWords()) {
        tw.addObject().put("word", w.word()).put("count", w.count());
      }
      j.put("mean_contribution", t.meanContribution()).put("total_contribution", t.totalContribution())
          .put("reviews", t.reviews()).put("positive_reviews", t.positiveReviews())
          .put("positive_share", t.positiveShare()).put("negative_share", t.negativeShare()).put("drives", t.drives());
    }
    return o;
  }

  /** The human-readable summary. */
  public void printText(PrintWriter out, int wordsPerList) {
    EmbeddingAnalysis a = e();
    out.printf(Locale.ROOT, "model %s: embedding table %d entries x %d dimensions (<pad>, <unk> left out)%n", model,
        a.vocabulary(), a.dim());
    out.print("  PCA explained variance ratio:");
    double cum = 0;
    for (int i = 0; i < a.explainedVarianceRatio().length; i++) {
      cum += a.explainedVarianceRatio()[i];
      if (i < 8) {
        out.printf(Locale.ROOT, " PC%d %.4f", i + 1, a.explainedVarianceRatio()[i]);
      }
      if (i == 1) {
        out.printf(Locale.ROOT, " (first two %.4f)", cum);
      }
    }
    out.printf(Locale.ROOT, "; all %d: %.4f%n", a.explainedVarianceRatio().length, cum);
    out.printf(Locale.ROOT, "  power method: %s after %d matrix-vector products, largest residual ||C u - lambda u|| %.1e%n",
        a.converged() ? "converged" : "vector-change tolerance not met for every component", a.iterations(), a.residual());
    out.printf(Locale.ROOT, "  readout v on (PC1, PC2): (%+.4f, %+.4f); cosine of v with PC1 %+.4f, with PC2 %+.4f%n",
        a.readoutDirection()[0], a.readoutDirection()[1], a.readoutCosine()[0], a.readoutCosine()[1]);
    for (EmbeddingAnalysis.Kind k : EmbeddingAnalysis.Kind.values()) {
      out.printf("  %s words (v.e):", k.label());
      int shown = 0;
      for (EmbeddingAnalysis.MapWord w : a.words()) {
        if (w.kind() == k && shown++ < wordsPerList) {
          out.printf(Locale.ROOT, " %s (%+.2f)", w.word(), w.score());
        }
      }
      out.println();
    }
    if (themes == null) {
      out.println("themes: no --data given");
      return;
    }
    out.printf(Locale.ROOT, "themes on %s: %d reviews (%d predicted positive), %d final-layer leaders covering %d tokens; K = %d of at most %d by BIC (%s covariance)%n",
        data, themes.reviews(), themes.predictedPositive(), themes.leaders(), themes.tokens(), themes.components(), themes.bic().size(),
        themes.covariance().name().toLowerCase(Locale.ROOT));
    for (ThemeAnalysis.Theme t : themes.themes()) {
      out.printf(Locale.ROOT, "  T%d  %d leaders (%.1f%%), %d tokens, %d distinct words; drives %s (sum %+.2f, mean %+.4f); in %d review(s), %.1f%% predicted positive%n",
          t.index() + 1, t.leaders(), 100.0 * t.leaders() / themes.leaders(), t.tokens(), t.distinctWords(), t.drives(),
          t.totalContribution(), t.meanContribution(), t.reviews(), 100 * t.positiveShare());
      out.print("      ");
      int shown = 0;
      for (ThemeAnalysis.WordCount w : t.topWords()) {
        if (shown++ < wordsPerList) {
          out.printf(Locale.ROOT, " %s (%d)", w.word(), w.count());
        }
      }
      out.println();
    }
  }

  /**
   * Writes the report into {@code dir}: every plot as PNG and SVG, {@code analysis.json} and {@code index.html};
   * each file is written to a temporary sibling and moved into place. Returns the page's path.
   */
  public Path write(Path dir) throws IOException {
    Files.createDirectories(dir);
    save(dir, "embedding-map", embeddingMap());
    save(dir, "explained-variance", explainedVariance());
    if (themes != null) {
      save(dir, "themes-map", themesMap());
      save(dir, "theme-contributions", themeContributions());
    }
    ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    AtomicFiles.writeString(dir.resolve("analysis.json"), m.writeValueAsString(toJson(m)) + "\n");
    Path html = dir.resolve("index.html");
    AtomicFiles.writeString(html, page());
    return html;
  }

  private static void save(Path dir, String name, Canvas c) throws IOException {
    AtomicFiles.writeString(dir.resolve(name + ".svg"), c.toSvg());
    byte[] png = c.toPng();
    AtomicFiles.write(dir.resolve(name + ".png"), out -> out.write(png));
  }

  /** Diverging colour of a readout score: red (negative) through light grey (0) to green (positive). */
  static String diverging(double score, double scale) {
    double t = scale > 0 ? Math.max(-1, Math.min(1, score / scale)) : 0;
    int[] mid = {0xf7, 0xf7, 0xf7};
    int[] end = t < 0 ? new int[] {0xd7, 0x30, 0x27} : new int[] {0x1a, 0x98, 0x50};
    double u = Math.abs(t);
    return String.format(Locale.ROOT, "#%02x%02x%02x", (int) Math.round(mid[0] + (end[0] - mid[0]) * u),
        (int) Math.round(mid[1] + (end[1] - mid[1]) * u), (int) Math.round(mid[2] + (end[2] - mid[2]) * u));
  }

  Canvas embeddingMap() {
    List<EmbeddingAnalysis.MapWord> words = e().words();
    Canvas c = new Canvas(920, 760);
    double x0 = 0;
    double x1 = 0;
    double y0 = 0;
    double y1 = 0;
    double scale = 0;
    for (EmbeddingAnalysis.MapWord w : words) {
      x0 = Math.min(x0, w.x());
      x1 = Math.max(x1, w.x());
      y0 = Math.min(y0, w.y());
      y1 = Math.max(y1, w.y());
      scale = Math.max(scale, Math.abs(w.score()));
    }
    double[] xr = Axes.padded(x0, x1);
    xr[1] += 0.12 * (xr[1] - xr[0]); // room for the labels of the rightmost points
    double[] yr = Axes.padded(y0, y1);
    double[] ratio = e().explainedVarianceRatio();
    c.text(460, 20, "Word embeddings on the first two principal axes, coloured by the readout score v.e", 13, "#111111",
        "middle", true);
    Axes ax = new Axes(c, 70, 60, 800, 590, xr[0], xr[1], yr[0], yr[1]).frame(null,
        String.format(Locale.ROOT, "PC1 (%.1f%% of the variance)", 100 * ratio[0]),
        ratio.length > 1 ? String.format(Locale.ROOT, "PC2 (%.1f%% of the variance)", 100 * ratio[1]) : "PC2 (none: d = 1)");
    // the readout direction, drawn from the mean of the table (the origin of the PCA coordinates)
    double[] dir = e().readoutDirection();
    double norm = Math.hypot(dir[0], dir[1]);
    if (norm > 0) {
      // the direction of v in data coordinates, drawn 120 pixels long (the two axes have different scales)
      double dx = dir[0] / (xr[1] - xr[0]) * ax.width();
      double dy = dir[1] / (yr[1] - yr[0]) * ax.height();
      double pl = Math.hypot(dx, dy);
      double ex = ax.px(0) + 120 * dx / pl;
      double ey = ax.py(0) - 120 * dy / pl;
      c.line(ax.px(0), ax.py(0), ex, ey, "#555555", 1.5);
      c.circle(ex, ey, 3, "#555555", null, "readout v projected on PC1/PC2");
      c.text(ex + 5, ey - 5, "v (readout)", 11, "#555555", "start", true);
    }
    for (EmbeddingAnalysis.MapWord w : words) {
      String fill = diverging(w.score(), scale);
      c.circle(ax.px(w.x()), ax.py(w.y()), w.kind() == EmbeddingAnalysis.Kind.FREQUENT ? 3.5 : 4.5, fill, "#444444",
          String.format(Locale.ROOT, "%s (%s): v.e = %+.3f", w.word(), w.kind().label(), w.score()));
      c.text(ax.px(w.x()) + 6, ax.py(w.y()) + 4, w.word(), 10, w.kind() == EmbeddingAnalysis.Kind.FREQUENT ? "#333333"
          : diverging(w.score() >= 0 ? scale : -scale, scale), "start", w.kind() != EmbeddingAnalysis.Kind.FREQUENT);
    }
    // colour bar
    double bx = 300;
    double by = 712;
    for (int i = 0; i < 64; i++) {
      double s = -scale + 2 * scale * (i + 0.5) / 64;
      c.rect(bx + 5 * i, by, 5, 12, diverging(s, scale), 1);
    }
    c.text(bx - 6, by + 10, String.format(Locale.ROOT, "v.e = %+.2f", -scale), 10, "#333333", "end", false);
    c.text(bx + 326, by + 10, String.format(Locale.ROOT, "%+.2f", scale), 10, "#333333", "start", false);
    c.text(bx + 160, by + 28, "negative (red) to positive (green); bold labels: most polar words, plain: most frequent; "
        + "axes not to the same scale",
        10, "#333333", "middle", false);
    return c;
  }

  Canvas explainedVariance() {
    double[] r = e().explainedVarianceRatio();
    Canvas c = new Canvas(620, 420);
    c.text(320, 20, "Explained variance of the embedding table", 13, "#111111", "middle", true);
    Axes ax = new Axes(c, 60, 50, 520, 310, 0, r.length, 0, 1).frame(null, "principal component (bar i: PC i + 1)",
        "share of the variance");
    double cum = 0;
    double[] xs = new double[r.length];
    double[] ys = new double[r.length];
    for (int i = 0; i < r.length; i++) {
      c.rect(ax.px(i + 0.15), ax.py(r[i]), ax.px(i + 0.85) - ax.px(i + 0.15), ax.py(0) - ax.py(r[i]), "#1f77b4", 0.85);
      cum += r[i];
      xs[i] = ax.px(i + 0.5);
      ys[i] = ax.py(Math.min(1, cum));
      c.circle(xs[i], ys[i], 2.5, "#d62728", null, String.format(Locale.ROOT, "PC%d: %.4f, cumulative %.4f", i + 1, r[i], cum));
    }
    c.poly(xs, ys, "#d62728", 1.5, null, 1);
    // legend in the lower right, below the cumulative curve (which starts at the first ratio and only rises)
    double ly = ax.py(Math.min(0.45, r[0] * 0.8));
    c.rect(ax.px(r.length) - 140, ly - 9, 14, 10, "#1f77b4", 0.85);
    c.text(ax.px(r.length) - 120, ly, "per component", 10, "#333333", "start", false);
    c.line(ax.px(r.length) - 140, ly + 10, ax.px(r.length) - 126, ly + 10, "#d62728", 1.5);
    c.text(ax.px(r.length) - 120, ly + 14, "cumulative", 10, "#333333", "start", false);
    return c;
  }

  Canvas themesMap() {
    Pca pca = embedding.pca();
    List<ThemeAnalysis.LeaderState> states = themes.states();
    int n = states.size();
    int stride = Math.max(1, (n + MAX_THEME_POINTS - 1) / MAX_THEME_POINTS);
    int kt = themes.themes().size();
    double[][] p = new double[n][];
    double[][] centre = new double[kt][2];
    double x0 = Double.POSITIVE_INFINITY;
    double x1 = Double.NEGATIVE_INFINITY;
    double y0 = Double.POSITIVE_INFINITY;
    double y1 = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      double[] q = pca.project(states.get(i).state());
      p[i] = new double[] {q[0], q.length > 1 ? q[1] : 0};
      int t = themes.assignment()[i];
      centre[t][0] += p[i][0] / themes.themes().get(t).leaders();
      centre[t][1] += p[i][1] / themes.themes().get(t).leaders();
      x0 = Math.min(x0, p[i][0]);
      x1 = Math.max(x1, p[i][0]);
      y0 = Math.min(y0, p[i][1]);
      y1 = Math.max(y1, p[i][1]);
    }
    double[] xr = Axes.padded(x0, x1);
    double[] yr = Axes.padded(y0, y1);
    Canvas c = new Canvas(920, 710);
    c.text(460, 20, "Final-layer leader states on the embedding table's PC1/PC2, coloured by theme", 13, "#111111",
        "middle", true);
    Axes ax = new Axes(c, 70, 60, 600, 600, xr[0], xr[1], yr[0], yr[1]).frame(null, "PC1 of the embedding table",
        "PC2 of the embedding table");
    for (int i = 0; i < n; i += stride) {
      int t = themes.assignment()[i];
      c.circle(ax.px(p[i][0]), ax.py(p[i][1]), 2.2, THEME_COLOURS[t % THEME_COLOURS.length], null, null);
    }
    for (int t = 0; t < kt; t++) {
      ThemeAnalysis.Theme th = themes.themes().get(t);
      String col = THEME_COLOURS[t % THEME_COLOURS.length];
      c.circle(ax.px(centre[t][0]), ax.py(centre[t][1]), 6, col, "#000000", "T" + (t + 1) + " mean");
      c.text(ax.px(centre[t][0]) + 8, ax.py(centre[t][1]) - 6, "T" + (t + 1), 12, "#000000", "start", true);
      double ly = 80 + 18 * t;
      if (ly > 680) {
        continue;
      }
      c.circle(690, ly - 4, 5, col, null, null);
      c.text(700, ly, "T" + (t + 1) + " " + topWords(th, 3) + " (" + th.leaders() + ")", 10, "#222222", "start", false);
    }
    if (stride > 1) {
      c.text(370, 704, "every " + stride + "th of " + n + " leaders drawn", 10, "#666666", "middle", false);
    }
    return c;
  }

  Canvas themeContributions() {
    List<ThemeAnalysis.Theme> ts = themes.themes();
    double max = 0;
    for (ThemeAnalysis.Theme t : ts) {
      max = Math.max(max, Math.abs(t.totalContribution()));
    }
    if (max == 0) {
      max = 1;
    }
    Canvas c = new Canvas(960, 80 + 22 * Math.max(1, ts.size()));
    c.text(480, 24, "Summed share of the logit of each theme's clusters (green: drives positive, red: negative)", 12,
        "#111111", "middle", true);
    double mid = 640; // labels take x < 300, bars [400, 880], values beside the bars
    double half = 240;
    c.line(mid, 40, mid, 50 + 22 * ts.size(), "#444444", 1);
    for (int i = 0; i < ts.size(); i++) {
      ThemeAnalysis.Theme t = ts.get(i);
      double y = 44 + 22 * i;
      double w = half * t.totalContribution() / max;
      c.rect(Math.min(mid, mid + w), y, Math.abs(w), 16, t.totalContribution() >= 0 ? "#1a9850" : "#d73027", 0.85);
      String label = "T" + (i + 1) + ": " + topWords(t, 4);
      c.text(10, y + 12, label.length() > 48 ? label.substring(0, 47) + "\u2026" : label, 11, "#222222", "start", false);
      c.text(w >= 0 ? mid + w + 4 : mid + w - 4, y + 12, String.format(Locale.ROOT, "%+.1f", t.totalContribution()), 10,
          "#333333", w >= 0 ? "start" : "end", false);
    }
    return c;
  }

  private static String topWords(ThemeAnalysis.Theme t, int k) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(k, t.topWords().size()); i++) {
      sb.append(i == 0 ? "" : ", ").append(t.topWords().get(i).word());
    }
    return sb.toString();
  }

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

  String page() {
    EmbeddingAnalysis a = e();
    StringBuilder sb = new StringBuilder();
    sb.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>hardmax analysis</title>")
        .append("<style>body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;color:#222}")
        .append("table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:.3em .7em;text-align:right}")
        .append("th:first-child,td:first-child{text-align:left}td.w{text-align:left}img{max-width:100%;margin:.5em 0}")
        .append(".pos{color:#1a9850}.neg{color:#d73027}</style></head><body>")
        .append("<h1>hardmax analysis of ").append(Html.escape(model)).append("</h1>");
    sb.append("<h2>Word embeddings</h2><p>").append(a.vocabulary()).append(" vocabulary entries (")
        .append("<code>&lt;pad&gt;</code> and <code>&lt;unk&gt;</code> left out) in d = ").append(a.dim())
        .append(". PCA by the power method (seed ").append(a.seed()).append(", vector-change tolerance met for every component: ")
        .append(a.converged() ? "yes" : "no").append(", largest residual ||C u &minus; &lambda; u|| = ")
        .append(String.format(Locale.ROOT, "%.1e", a.residual())).append("). The readout vector v has cosine ")
        .append(String.format(Locale.ROOT, "%+.3f", a.readoutCosine()[0])).append(" with PC1 and ")
        .append(String.format(Locale.ROOT, "%+.3f", a.readoutCosine()[1])).append(" with PC2.</p><table><tr><th>component</th><th>explained variance</th><th>ratio</th><th>cumulative</th></tr>");
    double cum = 0;
    for (int i = 0; i < a.explainedVarianceRatio().length; i++) {
      cum += a.explainedVarianceRatio()[i];
      sb.append("<tr><td>PC").append(i + 1).append("</td><td>").append(f(a.explainedVariance()[i])).append("</td><td>")
          .append(f(a.explainedVarianceRatio()[i])).append("</td><td>").append(f(cum)).append("</td></tr>");
    }
    sb.append("</table><img src=\"explained-variance.svg\" alt=\"explained variance\">")
        .append("<img src=\"embedding-map.svg\" alt=\"map of frequent and polar words\">");
    sb.append("<table><tr><th>kind</th><th>words (readout score v.e)</th></tr>");
    for (EmbeddingAnalysis.Kind k : EmbeddingAnalysis.Kind.values()) {
      sb.append("<tr><td>").append(k.label()).append("</td><td class=\"w\">");
      boolean first = true;
      for (EmbeddingAnalysis.MapWord w : a.words()) {
        if (w.kind() == k) {
          sb.append(first ? "" : ", ").append("<span class=\"").append(w.score() >= 0 ? "pos" : "neg").append("\">")
              .append(Html.escape(w.word())).append("</span> ").append(String.format(Locale.ROOT, "%+.2f", w.score()));
          first = false;
        }
      }
      sb.append("</td></tr>");
    }
    sb.append("</table>");
    if (themes == null) {
      sb.append("<h2>Themes</h2><p>No data given (<code>--data</code>), so no themes.</p>");
    } else {
      sb.append("<h2>Themes of the final-layer leaders on ").append(Html.escape(data)).append("</h2><p>")
          .append(themes.reviews()).append(" reviews (").append(themes.predictedPositive())
          .append(" predicted positive), ").append(themes.leaders()).append(" leaders covering ")
          .append(themes.tokens()).append(" tokens. Gaussian mixture (").append(themes.covariance().name().toLowerCase(Locale.ROOT))
          .append(" covariance) with K = ").append(themes.components()).append(" chosen by BIC among K = 1..")
          .append(themes.bic().size()).append(" (seed ").append(themes.seed()).append(").</p>")
          .append("<table><tr><th>theme</th><th>leaders</th><th>tokens</th><th>top leader words (count)</th>")
          .append("<th>mean contribution</th><th>summed contribution</th><th>reviews</th><th>predicted positive</th>")
          .append("<th>drives</th></tr>");
      for (ThemeAnalysis.Theme t : themes.themes()) {
        sb.append("<tr><td>T").append(t.index() + 1).append("</td><td>").append(t.leaders()).append("</td><td>")
            .append(t.tokens()).append("</td><td class=\"w\">");
        for (int i = 0; i < t.topWords().size(); i++) {
          sb.append(i == 0 ? "" : ", ").append(Html.escape(t.topWords().get(i).word())).append(" (")
              .append(t.topWords().get(i).count()).append(')');
        }
        sb.append("</td><td>").append(String.format(Locale.ROOT, "%+.4f", t.meanContribution())).append("</td><td>")
            .append(String.format(Locale.ROOT, "%+.2f", t.totalContribution())).append("</td><td>").append(t.reviews())
            .append("</td><td>").append(String.format(Locale.ROOT, "%.1f %%", 100 * t.positiveShare()))
            .append("</td><td class=\"").append(t.drives().equals("positive") ? "pos" : "neg").append("\">")
            .append(t.drives()).append("</td></tr>");
      }
      sb.append("</table><img src=\"themes-map.svg\" alt=\"leader states by theme\">")
          .append("<img src=\"theme-contributions.svg\" alt=\"contribution of each theme\">");
    }
    sb.append("<p>Every plot is also saved as PNG beside this page; the numbers are in <a href=\"analysis.json\">analysis.json</a>.</p>")
        .append("</body></html>\n");
    return sb.toString();
  }
}
