package io.hardmax.cli;

import io.hardmax.attention.ClusterContribution;
import io.hardmax.attention.Explanation;
import io.hardmax.attention.TokenContribution;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The explanation of one review for a terminal: the text with every token coloured by its contribution
 * (red negative, green positive, brighter = larger), leaders in bold, optionally each token's leader, a
 * legend, and the decision. Without colour (not a terminal, or --no-color) the same content as plain text:
 * tokens as [text +0.0123] and leaders marked with '*'.
 */
final class TerminalView {
  private static final String RESET = "\u001b[0m";
  private static final String BOLD = "\u001b[1m";

  private TerminalView() {}

  static String render(String title, String text, Explanation e, boolean color, boolean showLeaders) {
    StringBuilder sb = new StringBuilder();
    List<TokenContribution> toks = e.tokens();
    String decision = e.label() == 1 ? "positive" : "negative";
    sb.append(color ? BOLD : "").append("== ").append(title).append(" ==").append(color ? RESET : "").append('\n');
    sb.append(String.format(Locale.ROOT, "decision: %s   probability(positive) = %.4f   logit = %.4f = bias %.4f + tokens %.4f%s%n",
        color ? (e.label() == 1 ? fg(0, 200, 0) : fg(220, 0, 0)) + decision + RESET : decision,
        e.probability(), e.logit(), e.bias(), e.logit() - e.bias() - e.paddingContribution(),
        e.paddingContribution() != 0 ? String.format(Locale.ROOT, " + padding %.4f", e.paddingContribution()) : ""));
    double max = 1e-12;
    for (TokenContribution t : toks) {
      max = Math.max(max, Math.abs(t.contribution()));
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < toks.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingInt((Integer i) -> toks.get(i).begin()).thenComparingInt(i -> toks.get(i).end()));
    int pos = 0;
    for (int i : order) {
      TokenContribution t = toks.get(i);
      if (t.begin() < pos || t.end() > text.length()) {
        continue;
      }
      sb.append(text, pos, t.begin());
      String surface = text.substring(t.begin(), t.end());
      boolean leader = t.leader() == i;
      if (color) {
        double s = t.contribution() / max;
        sb.append(leader ? BOLD : "").append(bg(s)).append(surface).append(RESET);
        if (showLeaders && !leader) {
          sb.append("\u001b[2m→").append(e.leaderText(t.leader())).append(RESET);
        }
        if (t.gatedBy() >= 0) {
          sb.append("\u001b[2m~").append(e.tokens().get(t.gatedBy()).text()).append(RESET);
        }
      } else {
        sb.append('[').append(leader ? "*" : "").append(surface)
            .append(String.format(Locale.ROOT, " %+.4f", t.contribution()));
        if (showLeaders && !leader) {
          sb.append(" ->").append(e.leaderText(t.leader()));
        }
        if (t.gatedBy() >= 0) {
          sb.append(" ~").append(e.tokens().get(t.gatedBy()).text());
        }
        sb.append(']');
      }
      pos = t.end();
    }
    sb.append(text.substring(pos)).append('\n');
    sb.append("clusters (leader: contribution, followers):\n");
    int shown = 0;
    for (ClusterContribution c : e.clusters()) {
      if (shown++ == 10) {
        sb.append("  ... ").append(e.clusters().size() - 10).append(" more\n");
        break;
      }
      StringBuilder f = new StringBuilder();
      int k = 0;
      for (int m : c.members()) {
        if (m != c.leader()) {
          if (k++ == 8) {
            f.append(", ...");
            break;
          }
          f.append(k > 1 ? ", " : "").append(toks.get(m).text());
        }
      }
      sb.append(String.format(Locale.ROOT, "  %s%s%s: %+.4f  %s%n", color ? BOLD : "", c.leaderText(),
          color ? RESET : "", c.contribution(), f));
    }
    boolean gated = e.tokens().stream().anyMatch(t -> t.gatedBy() >= 0);
    if (color) {
      sb.append("legend: ").append(bg(-1)).append(" negative ").append(RESET).append(' ')
          .append(bg(-0.3)).append(" weak ").append(RESET).append(' ').append(bg(0.3)).append(" weak ").append(RESET)
          .append(' ').append(bg(1)).append(" positive ").append(RESET).append("  ").append(BOLD).append("bold")
          .append(RESET).append(" = leader").append(gated ? ", ~not = the word's embedding went through the gate of \"not\"" : "")
          .append('\n');
    } else {
      sb.append("legend: [token +contribution], * = leader, ").append(gated ? "~not = gated by \"not\", " : "")
          .append("contributions add up to logit - bias\n");
    }
    return sb.toString();
  }

  private static String fg(int r, int g, int b) {
    return "\u001b[38;2;" + r + ";" + g + ";" + b + "m";
  }

  /** 24-bit background for a signed intensity in [-1, 1], with black text. */
  static String bg(double s) {
    double a = Math.min(1, Math.abs(s));
    int r;
    int g;
    int b;
    if (s < 0) {
      r = 255;
      g = (int) Math.round(255 - 170 * a);
      b = (int) Math.round(255 - 170 * a);
    } else {
      r = (int) Math.round(255 - 170 * a);
      g = 255;
      b = (int) Math.round(255 - 170 * a);
    }
    return "\u001b[48;2;" + r + ";" + g + ";" + b + "m\u001b[38;2;0;0;0m";
  }

}
