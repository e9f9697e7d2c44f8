/**
 * Classical spectral methods: the power method with deflation for the top-k eigenpairs of a symmetric matrix
 * ({@link io.hardmax.spectral.PowerMethod}), principal component analysis on top of it
 * ({@link io.hardmax.spectral.Pca}) and two-way spectral clustering of a two-component mixture
 * ({@link io.hardmax.spectral.SpectralClustering}).
 *
 * <p>These are the baselines of the second paper in {@code shared/PAPERS.md} (transformers with ReLU attention
 * learning spectral methods): its power-method comparison runs the iteration for as many steps as the transformer
 * has layers, see {@link io.hardmax.spectral.PowerMethod#fixedSteps}. Golub and Van Loan, <i>Matrix
 * Computations</i>, section 8.2 (power iteration) and 8.2.4 (deflation). Eigenvector signs are fixed (largest
 * magnitude component positive) so reports are stable.
 *
 * <p>The transformers of that paper: {@link io.hardmax.spectral.SpectralTransformer} (fixed ReLU-attention
 * weights, one learned shift per layer) and {@link io.hardmax.spectral.LearnedSpectralTransformer}
 * (learned query/key/value matrices per head and layer), trained with SameDiff's autodiff and Adam by
 * {@link io.hardmax.spectral.SameDiffSpectralTrainer}.
 */
package io.hardmax.spectral;
