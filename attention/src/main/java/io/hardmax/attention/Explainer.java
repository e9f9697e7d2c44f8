package io.hardmax.attention;

import io.hardmax.nlp.EncodedText;
import io.hardmax.nlp.Token;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Builds {@link Explanation}s from an exact hardmax forward pass, read through its {@link ForwardTrace}.
 *
 * <p>Leaders (Alcalde et al. 2025, section 3): at a layer, token i is a leader when its attention set holds only
 * itself. With global attention identical tokens (same id) have identical states and tie exactly, so among
 * duplicates of a word the first copy is the leader and the others follow it, as in the paper; with a word-order
 * variant every token is its own row and copies of a word in different places can lead different clusters.
 * The attention sets and states come from the forward pass's {@link ForwardTrace}. Leaders of the final configuration are
 * computed from the attention sets of the last states {@code z^L}.
 *
 * <p>With several heads the attention set of a token is the union of its heads' sets (the support of the layer's
 * mean attention, see {@link HardmaxAttention}): a token leads when every head attends to it alone, and a follower
 * walks to the smallest other index any head attends to. With one head this is the rule above. A value map changes
 * no set (it acts after the mixing); the contributions are read from the states, so bias + sum of contributions =
 * logit holds for every variant.
 *
 * <p>A token's leader: follow the attention from i to the smallest index in its final attention set
 * (duplicates mapped to their first copy) until a leader is reached; if the walk cycles without reaching one,
 * the smallest index on the cycle leads; reaching the padding row gives -1 (the padding cluster).
 */
final class Explainer {
  private Explainer() {}

  static Explanation explain(Network net, EncodedText enc) {
    return explain(net, enc, true);
  }

  /**
   * @param trajectory whether to copy the token states of every layer into the explanation ({@code [depth+1]
   *                   [tokens][dim]} floats: the largest part of an explanation, needed by reports and analysis
   *                   but not by classification); without it the explanation's trajectory is empty
   */
  static Explanation explain(Network net, EncodedText enc, boolean trajectory) {
    HardmaxConfig cfg = net.config();
    Weights w = net.weights();
    Workspace ws = net.workspace();
    int len = Math.min(enc.length(), cfg.maxLength());
    // compact rows, as in classification and training: the copies of a word share one row (same states, same
    // attention sets), so the explanation's logit is the batch path's logit bit for bit
    ws.forward(enc.ids(), len, w, net.aMats(), true, cfg.depth(), true);
    ForwardTrace tr = ws.trace(w, net.aMats());
    return explain(tr, w, enc, trajectory);
  }

  /** The explanation of a traced exact forward pass, built by the small methods below. */
  static Explanation explain(ForwardTrace tr, Weights w, EncodedText enc, boolean trajectory) {
    int n = tr.tokens(); // real tokens
    int nr = tr.realRows(); // real rows (distinct words, or tokens for the word-order variants)
    int depth = tr.layers();
    int[] tokenRow = tr.tokenRow();
    int[] firstToken = firstTokens(tokenRow, n, nr);
    // attention sets over rows: of z^0 and of the final configuration z^L, both from the trace
    int[][] finalSets = tr.sets()[depth];
    boolean[] leaderLast = leaders(finalSets, nr);
    boolean[] leaderFirst = leaders(tr.sets()[0], nr);
    int[] leadRow = new int[nr];
    int[] seen = new int[nr]; // seen[r] == r0 + 1: row r was visited by the walk from r0
    for (int r = 0; r < nr; r++) {
      leadRow[r] = resolve(r, finalSets, leaderLast, nr, seen);
    }
    int[] lead = new int[n];
    for (int i = 0; i < n; i++) {
      int lr = leadRow[tokenRow[i]];
      lead[i] = lr < 0 ? -1 : firstToken[lr];
    }
    double[] contrib = new double[n];
    double[] alone = new double[n];
    contributions(tr, w, contrib, alone);
    List<TokenContribution> toks = new ArrayList<>(n);
    List<Token> tokens = enc.tokens();
    int[] gatedBy = tr.gatedBy(); // with a gate, rows are tokens
    for (int i = 0; i < n; i++) {
      Token t = tokens.get(i);
      toks.add(new TokenContribution(t.text(), t.begin(), t.end(), lead[i], contrib[i], alone[i],
          gatedBy == null ? -1 : gatedBy[i]));
    }
    float[][][] traj = trajectory ? trajectory(tr, w.dim) : new float[0][][];
    List<ClusterContribution> clusters = clusters(lead, contrib, tokens, n);
    ClusteringDiagnostics diag = diagnostics(tr, w.dim, leadRow, firstToken, leaderFirst, leaderLast, clusters.size());
    double logit = tr.logit();
    Prediction p = Prediction.of(logit);
    return new Explanation(logit, p.probability(), p.label(), w.dense[w.biasOffset()], toks, clusters,
        padding(tr, w), traj, diag);
  }

