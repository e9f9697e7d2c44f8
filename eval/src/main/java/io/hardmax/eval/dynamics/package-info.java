/**
 * Simulation of the pure-attention hardmax dynamics of Alcalde, Fantuzzi and Zuazua, "Clustering in
 * pure-attention hardmax transformers and its role in sentiment analysis" (SIAM J. Math. Data Science 7(3),
 * 2025), on points in the plane or in R^d, with the invariants the paper proves checked at every step.
 */
package io.hardmax.eval.dynamics;
