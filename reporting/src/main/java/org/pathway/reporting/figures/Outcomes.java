package org.pathway.reporting.figures;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pathway.reporting.journey.Journey;

/** Paired entry/exit change per instrument, overall and per pathway. */
public final class Outcomes {

  /**
   * One instrument's change in one breakdown value. With fewer than {@link
   * Suppression#MINIMUM_CELL} pairs only that fact is published (every statistic null).
   *
   * @param value the pathway, or {@code all}
   * @param instrument the instrument
   * @param pairs journeys with a valid entry/exit pair (null when suppressed)
   * @param meanEntry mean entry score (SWEMWBS metric)
   * @param meanExit mean exit score
   * @param meanChange mean change, exit − entry
   * @param threshold the meaningful change used, or null when the instrument has none
   * @param improved pairs whose change reaches the threshold (null when suppressed or no threshold)
   * @param shareImproved {@code improved / pairs}
   */
  public record Row(
      String value,
      String instrument,
      Long pairs,
      Double meanEntry,
      Double meanExit,
      Double meanChange,
      Double threshold,
      Long improved,
      Double shareImproved) {}

  private Outcomes() {}

  /**
   * The rows broken down by {@code dimension} ({@link Dimension#ALL} or {@link Dimension#PATHWAY}).
   */
  public static List<Row> of(List<Journey> journeys, Dimension dimension) {
    Map<String, Map<String, List<OutcomePair>>> pairs = new TreeMap<>();
    for (Journey j : journeys) {
      for (OutcomePair p : OutcomePair.of(j)) {
        pairs
            .computeIfAbsent(dimension.of(j), k -> new TreeMap<>())
            .computeIfAbsent(p.instrument(), k -> new ArrayList<>())
            .add(p);
      }
    }
    List<Row> rows = new ArrayList<>();
    pairs.forEach(
        (value, byInstrument) ->
            byInstrument.forEach((instrument, list) -> rows.add(row(value, instrument, list))));
    return rows;
  }

  private static Row row(String value, String instrument, List<OutcomePair> list) {
    Double threshold = WellbeingScales.meaningfulChange(instrument);
    if (list.size() < Suppression.MINIMUM_CELL) {
      return new Row(value, instrument, null, null, null, null, threshold, null, null);
    }
    long n = list.size();
    long improved = list.stream().filter(OutcomePair::improved).count();
    boolean hideImproved = threshold == null || Suppression.small(improved);
    return new Row(
        value,
        instrument,
        n,
        StepTimes.round(list.stream().mapToDouble(OutcomePair::entry).average().orElseThrow()),
        StepTimes.round(list.stream().mapToDouble(OutcomePair::exit).average().orElseThrow()),
        StepTimes.round(list.stream().mapToDouble(OutcomePair::change).average().orElseThrow()),
        threshold,
        hideImproved ? null : improved,
        hideImproved ? null : StepTimes.round((double) improved / n));
  }
}
