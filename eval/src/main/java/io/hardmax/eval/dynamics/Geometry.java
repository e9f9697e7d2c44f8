package io.hardmax.eval.dynamics;

import java.util.Arrays;

/** Planar geometry for the dynamics diagnostics. */
final class Geometry {
  private Geometry() {}

  /** Area of the convex hull of 2-D points (Andrew's monotone chain); 0 for fewer than 3 distinct points. */
  static double convexHullArea(double[][] pts) {
    int n = pts.length;
    if (n < 3) {
      return 0;
    }
    double[][] p = HardmaxDynamics.deepCopy(pts);
    Arrays.sort(p, (u, v) -> u[0] != v[0] ? Double.compare(u[0], v[0]) : Double.compare(u[1], v[1]));
    double[][] hull = new double[2 * n][];
    int k = 0;
    for (int i = 0; i < n; i++) {
      while (k >= 2 && cross(hull[k - 2], hull[k - 1], p[i]) <= 0) {
        k--;
      }
      hull[k++] = p[i];
    }
    for (int i = n - 2, t = k + 1; i >= 0; i--) {
      while (k >= t && cross(hull[k - 2], hull[k - 1], p[i]) <= 0) {
        k--;
      }
      hull[k++] = p[i];
    }
    double area = 0;
    for (int i = 0; i < k - 1; i++) {
      area += hull[i][0] * hull[i + 1][1] - hull[i + 1][0] * hull[i][1];
    }
    return Math.abs(area) / 2;
  }

  private static double cross(double[] o, double[] a, double[] b) {
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  }

  static double distance(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return Math.sqrt(s);
  }
}
