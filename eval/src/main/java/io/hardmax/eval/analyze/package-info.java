/**
 * Analysis of what a trained sentiment model has learned, behind {@code hardmax analyze}:
 * {@link io.hardmax.eval.analyze.EmbeddingAnalysis} (PCA of the word-embedding table and a map of frequent and
 * polar words coloured by their readout score {@code v . e_w}), {@link io.hardmax.eval.analyze.ThemeAnalysis}
 * (a Gaussian mixture, chosen by BIC, over the final-layer leader states of a corpus: the model's "themes",
 * with the words that lead them and the share of the logit they carry) and
 * {@link io.hardmax.eval.analyze.AnalysisReport} (text, JSON, PNG/SVG plots and an HTML page).
 */
package io.hardmax.eval.analyze;
