package io.hardmax.attention;

import java.util.List;

/**
 * Why a review got its label, exactly: with a linear readout of the mean token,
 * {@code logit = bias + sum_i contribution_i + paddingContribution} (within float rounding, checked to 1e-6).
 * Returned by {@link SentimentModel#explain}; an immutable value (do not modify the {@code trajectory} arrays).
 * Token {@code i}'s leader is {@code tokens().get(i).leader()}; a leader's followers are the tokens whose leader is
 * its index, also listed by its {@link ClusterContribution}.
 *
 * @param logit               the model's logit at exact hardmax inference
 * @param probability         sigmoid(logit), the probability of positive
 * @param label               1 positive, 0 negative
 * @param bias                the readout bias b
 * @param tokens              the real tokens in model order (text order; bigram tokens after their second word)
 * @param clusters            final-layer clusters, by |contribution| descending
 * @param paddingContribution padding's share of the logit (0 unless padding is pooled)
 * @param trajectory          [depth+1][tokens][dim] token states per layer; layer 0 = embeddings; empty (length 0)
 *                            when the explanation was made without it
 *                            ({@link SentimentModel#explain(io.hardmax.nlp.EncodedText, boolean)})
 * @param diagnostics         how much the tokens cluster
 */
public record Explanation(double logit, double probability, int label, double bias, List<TokenContribution> tokens,
    List<ClusterContribution> clusters, double paddingContribution, float[][][] trajectory,
    ClusteringDiagnostics diagnostics) {

  public Explanation {
    tokens = List.copyOf(tokens);
    clusters = List.copyOf(clusters);
  }

  /** The text of the token at a leader index, or {@code <pad>} for -1 (the padding cluster). */
  public String leaderText(int leader) {
    return leader < 0 ? "<pad>" : tokens.get(leader).text();
  }
}
