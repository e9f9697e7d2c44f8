package io.hardmax.eval.report;

import io.hardmax.attention.ClusterContribution;
import io.hardmax.attention.Explanation;
import io.hardmax.attention.TokenContribution;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A self-contained HTML page explaining one or more reviews: the text with every token coloured by its
 * contribution to the logit (tooltips give its leader and its contribution after context and alone), the
 * clusters with their share of the logit, and the token trajectories across layers as inline SVG. No external
 * scripts, fonts or stylesheets; every piece of review text is HTML-escaped.
 */
public final class ExplanationPage {

  /** One review to show: a title (id or file name), its text and the explanation. */
  public record Item(String title, String text, Explanation explanation) {}

  private ExplanationPage() {}

  private static final String CSS = """
      body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2em auto;max-width:1100px;color:#222;line-height:1.5}
      h1{font-size:1.4em} h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ddd}
      .review{margin-bottom:3em}
      .decision{font-size:1.1em;margin:.5em 0}
      .pos{color:#1a7f37;font-weight:bold} .neg{color:#c62828;font-weight:bold}
      .text{background:#fafafa;border:1px solid #e5e5e5;padding:1em;border-radius:6px;white-space:pre-wrap}
      .tok{border-radius:3px;padding:0 1px;cursor:help} .leader{font-weight:bold;text-decoration:underline}
      table{border-collapse:collapse;margin:.5em 0} td,th{border-bottom:1px solid #eee;padding:.25em .6em;text-align:left;vertical-align:top}
      td.num{text-align:right;font-variant-numeric:tabular-nums}
      .legend span{display:inline-block;padding:0 .5em;margin-right:.3em;border-radius:3px}
      .small{color:#666;font-size:.9em}
      """;

  /** The whole page. */
  public static String render(String pageTitle, List<Item> items, float[] readout) {
    StringBuilder sb = new StringBuilder(64 * 1024);
    sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
        .append("<title>").append(Html.escape(pageTitle)).append("</title><style>").append(CSS)
        .append("</style></head><body>\n<h1>").append(Html.escape(pageTitle)).append("</h1>\n");
    sb.append("<p class=\"legend small\">Token colour = contribution to the logit after context: ")
        .append("<span style=\"background:").append(colour(-1)).append("\">negative</span>")
        .append("<span style=\"background:").append(colour(-0.3)).append("\">weakly negative</span>")
        .append("<span style=\"background:").append(colour(0.3)).append("\">weakly positive</span>")
        .append("<span style=\"background:").append(colour(1)).append("\">positive</span>")
        .append(" <b><u>bold underlined</u></b> = a leader. Hover a token for its leader and contributions. ")
        .append("The logit is exactly the bias plus the sum of all token contributions.</p>\n");
    int k = 0;
    for (Item it : items) {
      review(sb, it, readout, k++);
    }
    sb.append("</body></html>\n");
    return sb.toString();
  }

  private static void review(StringBuilder sb, Item it, float[] v, int index) {
    Explanation e = it.explanation();
    List<TokenContribution> toks = e.tokens();
    sb.append("<section class=\"review\" id=\"review-").append(index).append("\">\n<h2>")
        .append(Html.escape(it.title())).append("</h2>\n");
    sb.append("<p class=\"decision\">Decision: <span class=\"").append(e.label() == 1 ? "pos\">positive" : "neg\">negative")
        .append("</span> &mdash; probability of positive ").append(fmt(e.probability()))
        .append(", logit ").append(fmt(e.logit())).append(" = bias ").append(fmt(e.bias()))
        .append(" + tokens ").append(fmt(e.logit() - e.bias() - e.paddingContribution()));
    if (e.paddingContribution() != 0) {
      sb.append(" + padding ").append(fmt(e.paddingContribution()));
    }
    sb.append("</p>\n");
    double max = 1e-12;
    for (TokenContribution t : toks) {
      max = Math.max(max, Math.abs(t.contribution()));
    }
    boolean[] isLeader = new boolean[toks.size()];
    for (int i = 0; i < toks.size(); i++) {
      isLeader[i] = toks.get(i).leader() == i;
    }
    // Highlight non-overlapping spans in text order; overlapping extra tokens (bigrams) appear in the table.
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < toks.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingInt((Integer i) -> toks.get(i).begin()).thenComparingInt(i -> toks.get(i).end()));
    String text = it.text();
    sb.append("<div class=\"text\">");
    int pos = 0;
    for (int i : order) {
      TokenContribution t = toks.get(i);
      if (t.begin() < pos || t.end() > text.length()) {
        continue;
      }
      sb.append(Html.escape(text.substring(pos, t.begin())));
            String tip = "token: " + t.text() + "\nleader: " + e.leaderText(t.leader()) + (isLeader[i] ? " (itself)" : "")
          + "\ncontribution after context: " + fmt(t.contribution())
          + "\ncontribution alone: " + fmt(t.contributionAlone())
          + (t.gatedBy() >= 0 ? "\ngated by: " + toks.get(t.gatedBy()).text() + " (its gate changed this word's embedding)" : "");
      sb.append("<span class=\"tok").append(isLeader[i] ? " leader" : "").append("\" style=\"background:")
          .append(colour(t.contribution() / max)).append("\" title=\"").append(Html.escape(tip)).append("\">")
          .append(Html.escape(text.substring(t.begin(), t.end()))).append("</span>");
      pos = t.end();
    }
    sb.append(Html.escape(text.substring(pos))).append("</div>\n");

    // clusters
    double total = 0;
    for (ClusterContribution c : e.clusters()) {
      total += Math.abs(c.contribution());
    }
    sb.append("<h3>Clusters (").append(e.clusters().size()).append(" leaders)</h3>\n<table><tr><th>leader</th>")
        .append("<th>followers</th><th>contribution</th><th>share of |logit - bias|</th></tr>\n");
    for (ClusterContribution c : e.clusters()) {
      StringBuilder f = new StringBuilder();
      for (int m : c.members()) {
        if (m != c.leader()) {
          if (f.length() > 0) {
            f.append(", ");
          }
          f.append(toks.get(m).text());
        }
      }
      sb.append("<tr><td><b>").append(Html.escape(c.leaderText())).append("</b></td><td>")
          .append(Html.escape(f.toString())).append("</td><td class=\"num\" style=\"background:")
          .append(colour(c.contribution() / Math.max(1e-12, maxAbs(e.clusters())))).append("\">")
          .append(fmt(c.contribution())).append("</td><td class=\"num\">")
          .append(String.format(Locale.ROOT, "%.1f %%", total == 0 ? 0 : 100 * Math.abs(c.contribution()) / total))
          .append("</td></tr>\n");
    }
    sb.append("</table>\n");

    // trajectories
    sb.append("<h3>Token trajectories across layers</h3>\n");
    sb.append(Trajectories.svg(e, v));
    sb.append("</section>\n");
  }

  private static double maxAbs(List<ClusterContribution> cs) {
    double m = 0;
    for (ClusterContribution c : cs) {
      m = Math.max(m, Math.abs(c.contribution()));
    }
    return m;
  }

  /** Background colour for a signed intensity in [-1, 1]: red negative, green positive, white at 0. */
  static String colour(double s) {
    double a = Math.min(1, Math.abs(s));
    int r;
    int g;
    int b;
    if (s < 0) {
      r = 255;
      g = (int) Math.round(255 - 150 * a);
      b = (int) Math.round(255 - 150 * a);
    } else {
      r = (int) Math.round(255 - 150 * a);
      g = (int) Math.round(255 - 40 * a);
      b = (int) Math.round(255 - 150 * a);
    }
    return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

}
