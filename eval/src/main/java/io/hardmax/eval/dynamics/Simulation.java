package io.hardmax.eval.dynamics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run of the hardmax dynamics: positions, attention sets and diagnostics at every step, and the invariants of
 * Alcalde et al. (2025) checked along the way: the convex hull never grows (every update is a convex
 * combination), leaders are fixed points, and a follower of a fixed leader l approaches it geometrically,
 * {@code z' - z_l = (z - z_l) / (1 + alpha)}.
 *
 * @param positions   {@code positions[k][i]}: point i after k steps, k = 0..steps
 * @param sets        {@code sets[k][i]}: attention set C_i at step k (k = 0..steps)
 * @param leaders     leader indices at every step k = 0..steps
 * @param hullArea    convex-hull area at every step (NaN unless the points are 2-D)
 * @param maxDistanceToFinal largest distance of a point to its final position, per step
 * @param clusterCount number of clusters at every step (points closer than the cluster tolerance)
 * @param finalClusters clusters of the final positions (lists of indices, ascending)
 * @param violations  invariant violations found, one line each; empty when all hold
 */
public record Simulation(
    double[][][] positions,
    int[][][] sets,
    int[][] leaders,
    double[] hullArea,
    double[] maxDistanceToFinal,
    int[] clusterCount,
    List<List<Integer>> finalClusters,
    List<String> violations) {

  /** Relative tolerance of the invariant checks. */
  public static final double CHECK_TOLERANCE = 1e-9;

  /** Clusters are points within this fraction of the initial diameter of each other (single linkage). */
  public static final double CLUSTER_TOLERANCE = 1e-3;

  /** Number of steps simulated. */
  public int steps() {
    return positions.length - 1;
  }

  /** Final positions. */
  public double[][] finalPositions() {
    return positions[positions.length - 1];
  }

  /** Runs {@code steps} layers from {@code start}. */
  public static Simulation run(HardmaxDynamics dyn, double[][] start, int steps) {
    if (steps < 0) {
      throw new IllegalArgumentException("steps must be >= 0, was " + steps);
    }
    int d = HardmaxDynamics.dimensionOf(start);
    int n = start.length;
    double[][][] pos = new double[steps + 1][][];
    int[][][] sets = new int[steps + 1][][];
    int[][] leaders = new int[steps + 1][];
    pos[0] = HardmaxDynamics.deepCopy(start);
    for (int k = 0; k <= steps; k++) {
      sets[k] = dyn.attentionSets(pos[k]);
      leaders[k] = HardmaxDynamics.leaders(sets[k]);
      if (k < steps) {
        pos[k + 1] = dyn.step(pos[k], sets[k]);
      }
    }
    double diameter = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        diameter = Math.max(diameter, Geometry.distance(start[i], start[j]));
      }
    }
    double clusterTol = CLUSTER_TOLERANCE * Math.max(diameter, 1e-300);
    double[] hull = new double[steps + 1];
    double[] maxDist = new double[steps + 1];
    int[] clusters = new int[steps + 1];
    double[][] fin = pos[steps];
    for (int k = 0; k <= steps; k++) {
      hull[k] = d == 2 ? Geometry.convexHullArea(pos[k]) : Double.NaN;
      double m = 0;
      for (int i = 0; i < n; i++) {
        m = Math.max(m, Geometry.distance(pos[k][i], fin[i]));
      }
      maxDist[k] = m;
      clusters[k] = clusters(pos[k], clusterTol).size();
    }
    List<String> violations = new ArrayList<>();
    for (int k = 0; k < steps; k++) {
      if (d == 2 && hull[k + 1] > hull[k] + CHECK_TOLERANCE * (1 + hull[k])) {
        violations.add("step " + (k + 1) + ": convex hull grew from " + hull[k] + " to " + hull[k + 1]);
      }
      double scale = 1;
      for (double[] p : pos[k]) {
        for (double v : p) {
          scale = Math.max(scale, Math.abs(v));
        }
      }
      double tol = CHECK_TOLERANCE * scale;
      boolean[] isLeader = new boolean[n];
      for (int l : leaders[k]) {
        isLeader[l] = true;
        if (Geometry.distance(pos[k][l], pos[k + 1][l]) > tol) {
          violations.add("step " + (k + 1) + ": leader " + l + " moved by " + Geometry.distance(pos[k][l], pos[k + 1][l]));
        }
      }
      for (int i = 0; i < n; i++) {
        int[] c = sets[k][i];
        if (c.length == 1 && c[0] != i && isLeader[c[0]]) {
          int l = c[0];
          for (int t = 0; t < d; t++) {
            double expected = (pos[k][i][t] - pos[k][l][t]) / (1 + dyn.alpha());
            double actual = pos[k + 1][i][t] - pos[k + 1][l][t];
            if (Math.abs(expected - actual) > tol) {
              violations.add("step " + (k + 1) + ": follower " + i + " of leader " + l
                  + " is not closer by 1/(1+alpha): offset " + actual + ", expected " + expected);
              break;
            }
          }
        }
      }
    }
    return new Simulation(pos, sets, leaders, hull, maxDist, clusters, clusters(fin, clusterTol),
        List.copyOf(violations));
  }

  /** Single-linkage clusters of points closer than {@code tol}, each sorted, ordered by first member. */
  static List<List<Integer>> clusters(double[][] pts, double tol) {
    int n = pts.length;
    int[] parent = new int[n];
    Arrays.setAll(parent, i -> i);
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        if (Geometry.distance(pts[i], pts[j]) <= tol) {
          parent[find(parent, i)] = find(parent, j);
        }
      }
    }
    Map<Integer, List<Integer>> groups = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      groups.computeIfAbsent(find(parent, i), r -> new ArrayList<>()).add(i);
    }
    List<List<Integer>> out = new ArrayList<>(groups.values());
    out.sort((x, y) -> Integer.compare(x.get(0), y.get(0)));
    return out.stream().map(List::copyOf).toList();
  }

  private static int find(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }
}
