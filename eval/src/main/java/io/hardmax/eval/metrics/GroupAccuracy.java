package io.hardmax.eval.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Accuracy within one group of reviews, such as a capability of a behavioural test set (in the manner of
 * CheckList, Ribeiro et al., ACL 2020), with and without the attention layers.
 *
 * @param group                   the group's name ({@link #NONE} for reviews without one)
 * @param count                   reviews in the group
 * @param correct                 correctly classified at hardmax inference
 * @param correctWithoutAttention correctly classified by the same weights with the attention layers removed
 */
public record GroupAccuracy(String group, int count, int correct, int correctWithoutAttention) {
  /** The group of reviews that have none, when others do. */
  public static final String NONE = "(none)";

  public GroupAccuracy {
    if (count < 1 || correct < 0 || correct > count || correctWithoutAttention < 0 || correctWithoutAttention > count) {
      throw new IllegalArgumentException("group " + group + ": expected 0 <= correct <= count >= 1, found count " + count
          + ", correct " + correct + ", correct without attention " + correctWithoutAttention);
    }
  }

  /** Share of the group classified correctly. */
  public double accuracy() {
    return correct / (double) count;
  }

  /** Share classified correctly without the attention layers. */
  public double accuracyWithoutAttention() {
    return correctWithoutAttention / (double) count;
  }

  /**
   * Accuracy per group, groups in order of first appearance; empty when no review has a group. Every review is
   * counted once, so the counts and correct answers add up to the whole set's.
   *
   * @param groups           each review's group, or null
   * @param correct          whether each review was classified correctly
   * @param correctNoAttention whether each was classified correctly without attention
   */
  public static List<GroupAccuracy> compute(List<String> groups, boolean[] correct, boolean[] correctNoAttention) {
    if (groups.size() != correct.length || groups.size() != correctNoAttention.length) {
      throw new IllegalArgumentException("groups, correct and correctNoAttention differ in length: " + groups.size() + ", "
          + correct.length + ", " + correctNoAttention.length);
    }
    if (groups.stream().allMatch(g -> g == null)) {
      return List.of();
    }
    Map<String, int[]> tally = new LinkedHashMap<>();
    for (int i = 0; i < correct.length; i++) {
      int[] t = tally.computeIfAbsent(groups.get(i) == null ? NONE : groups.get(i), g -> new int[3]);
      t[0]++;
      t[1] += correct[i] ? 1 : 0;
      t[2] += correctNoAttention[i] ? 1 : 0;
    }
    List<GroupAccuracy> out = new ArrayList<>();
    tally.forEach((g, t) -> out.add(new GroupAccuracy(g, t[0], t[1], t[2])));
    return List.copyOf(out);
  }
}