  /** The first token of each row (rows are numbered in first-occurrence order). */
  private static int[] firstTokens(int[] tokenRow, int n, int nr) {
    int[] firstToken = new int[nr];
    Arrays.fill(firstToken, -1);
    for (int i = 0; i < n; i++) {
      if (firstToken[tokenRow[i]] < 0) {
        firstToken[tokenRow[i]] = i;
      }
    }
    return firstToken;
  }

  /**
   * Each token's contribution to the logit ({@code contrib}: its final state through the readout; with the
   * two-channel readout its embedding's share too, which is exactly additive) and its contribution without the
   * attention ({@code alone}: its embedding through both readouts), scaled by its pooling share.
   */
  private static void contributions(ForwardTrace tr, Weights w, double[] contrib, double[] alone) {
    int d = w.dim;
    int n = tr.tokens();
    float[] zl = tr.states()[tr.layers()];
    float[] z0 = tr.states()[0];
    int[] tokenRow = tr.tokenRow();
    int vOff = w.readoutOffset();
    int v0Off = w.twoChannel ? w.readout0Offset() : -1;
    double pc = tr.pooledCount();
    for (int i = 0; i < n; i++) {
      int ro = tokenRow[i] * d;
      double cl = 0;
      double c0 = 0;
      for (int c = 0; c < d; c++) {
        double v = w.dense[vOff + c];
        double v0 = v0Off < 0 ? 0 : w.dense[v0Off + c];
        cl += v * zl[ro + c] + v0 * z0[ro + c];
        c0 += (v + v0) * z0[ro + c];
      }
      double share = tr.tokenPoolShare(i); // 1, or 1 / copies when pooled by distinct words
      contrib[i] = pc > 0 ? cl * share / pc : 0;
      alone[i] = pc > 0 ? c0 * share / pc : 0;
    }
  }

  /** The token states of every layer, {@code [depth+1][tokens][dim]}. */
  private static float[][][] trajectory(ForwardTrace tr, int d) {
    int n = tr.tokens();
    int depth = tr.layers();
    int[] tokenRow = tr.tokenRow();
    float[][][] traj = new float[depth + 1][n][d];
    for (int k = 0; k <= depth; k++) {
      for (int i = 0; i < n; i++) {
        System.arraycopy(tr.states()[k], tokenRow[i] * d, traj[k][i], 0, d);
      }
    }
    return traj;
  }

  /** The padding row's contribution (pooled over every padding position), 0 without padding. */
  private static double padding(ForwardTrace tr, Weights w) {
    if (tr.padCount() == 0) {
      return 0;
    }
    int d = w.dim;
    int nr = tr.realRows();
    float[] zl = tr.states()[tr.layers()];
    float[] z0 = tr.states()[0];
    int vOff = w.readoutOffset();
    int v0Off = w.twoChannel ? w.readout0Offset() : -1;
    double s = 0;
    for (int c = 0; c < d; c++) {
      s += (double) w.dense[vOff + c] * zl[nr * d + c];
      if (v0Off >= 0) {
        s += (double) w.dense[v0Off + c] * z0[nr * d + c];
      }
    }
    return s * tr.padCount() / tr.pooledCount();
  }

