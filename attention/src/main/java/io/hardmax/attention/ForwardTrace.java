package io.hardmax.attention;

/**
 * A read-only record of one exact forward pass, for explanations: copies, never the workspace's own arrays.
 *
 * <p>Rows: with compact rows (global attention) the distinct words of the review in first-occurrence order, each
 * standing for all its copies; otherwise one row per token. A last row stands for the padding when padding is
 * pooled.
 *
 * @param tokens      real tokens used
 * @param realRows    rows of real tokens (the padding row, if any, is row {@code realRows})
 * @param rows        all rows
 * @param tokenRow    [tokens] the row of each token
 * @param keyWeight   [rows] copies each row stands for (padding positions for the padding row)
 * @param padCount    padding positions (0 when padding is not pooled)
 * @param pooledCount positions the readout averages over
 * @param positions   [rows] the positions of the rows (null for global attention)
 * @param states      [layers + 1][rows * d] the states z^0 .. z^L, row-major
 * @param sets        [layers + 1][rows][] the exact hardmax attention sets of z^0 .. z^L (ascending row indices); the
 *                    last is that of the final configuration, computed with the last layer's module. With several
 *                    heads, the union of the heads' sets (the keys the layer's mean attention weighs)
 * @param logit       the model's logit (bit for bit that of the batch path)
 * @param negators    [tokens] with the negation gate, the token whose negation scope holds each token (-1 if none;
 *                    then every token has its own row); null without the gate
 */
public record ForwardTrace(int tokens, int realRows, int rows, int[] tokenRow, float[] keyWeight, int padCount,
    double pooledCount, float[] positions, float[][] states, int[][][] sets, double logit, int[] negators) {

  /** A trace without the negation gate. */
  public ForwardTrace(int tokens, int realRows, int rows, int[] tokenRow, float[] keyWeight, int padCount,
      double pooledCount, float[] positions, float[][] states, int[][][] sets, double logit) {
    this(tokens, realRows, rows, tokenRow, keyWeight, padCount, pooledCount, positions, states, sets, logit, null);
  }

  /** Number of attention layers applied. */
  public int layers() {
    return states.length - 1;
  }
}
