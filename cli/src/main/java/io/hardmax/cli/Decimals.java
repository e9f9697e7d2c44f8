package io.hardmax.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Fixed-point number formatting for the per-review output lines, the same characters as
 * {@code String.format(Locale.ROOT, "%.Nf", x)} without parsing a format string per call: {@link java.util.Formatter}
 * rounds the digits of {@link Double#toString(double)} half-up to N places, and so does this.
 */
final class Decimals {
  private Decimals() {}

  /** Appends {@code x} with exactly {@code places} digits after the point, as {@code %.<places>f} would. */
  static StringBuilder appendFixed(StringBuilder sb, double x, int places) {
    if (Double.isNaN(x)) {
      return sb.append("NaN");
    }
    if (Double.isInfinite(x)) {
      return sb.append(x > 0 ? "Infinity" : "-Infinity");
    }
    BigDecimal b = new BigDecimal(Double.toString(Math.abs(x))).setScale(places, RoundingMode.HALF_UP);
    if (Double.doubleToRawLongBits(x) < 0) {
      sb.append('-'); // the sign of x, also when the rounded value is zero (as Formatter writes -0.0000)
    }
    return sb.append(b.toPlainString());
  }
}
