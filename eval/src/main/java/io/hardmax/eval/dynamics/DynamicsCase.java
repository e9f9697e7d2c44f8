package io.hardmax.eval.dynamics;

import java.util.Locale;
import java.util.SplittableRandom;

/** The initial configurations of the paper's simulations (Alcalde et al. 2025, section on the dynamics). */
public enum DynamicsCase {
  /** A point that follows another at first and becomes a leader once that one has moved away. */
  EMERGING_LEADER,
  /** Vertices of a triangle with points inside: the vertices lead, the inside collapses onto them. */
  TRIANGLE,
  /** Vertices of a square with points inside. */
  SQUARE,
  /** Corners (±1, ±1) and inner points (±0.5, 0): ties send the inner points to the midpoints (±1, 0). */
  NON_LEADER,
  /** Points drawn from a standard normal (use {@code n} and {@code seed}). */
  RANDOM;

  /** The command-line name, e.g. {@code non-leader}. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Parses a command-line name. */
  public static DynamicsCase parse(String s) {
    for (DynamicsCase c : values()) {
      if (c.cliName().equals(s)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown case '" + s
        + "', expected one of emerging-leader, triangle, square, non-leader, random");
  }

  /** The starting points in the plane (or R^dim for {@link #RANDOM}). */
  public double[][] points(int n, int dim, long seed) {
    switch (this) {
      case EMERGING_LEADER:
        // Found by search: point 2 follows point 3 at step 0 and is a leader from step 1 on.
        return new double[][] {{-2.0, -1.25}, {-1.0, 1.75}, {0.75, 0.5}, {0.25, 1.25}};
      case TRIANGLE:
        return new double[][] {
          {0.0, 1.5}, {-1.3, -0.75}, {1.3, -0.75}, {0.1, 0.4}, {-0.4, -0.2}, {0.5, -0.3}, {0.0, -0.5}
        };
      case SQUARE:
        return new double[][] {
          {1, 1}, {-1, 1}, {-1, -1}, {1, -1}, {0.3, 0.6}, {-0.5, 0.2}, {0.1, -0.7}, {0.6, -0.1}
        };
      case NON_LEADER:
        return new double[][] {{1, 1}, {-1, 1}, {-1, -1}, {1, -1}, {0.5, 0}, {-0.5, 0}};
      case RANDOM:
        if (n < 1 || dim < 1) {
          throw new IllegalArgumentException("random case needs n >= 1 and dim >= 1, was n=" + n + ", dim=" + dim);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] p = new double[n][dim];
        for (int i = 0; i < n; i++) {
          for (int k = 0; k < dim; k++) {
            p[i][k] = gaussian(rnd);
          }
        }
        return p;
      default:
        throw new AssertionError(this);
    }
  }

  private static double gaussian(SplittableRandom rnd) {
    double u = 1 - rnd.nextDouble();
    double v = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
