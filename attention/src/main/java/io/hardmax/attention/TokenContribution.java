package io.hardmax.attention;

/**
 * One real token of an explained review, an immutable value of {@link Explanation#tokens()}. Its span in the
 * original text is {@code text.substring(begin, end)}; bigram tokens (when the vocabulary has them) span both
 * words and overlap their neighbours.
 *
 * @param text              the token's normalised text (as looked up in the vocabulary)
 * @param begin             start of its span in the original review text
 * @param end               end of its span, exclusive
 * @param leader            index (into the explanation's tokens) of its final-layer leader, its own index when it
 *                          is a leader, or -1 when it follows the padding cluster
 * @param contribution      {@code v . z_i^L / n}: its share of the logit after context (n = pooled positions)
 * @param contributionAlone {@code v . z_i^0 / n}: what the word says alone, before any attention (with the negation
 *                          gate, after its negator's gate: z^0 is the gated embedding)
 * @param gatedBy           index (into the explanation's tokens) of the word whose gate changed this token's embedding:
 *                          the negation word whose scope holds it ({@link HardmaxConfig#negationGate()}), or the
 *                          contrast word after it in its sentence ({@link HardmaxConfig#contrastGate()}); -1 if none
 */
public record TokenContribution(String text, int begin, int end, int leader, double contribution,
    double contributionAlone, int gatedBy) {

  /** A token no gate changed. */
  public TokenContribution(String text, int begin, int end, int leader, double contribution, double contributionAlone) {
    this(text, begin, end, leader, contribution, contributionAlone, -1);
  }
}
