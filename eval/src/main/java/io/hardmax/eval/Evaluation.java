package io.hardmax.eval;

import io.hardmax.core.UserException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hardmax.attention.ClusterContribution;
import io.hardmax.attention.Explanation;
import io.hardmax.attention.HardmaxAttention;
import io.hardmax.attention.Network;
import io.hardmax.attention.SentimentModel;
import io.hardmax.datasets.Review;
import io.hardmax.eval.metrics.BinaryMetrics;
import io.hardmax.eval.metrics.GroupAccuracy;
import io.hardmax.eval.metrics.LengthBuckets;
import io.hardmax.nlp.EncodedText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;

/**
 * Evaluation of a sentiment model on labelled reviews: classification metrics, the clustering diagnostics
 * (share of tokens following another word, clusters, travel, accuracy with the attention removed), and the
 * paper's corpus statistics (Alcalde et al. 2025, section 5: leaders per review and the leader-word
 * histogram).
 *
 * @param name              the model's name in reports
 * @param metrics           classification metrics at exact hardmax inference
 * @param lengthBuckets     accuracy by review length (tokens seen by the model)
 * @param accuracyNoAttention accuracy of the same weights with the attention layers removed
 * @param rocAucNoAttention ROC-AUC of the same weights with the attention layers removed: unlike the accuracy it
 *                          does not depend on the bias, so a drop here is lost ranking information, not a
 *                          decision threshold that no longer fits
 * @param medianFollowerShare median over reviews of the share of tokens following a leader of another word
 * @param meanFollowerShare mean of that share
 * @param meanClusters      mean number of clusters per review
 * @param meanTravel        mean distance a token moves across the layers
 * @param meanMovedShare    mean share of tokens that move more than 1 % of their norm
 * @param leaders           final-layer leaders per review: mean, std, min, max
 * @param leadersAlreadyFirst mean share of final leaders that were already leaders at layer 0
 * @param medianLeaderDistance median over every token that follows another token of |p_i - p_leader(i)|, in word
 *                          positions (a bigram entry sits between its words, at first + 0.5); NaN when no token
 *                          follows another
 * @param leaderWords       leader-word histogram: final leaders with |v.z + b| > 2 in confidently (p >= 0.9 or
 *                          <= 0.1) and correctly classified reviews, most frequent first (top 30)
 * @param capabilities      accuracy per {@link Review#group() group} (a behavioural test set's capabilities), with
 *                          and without attention, in order of first appearance; empty when the data has no groups
 */
