package org.pathway.reporting.figures;

import java.util.Map;

/**
 * What each wellbeing instrument's change means: SWEMWBS raw scores converted to metric scores, and
 * the change that counts as a meaningful improvement, each with its source.
 */
public final class WellbeingScales {

  /**
   * SWEMWBS raw total (7..35) to metric score: the Rasch-based conversion table published by
   * Warwick Medical School (Stewart-Brown S, Tennant A, Tennant R, Platt S, Parkinson J, Weich S.
   * Internal construct validity of the Warwick-Edinburgh Mental Well-being Scale (WEMWBS): a Rasch
   * analysis using data from the Scottish Health Education Population Survey. Health Qual Life
   * Outcomes 2009;7:15; table in Warwick's SWEMWBS scoring guidance). Index = raw − 7.
   */
  private static final double[] SWEMWBS_METRIC = {
    7.00, 9.51, 11.25, 12.40, 13.33, 14.08, 14.75, 15.32, 15.84, 16.36, 16.88, 17.43, 17.98, 18.59,
    19.25, 19.98, 20.73, 21.54, 22.35, 23.21, 24.11, 25.03, 26.02, 27.03, 28.13, 29.31, 30.70,
        32.55,
    35.00
  };

  /**
   * The least change (in the instrument's reported score, SWEMWBS metric) that counts as a
   * meaningful improvement:
   *
   * <ul>
   *   <li>SWEMWBS: 3 metric points, the top of the 1–3 point range of minimal important difference
   *       (Shah N, Cader M, Andrews WP, Wijesekera D, Stewart-Brown SL. Responsiveness of the Short
   *       Warwick Edinburgh Mental Well-Being Scale (SWEMWBS): evaluation in a clinical sample.
   *       Health Qual Life Outcomes 2018;16:239), so a change counted is meaningful by every
   *       estimate there;
   *   <li>WEMWBS: 3 points, the lower bound of the 3–8 point range (Maheswaran H, Weich S, Powell
   *       J, Stewart-Brown S. Evaluating the responsiveness of the Warwick Edinburgh Mental
   *       Well-Being Scale (WEMWBS): group and individual level analysis. Health Qual Life Outcomes
   *       2012;10:156).
   * </ul>
   *
   * Other instruments have no threshold here: their mean change is reported, no share improved.
   */
  private static final Map<String, Double> MEANINGFUL = Map.of("SWEMWBS", 3.0, "WEMWBS", 3.0);

  private WellbeingScales() {}

  /** The SWEMWBS metric score of a raw total of 7..35. */
  public static double swemwbsMetric(double raw) {
    long rounded = Math.round(raw);
    if (Math.abs(raw - rounded) > 1e-9 || rounded < 7 || rounded > 35) {
      throw new IllegalArgumentException("a SWEMWBS raw total is a whole number 7..35, not " + raw);
    }
    return SWEMWBS_METRIC[(int) rounded - 7];
  }

  /** The score a change is measured on: SWEMWBS as its metric score, others as recorded. */
  public static double reported(String instrument, double raw) {
    return "SWEMWBS".equals(instrument) ? swemwbsMetric(raw) : raw;
  }

  /** The meaningful-improvement threshold of an instrument, or null when none is set. */
  public static Double meaningfulChange(String instrument) {
    return MEANINGFUL.get(instrument);
  }
}
