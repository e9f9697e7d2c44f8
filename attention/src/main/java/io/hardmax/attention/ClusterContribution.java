package io.hardmax.attention;

import java.util.List;

/**
 * A final-layer cluster, an immutable value of {@link Explanation#clusters()}: a leader and the tokens that follow
 * it (its members other than the leader itself).
 *
 * @param leader       index of the leader in the explanation's tokens (-1 for the padding cluster)
 * @param leaderText   the leader's text ({@code <pad>} for padding)
 * @param members      indices of all member tokens, the leader included, ascending
 * @param contribution sum of the members' contributions to the logit
 */
public record ClusterContribution(int leader, String leaderText, List<Integer> members, double contribution) {
  public ClusterContribution {
    members = List.copyOf(members);
  }
}