public record Evaluation(String name, BinaryMetrics metrics, List<LengthBuckets.Bucket> lengthBuckets,
    double accuracyNoAttention, double rocAucNoAttention, double medianFollowerShare, double meanFollowerShare, double meanClusters,
    double meanTravel, double meanMovedShare, double[] leaders, double leadersAlreadyFirst,
    double medianLeaderDistance, List<Map.Entry<String, Integer>> leaderWords, List<GroupAccuracy> capabilities) {

  /** Confidence threshold of the leader-word histogram. */
  public static final double CONFIDENT = 0.9;
  /** |v.z + b| threshold of a leader's own logit in the histogram (the paper's 2). */
  public static final double LEADER_LOGIT = 2;

  /** Evaluates; every review must be labelled. */
  public static Evaluation run(String name, SentimentModel model, List<Review> reviews, int threads, long seed) {
    for (Review r : reviews) {
      if (r.label() == null) {
        throw new UserException(r.origin() + ": review " + r.id() + " has no label; evaluation needs labelled data");
      }
    }
    if (reviews.isEmpty()) {
      throw new UserException("no reviews to evaluate");
    }
    ForkJoinPool pool = new ForkJoinPool(threads);
    List<Explanation> ex;
    List<int[]> ids;
    try {
      List<EncodedText> enc = pool.submit(() -> reviews.parallelStream().map(r -> model.encode(r.text())).toList()).get();
      ex = pool.submit(() -> enc.parallelStream().map(model::explain).toList()).get();
      ids = enc.stream().map(EncodedText::ids).toList();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("evaluation failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    int n = reviews.size();
    int[] gold = new int[n];
    double[] prob = new double[n];
    int[] lengths = new int[n];
    boolean[] correct = new boolean[n];
    double[] follower = new double[n];
    double clusters = 0;
    double travel = 0;
    double moved = 0;
    double[] leaders = new double[n];
    double already = 0;
    Map<String, Integer> words = new HashMap<>();
    float[] v = model.readout();
    double b = model.readoutBias();
    int depth = model.config().depth();
    int bigramStart = model.vocabulary().hasBigrams() ? model.vocabulary().bigramStart() : Integer.MAX_VALUE;
    float[] distances = new float[1024];
    int distanceCount = 0;
    for (int i = 0; i < n; i++) {
      Explanation e = ex.get(i);
      int[] rid = ids.get(i);
      float[] pos = new float[rid.length];
      HardmaxAttention.positions(rid, rid.length, bigramStart, pos);
      for (int t = 0; t < e.tokens().size(); t++) {
        int l = e.tokens().get(t).leader();
        if (l >= 0 && l != t) {
          if (distanceCount == distances.length) {
            distances = Arrays.copyOf(distances, 2 * distances.length);
          }
          distances[distanceCount++] = Math.abs(pos[t] - pos[l]);
        }
      }
      gold[i] = reviews.get(i).label();
      prob[i] = e.probability();
      lengths[i] = e.tokens().size();
      correct[i] = e.label() == gold[i];
      follower[i] = e.diagnostics().followerShare();
      clusters += e.diagnostics().clusters();
      travel += e.diagnostics().meanTravel();
      moved += e.diagnostics().movedShare();
      leaders[i] = e.diagnostics().leadersLastLayer();
      already += e.diagnostics().lastLeadersAlreadyFirst();
      if (correct[i] && (e.probability() >= CONFIDENT || e.probability() <= 1 - CONFIDENT)) {
        for (ClusterContribution c : e.clusters()) {
          if (c.leader() < 0) {
            continue;
          }
          float[] z = e.trajectory()[depth][c.leader()];
          double own = b;
          for (int k = 0; k < v.length; k++) {
            own += v[k] * z[k];
          }
          if (Math.abs(own) > LEADER_LOGIT) {
            words.merge(c.leaderText(), 1, Integer::sum);
          }
        }
      }
    }
    double[] noAtt = model.network().logits(ids, true, 0, threads);
    double accNo = Network.accuracy(noAtt, gold);
    boolean[] correctNo = new boolean[n];
    for (int i = 0; i < n; i++) {
      correctNo[i] = (noAtt[i] >= 0 ? 1 : 0) == gold[i]; // Network.accuracy's rule
    }
    List<GroupAccuracy> capabilities = GroupAccuracy.compute(reviews.stream().map(Review::group).toList(), correct, correctNo);
    double[] fs = follower.clone();
    Arrays.sort(fs);
    double mean = Arrays.stream(leaders).average().orElse(0);
    double sd = Math.sqrt(Arrays.stream(leaders).map(x -> (x - mean) * (x - mean)).sum() / n);
    List<Map.Entry<String, Integer>> top = new ArrayList<>(words.entrySet());
    top.sort(Comparator.comparing((Map.Entry<String, Integer> en) -> -en.getValue()).thenComparing(Map.Entry::getKey));
    top = List.copyOf(top.subList(0, Math.min(30, top.size())).stream().map(en -> Map.entry(en.getKey(), en.getValue())).toList());
    return new Evaluation(name, BinaryMetrics.compute(gold, prob, seed),
        LengthBuckets.compute(lengths, correct, LengthBuckets.DEFAULT_EDGES), accNo, BinaryMetrics.rocAuc(gold, noAtt), fs[(n - 1) / 2],
        Arrays.stream(follower).average().orElse(0), clusters / n, travel / n, moved / n,
        new double[] {mean, sd, Arrays.stream(leaders).min().orElse(0), Arrays.stream(leaders).max().orElse(0)},
        already / n, median(distances, distanceCount), top, capabilities);
  }

  private static double median(float[] x, int n) {
    if (n == 0) {
      return Double.NaN;
    }
    float[] s = Arrays.copyOf(x, n);
    Arrays.sort(s);
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
  }

  /**
   * JSON: the metrics plus {@code clustering}, {@code leaders}, {@code leader_words} and, when the data has groups,
   * {@code capabilities}: an object from each group to its count, correct, accuracy, correct_without_attention and
   * accuracy_without_attention.
   */
  public ObjectNode toJson(ObjectMapper m) {
    ObjectNode o = m.createObjectNode();
    o.put("model", name);
    o.setAll(metrics.toJson(m));
    ArrayNode lb = o.putArray("accuracy_by_length");
    for (LengthBuckets.Bucket bk : lengthBuckets) {
      lb.addObject().put("tokens", bk.label()).put("count", bk.count()).put("accuracy", bk.accuracy());
    }
    ObjectNode c = o.putObject("clustering");
    c.put("median_follower_share", medianFollowerShare).put("mean_follower_share", meanFollowerShare)
        .put("mean_clusters", meanClusters).put("mean_travel", meanTravel).put("mean_moved_share", meanMovedShare)
        .put("accuracy_without_attention", accuracyNoAttention)
        .put("accuracy_lost_without_attention", metrics.accuracy() - accuracyNoAttention)
        .put("roc_auc_without_attention", rocAucNoAttention)
        .put("median_leader_distance", medianLeaderDistance);
    o.putObject("leaders").put("mean", leaders[0]).put("std", leaders[1]).put("min", leaders[2]).put("max", leaders[3])
        .put("final_leaders_already_at_layer_0", leadersAlreadyFirst);
    ArrayNode w = o.putArray("leader_words");
    for (Map.Entry<String, Integer> e : leaderWords) {
      w.addObject().put("word", e.getKey()).put("count", e.getValue());
    }
    if (!capabilities.isEmpty()) {
      ObjectNode cap = o.putObject("capabilities");
      for (GroupAccuracy g : capabilities) {
        cap.putObject(g.group()).put("count", g.count()).put("correct", g.correct()).put("accuracy", g.accuracy())
            .put("correct_without_attention", g.correctWithoutAttention())
            .put("accuracy_without_attention", g.accuracyWithoutAttention());
      }
    }
    return o;
  }
}
