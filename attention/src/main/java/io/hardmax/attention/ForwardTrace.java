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
 * @param gatedBy     [tokens] with a gate, the token whose gate changed each token's embedding: its negator or the
 *                    contrast word after it (-1 if none; then every token has its own row); null when no token is
 *                    gated (always without a gate)
 * @param poolWeight  [rows] each row's weight in the readout's mean (its sum over rows is {@code pooledCount}): the
 *                    copies it stands for, or with {@link HardmaxConfig.Pooling#DISTINCT_WORDS} 1 per distinct word
 */
public record ForwardTrace(int tokens, int realRows, int rows, int[] tokenRow, float[] keyWeight, int padCount,
    double pooledCount, float[] positions, float[][] states, int[][][] sets, double logit, int[] gatedBy,
    float[] poolWeight) {

  /** A trace without the negation gate, pooled by copies. */
  public ForwardTrace(int tokens, int realRows, int rows, int[] tokenRow, float[] keyWeight, int padCount,
      double pooledCount, float[] positions, float[][] states, int[][][] sets, double logit) {
    this(tokens, realRows, rows, tokenRow, keyWeight, padCount, pooledCount, positions, states, sets, logit, null,
        keyWeight);
  }

  /** A token's share of its row's pooled weight: 1 unless pooled by distinct words. */
  public double tokenPoolShare(int token) {
    int r = tokenRow[token];
    return poolWeight[r] / keyWeight[r];
  }

  /** Number of attention layers applied. */
  public int layers() {
    return states.length - 1;
  }
}
