package io.hardmax.em;

/**
 * Result of Lloyd's k-means.
 *
 * @param centres    cluster centres, [K][d]
 * @param labels     index of each point's nearest centre, [n] (ties: the lowest index)
 * @param inertia    sum of squared distances of the points to their centres
 * @param converged  whether the assignment stopped changing before the cap
 * @param iterations number of assignment steps
 */
public record KMeansResult(double[][] centres, int[] labels, double inertia, boolean converged, int iterations) {}
