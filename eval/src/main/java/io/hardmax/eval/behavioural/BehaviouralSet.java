package io.hardmax.eval.behavioural;

import io.hardmax.datasets.Format;
import io.hardmax.datasets.NamedDataset;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Version 1 of the behavioural test set, {@code behavioural:v1} (also {@code behavioural}): 234 short reviews
 * written by hand, a TSV resource with the columns {@code capability}, {@code label} (1 positive, 0 negative)
 * and {@code text}. The capabilities, each with at least 15 reviews:
 * <ul>
 *   <li>{@code plain_positive}, {@code plain_negative}: sentiment said plainly;
 *   <li>{@code negated_positive}: a negated positive is negative ("The film is not good.");
 *   <li>{@code negated_negative}: a negated negative is positive ("There is not a single dull moment in this film.");
 *   <li>{@code contrast_to_positive}, {@code contrast_to_negative}: a concession followed by the verdict ("I
 *       expected it to be dull, but it is wonderful.");
 *   <li>{@code intensifiers}: "absolutely", "utterly", "extremely" ... on either side;
 *   <li>{@code recommendations}: advice to see or skip it ("Save your money and stay at home.");
 *   <li>{@code ratings}: a rating in digits or words and little else ("7/10", "Two stars out of five."); at least
 *       7/10 or 4/5 is positive, at most 3/10 or 2/5 negative, nothing in between;
 *   <li>{@code neutral_heavy}: long sentences of plot, place and cast with one sentiment cue.
 * </ul>
 * The last four are balanced (half positive, half negative); the first six pair up into balanced halves.
 * Never train or select on it; a change to the data is a new version, so that numbers stay comparable.
 */
public final class BehaviouralSet implements NamedDataset {
  /** The canonical spec. */
  public static final String NAME = "behavioural:v1";
  /** The spec naming the newest version. */
  public static final String LATEST = "behavioural";
  /** The class-path resource holding the data. */
  public static final String RESOURCE = "/io/hardmax/eval/behavioural/behavioural-v1.tsv";
  /** The capabilities, in the file's order. */
  public static final List<String> CAPABILITIES = List.of("plain_positive", "plain_negative", "negated_positive",
      "negated_negative", "contrast_to_positive", "contrast_to_negative", "intensifiers", "recommendations", "ratings",
      "neutral_heavy");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> aliases() {
    return List.of(LATEST);
  }

  @Override
  public String description() {
    return "behavioural test set v1: 234 hand-written short reviews in 10 capabilities (a diagnostic, never trained or selected on)";
  }

  @Override
  public Format format() {
    return Format.TSV;
  }

  @Override
  public InputStream openBytes() throws IOException {
    InputStream in = BehaviouralSet.class.getResourceAsStream(RESOURCE);
    if (in == null) {
      throw new IOException("the resource " + RESOURCE + " is missing from the class path (a broken build?)");
    }
    return in;
  }
}
