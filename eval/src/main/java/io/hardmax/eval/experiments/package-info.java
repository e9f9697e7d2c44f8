/** Reproducible experiments run by {@code hardmax experiment NAME} (results and commands in docs/RESULTS.md). */
package io.hardmax.eval.experiments;
