/**
 * Gaussian mixture models fitted by expectation-maximisation (Dempster, Laird and Rubin, "Maximum likelihood from
 * incomplete data via the EM algorithm", JRSS B 1977), with spherical, diagonal and full covariances
 * ({@link io.hardmax.em.CovarianceType}), k-means++ initialisation (Arthur and Vassilvitskii, SODA
 * 2007), Lloyd's k-means as the baseline (Lloyd, IEEE Trans. Inf. Theory 1982), BIC to choose the number of
 * components (Schwarz, Ann. Stat. 1978) and the misclustering rate under the best matching of labels.
 *
 * <p>These are the classical algorithms of the third paper in {@code shared/PAPERS.md} (transformers learning the
 * EM algorithm with softmax attention). The E-step works in log space with a max-subtracted log-sum-exp; every
 * covariance gets a jitter on its diagonal; fits stop at a tolerance on the per-point log-likelihood or at an
 * iteration cap and report {@code converged}, {@code iterations} and the whole log-likelihood trace (which never
 * decreases, up to round-off and the jitter). Seeds are passed in.
 *
 * <p>Two softmax-attention EM transformers: {@link io.hardmax.em.EmTransformer} (the EM steps written as
 * attention, one inverse temperature per layer fitted by grid search) and
 * {@link io.hardmax.em.LearnedEmTransformer} (learned query/key/value/output projections, temperatures
 * and prior weights, trained end to end by {@link io.hardmax.em.SameDiffEmTrainer} with SameDiff's
 * autodiff and Adam, from the EM construction).
 */
package io.hardmax.em;
