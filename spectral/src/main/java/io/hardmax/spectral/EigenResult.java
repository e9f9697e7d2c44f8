package io.hardmax.spectral;

/**
 * Top-k eigenpairs of a symmetric matrix, as found by an iterative method.
 *
 * @param values     eigenvalues, [k], in non-increasing order
 * @param vectors    unit eigenvectors, [k][n]; row i belongs to {@code values[i]}; each sign fixed so that the
 *                   component of largest magnitude is positive (ties: the lowest index)
 * @param converged  whether every pair met the tolerance before the iteration cap
 * @param iterations total number of matrix-vector products over all pairs
 * @param residual   the largest {@code ||A v - lambda v||_2} over the k pairs (on the original matrix)
 */
public record EigenResult(double[] values, double[][] vectors, boolean converged, int iterations, double residual) {

  /** Number of eigenpairs. */
  public int k() {
    return values.length;
  }
}
