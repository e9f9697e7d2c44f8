package io.hardmax.attention;

/**
 * How much a review's tokens cluster.
 *
 * @param tokens            real tokens
 * @param selfLeaderShare   share of real tokens that are their own leader at the last layer (a later copy of
 *                          a word led by its first copy counts as its own leader: no clustering in that)
 * @param clusters          number of final-layer clusters among real tokens (the padding cluster counts if joined)
 * @param leadersFirstLayer leaders among real tokens at layer 0 (duplicates: the first copy)
 * @param leadersLastLayer  leaders among real tokens at the last layer
 * @param lastLeadersAlreadyFirst share of the last layer's leaders that were already leaders at layer 0
 * @param meanTravel        mean distance a token moves from layer 0 to the last layer
 * @param movedShare        share of real tokens that moved more than 1 % of their initial norm
 */
public record ClusteringDiagnostics(int tokens, double selfLeaderShare, int clusters, int leadersFirstLayer,
    int leadersLastLayer, double lastLeadersAlreadyFirst, double meanTravel, double movedShare) {

  /** Share of real tokens that follow a leader other than themselves (a different word). */
  public double followerShare() {
    return tokens == 0 ? 0 : 1 - selfLeaderShare;
  }
}
