package org.pathway.reporting.figures;

import java.util.Arrays;

/**
 * Percentiles by linear interpolation between closest ranks (Hyndman and Fan's type 7, as
 * spreadsheet {@code PERCENTILE.INC} and NumPy's default), so the median of an even count is the
 * mean of the middle two.
 */
public final class Percentiles {

  private Percentiles() {}

  /** The {@code p}-th percentile ({@code 0..1}) of {@code values}; NaN when there are none. */
  public static double of(double[] values, double p) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double h = (sorted.length - 1) * p;
    int lower = (int) Math.floor(h);
    int upper = Math.min(lower + 1, sorted.length - 1);
    return sorted[lower] + (h - lower) * (sorted[upper] - sorted[lower]);
  }
}
