package io.hardmax.datasets.synthetic;

/**
 * One covariance instance for the spectral module.
 *
 * @param points  sample points, [n][d], {@code x = L z} with {@code z ~ N(0, I)}
 * @param mixing  the matrix {@code L = G + 0.1 I}, [d][d]
 */
public record CovarianceInstance(double[][] points, double[][] mixing) {}
