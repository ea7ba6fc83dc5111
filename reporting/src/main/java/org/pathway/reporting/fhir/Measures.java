package org.pathway.reporting.fhir;

import java.util.List;

/** The canonical URL of every Measure reporting publishes, written once. */
public final class Measures {

  private static final String BASE = "https://pathway.example.org/Measure/";

  /** Referrals reaching each funnel step, with declines, did-not-attend and drop-outs. */
  public static final String FUNNEL = BASE + "referral-funnel";

  /** Days to reach each step (median and 90th percentile), by practice, PCN, service, group. */
  public static final String TIME_PER_STEP = BASE + "time-per-step";

  /** Paired entry/exit wellbeing change per instrument and pathway. */
  public static final String WELLBEING_CHANGE = BASE + "wellbeing-change";

  /** Uptake (accepted by a link worker) by age band, sex, ethnic group, deprivation quintile. */
  public static final String EQUITY_UPTAKE = BASE + "equity-uptake";

  /** Completion by the same breakdowns. */
  public static final String EQUITY_COMPLETION = BASE + "equity-completion";

  /** Meaningful wellbeing improvement by the same breakdowns. */
  public static final String EQUITY_OUTCOME = BASE + "equity-outcome";

  private Measures() {}

  /** Every Measure, in the order reports are returned. */
  public static List<String> all() {
    return List.of(
        FUNNEL, TIME_PER_STEP, WELLBEING_CHANGE, EQUITY_UPTAKE, EQUITY_COMPLETION, EQUITY_OUTCOME);
  }

  /** The equity Measure of a measure code ({@code uptake}, {@code completion}, {@code outcome}). */
  public static String equity(String code) {
    return BASE + "equity-" + code;
  }
}
