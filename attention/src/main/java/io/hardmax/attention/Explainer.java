package io.hardmax.attention;

import io.hardmax.nlp.EncodedText;
import io.hardmax.nlp.Token;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

  /** The explanation of a traced exact forward pass. */
  static Explanation explain(ForwardTrace tr, Weights w, EncodedText enc, boolean trajectory) {
    double logit = tr.logit();
    int d = w.dim;
    int n = tr.tokens(); // real tokens
    int nr = tr.realRows(); // real rows (distinct words, or tokens for the word-order variants)
    int depth = tr.layers();
    float[][] zs = tr.states();
    int[] tokenRow = tr.tokenRow();
    int[] firstToken = new int[nr]; // the first token of each row (rows are numbered in first-occurrence order)
    Arrays.fill(firstToken, -1);
    for (int i = 0; i < n; i++) {
      if (firstToken[tokenRow[i]] < 0) {
        firstToken[tokenRow[i]] = i;
      }
    }
    // attention sets over rows: of z^0 and of the final configuration z^L, both from the trace
    int[][] finalSets = tr.sets()[depth];
    boolean[] leaderLast = leaders(finalSets, nr);
    int[][] firstSets = tr.sets()[0];
    boolean[] leaderFirst = leaders(firstSets, nr);
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
    int vOff = w.readoutOffset();
    int v0Off = w.twoChannel ? w.readout0Offset() : -1;
    double pc = tr.pooledCount();
    List<TokenContribution> toks = new ArrayList<>(n);
    double[] contrib = new double[n];
    float[][][] traj = trajectory ? new float[depth + 1][n][d] : new float[0][][];
    double travel = 0;
    int moved = 0;
    for (int i = 0; i < n; i++) {
      int r = tokenRow[i];
      double cl = 0;
      double c0 = 0;
      double dist = 0;
      double norm0 = 0;
      for (int c = 0; c < d; c++) {
        float zl = zs[depth][r * d + c];
        float z0 = zs[0][r * d + c];
        double v = w.dense[vOff + c];
        double v0 = v0Off < 0 ? 0 : w.dense[v0Off + c];
        // two-channel readout: the token's embedding adds v0 . z^0 to its own share (exactly additive)
        cl += v * zl + v0 * z0;
        c0 += (v + v0) * z0;
        dist += (double) (zl - z0) * (zl - z0);
        norm0 += (double) z0 * z0;
      }
      if (trajectory) {
        for (int k = 0; k <= depth; k++) {
          System.arraycopy(zs[k], r * d, traj[k][i], 0, d);
        }
      }
      double share = tr.tokenPoolShare(i); // 1, or 1 / copies when pooled by distinct words
      cl *= share;
      c0 *= share;
      contrib[i] = pc > 0 ? cl / pc : 0;
      dist = Math.sqrt(dist);
      travel += dist;
      if (dist > 0.01 * Math.sqrt(norm0)) {
        moved++;
      }
      Token t = enc.tokens().get(i);
      int neg = tr.gatedBy() == null ? -1 : tr.gatedBy()[i]; // with a gate, rows are tokens
      toks.add(new TokenContribution(t.text(), t.begin(), t.end(), lead[i], contrib[i], pc > 0 ? c0 / pc : 0, neg));
    }
    double pad = 0;
    if (tr.padCount() > 0) {
      double s = 0;
      for (int c = 0; c < d; c++) {
        s += (double) w.dense[vOff + c] * zs[depth][nr * d + c];
        if (v0Off >= 0) {
          s += (double) w.dense[v0Off + c] * zs[0][nr * d + c];
        }
      }
      pad = s * tr.padCount() / pc;
    }
    Map<Integer, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      groups.computeIfAbsent(lead[i], k -> new ArrayList<>()).add(i);
    }
    List<ClusterContribution> clusters = new ArrayList<>();
    for (Map.Entry<Integer, List<Integer>> e : groups.entrySet()) {
      double s = 0;
      for (int i : e.getValue()) {
        s += contrib[i];
      }
      int l = e.getKey();
      clusters.add(new ClusterContribution(l, l < 0 ? "<pad>" : enc.tokens().get(l).text(), e.getValue(), s));
    }
    clusters.sort(Comparator.comparingDouble((ClusterContribution c) -> -Math.abs(c.contribution()))
        .thenComparingInt(ClusterContribution::leader));
    int self = 0;
    int lf = 0;
    int ll = 0;
    int both = 0;
    for (int i = 0; i < n; i++) {
      int r = tokenRow[i];
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
    ClusteringDiagnostics diag = new ClusteringDiagnostics(n, n == 0 ? 0 : self / (double) n, groups.size(), lf, ll,
        ll == 0 ? 0 : both / (double) ll, n == 0 ? 0 : travel / n, n == 0 ? 0 : moved / (double) n);
    Prediction p = Prediction.of(logit);
    return new Explanation(logit, p.probability(), p.label(), w.dense[w.biasOffset()], toks, clusters, pad, traj, diag);
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
