package io.hardmax.em;

/** Shape of each mixture component's covariance. */
public enum CovarianceType {
  /** {@code sigma^2 I}: one variance per component. */
  SPHERICAL,
  /** A diagonal matrix: one variance per component and dimension. */
  DIAGONAL,
  /** A full symmetric positive definite matrix per component. */
  FULL;

  /** Number of free covariance parameters of one component in dimension {@code d}. */
  public int parameters(int d) {
    return switch (this) {
      case SPHERICAL -> 1;
      case DIAGONAL -> d;
      case FULL -> d * (d + 1) / 2;
    };
  }
}