  /**
   * The clusters: the tokens grouped by leader (groups in the order their first token comes), each with the sum of
   * its members' contributions (ascending members), ordered by |contribution|, then by leader.
   */
  private static List<ClusterContribution> clusters(int[] lead, double[] contrib, List<Token> tokens, int n) {
    int[] groupOf = new int[n + 1]; // leader + 1 -> its group + 1 (0: none yet)
    int[] groupLead = new int[n];
    int[] size = new int[n];
    int[] tokenGroup = new int[n];
    int ng = 0;
    for (int i = 0; i < n; i++) {
      int g = groupOf[lead[i] + 1] - 1;
      if (g < 0) {
        g = ng++;
        groupOf[lead[i] + 1] = g + 1;
        groupLead[g] = lead[i];
      }
      tokenGroup[i] = g;
      size[g]++;
    }
    Integer[][] members = new Integer[ng][];
    int[] filled = new int[ng];
    double[] sum = new double[ng];
    for (int g = 0; g < ng; g++) {
      members[g] = new Integer[size[g]];
    }
    for (int i = 0; i < n; i++) {
      int g = tokenGroup[i];
      members[g][filled[g]++] = i;
      sum[g] += contrib[i];
    }
    List<ClusterContribution> clusters = new ArrayList<>(ng);
    for (int g = 0; g < ng; g++) {
      int l = groupLead[g];
      clusters.add(new ClusterContribution(l, l < 0 ? "<pad>" : tokens.get(l).text(), List.of(members[g]), sum[g]));
    }
    clusters.sort(BY_STRENGTH);
    return clusters;
  }

  /** Clusters by |contribution|, largest first, then by leader. */
  private static final Comparator<ClusterContribution> BY_STRENGTH = (a, b) -> {
    int c = Double.compare(Math.abs(b.contribution()), Math.abs(a.contribution()));
    return c != 0 ? c : Integer.compare(a.leader(), b.leader());
  };

  /** Leaders and movement: how many tokens follow another word, leaders of the first and last layer, travel. */
  private static ClusteringDiagnostics diagnostics(ForwardTrace tr, int d, int[] leadRow, int[] firstToken,
      boolean[] leaderFirst, boolean[] leaderLast, int clusters) {
    int n = tr.tokens();
    int[] tokenRow = tr.tokenRow();
    float[] zl = tr.states()[tr.layers()];
    float[] z0 = tr.states()[0];
    int self = 0;
    int lf = 0;
    int ll = 0;
    int both = 0;
    double travel = 0;
    int moved = 0;
    for (int i = 0; i < n; i++) {
      int r = tokenRow[i];
      double dist = 0;
      double norm0 = 0;
      for (int c = 0; c < d; c++) {
        float a = zl[r * d + c];
        float b = z0[r * d + c];
        dist += (double) (a - b) * (a - b);
        norm0 += (double) b * b;
      }
      dist = Math.sqrt(dist);
      travel += dist;
      if (dist > 0.01 * Math.sqrt(norm0)) {
        moved++;
      }
      if (leadRow[r] == r) {
        self++; // its own leader, or following a copy of the same word (no clustering in that)
      }
      if (firstToken[r] != i) {
        continue; // among copies of a word only the first can be a leader
      }
      if (leaderFirst[r]) {
        lf++;
      }
      if (leaderLast[r]) {
        ll++;
        if (leaderFirst[r]) {
          both++;
        }
      }
    }
    return new ClusteringDiagnostics(n, n == 0 ? 0 : self / (double) n, clusters, lf, ll,
        ll == 0 ? 0 : both / (double) ll, n == 0 ? 0 : travel / n, n == 0 ? 0 : moved / (double) n);
  }

  /** Leader rows: a real row whose attention set is itself alone (its word's copies share the row). */
  private static boolean[] leaders(int[][] sets, int nr) {
    boolean[] l = new boolean[nr];
    for (int r = 0; r < nr; r++) {
      l[r] = sets[r].length == 1 && sets[r][0] == r;
    }
    return l;
  }

  /**
   * The leader row of row r: follow the attention to the smallest other row in its final set until a leader is
   * reached; a cycle without a leader is led by its smallest row; reaching the padding row gives -1.
   */
  private static int resolve(int r, int[][] sets, boolean[] leader, int nr, int[] seen) {
    int cur = r;
    int mark = r + 1;
    while (true) {
      if (leader[cur]) {
        return cur;
      }
      if (seen[cur] == mark) {
        int min = cur;
        int x = next(cur, sets);
        while (x != cur && x >= 0 && x < nr) {
          min = Math.min(min, x);
          x = next(x, sets);
        }
        return min;
      }
      seen[cur] = mark;
      int nx = next(cur, sets);
      if (nx >= nr) {
        return -1; // the padding row
      }
      cur = nx;
    }
  }

  private static int next(int r, int[][] sets) {
    int best = Integer.MAX_VALUE;
    for (int j : sets[r]) {
      if (j != r) {
        best = Math.min(best, j);
      }
    }
    return best == Integer.MAX_VALUE ? r : best;
  }
}
