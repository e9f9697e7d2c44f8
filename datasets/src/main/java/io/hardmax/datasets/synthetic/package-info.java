/**
 * Synthetic instances for the spectral and EM modules (see {@code shared/DATA.md}, "Synthetic data"): Gaussian
 * mixtures with a chosen minimum separation of the means ({@link io.hardmax.datasets.synthetic.MixtureGenerator})
 * and covariance instances {@code x = L z} with {@code L = G + 0.1 I}
 * ({@link io.hardmax.datasets.synthetic.CovarianceGenerator}), after the second and third papers of
 * {@code shared/PAPERS.md}. Every generator takes the caller's {@link java.util.Random}; nothing is global.
 */
package io.hardmax.datasets.synthetic;
