package org.pathway.reporting.figures;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pathway.reporting.journey.Journey;
import org.pathway.reporting.journey.Mark;
import org.pathway.reporting.journey.Step;

/**
 * Days to reach each step from the step before it (the latest earlier step that was itself
 * recorded), as median and 90th percentile, broken down by a {@link Dimension}. A statistic of
 * fewer than {@link Suppression#MINIMUM_CELL} journeys is not published.
 */
public final class StepTimes {

  private static final double DAY_MILLIS = 86_400_000d;

  /**
   * One step's times in one breakdown value.
   *
   * @param value the breakdown value (a practice, PCN, service, group, or {@code all})
   * @param step the step reached
   * @param journeys how many journeys the times come from (null when suppressed)
   * @param medianDays the median (null when suppressed)
   * @param p90Days the 90th percentile (null when suppressed)
   */
  public record Row(String value, String step, Long journeys, Double medianDays, Double p90Days) {}

  private StepTimes() {}

  /** The rows of {@code dimension}, by value then step. */
  public static List<Row> of(List<Journey> journeys, Dimension dimension) {
    Map<String, Map<Step, List<Double>>> days = new TreeMap<>();
    for (Journey j : journeys) {
      Map<Step, List<Double>> byStep = days.computeIfAbsent(dimension.of(j), k -> new TreeMap<>());
      Mark previous = null;
      for (Step step : Step.values()) {
        Mark mark = j.steps().get(step);
        if (mark == null) {
          continue;
        }
        if (previous != null) {
          byStep
              .computeIfAbsent(step, k -> new ArrayList<>())
              .add((mark.at() - previous.at()) / DAY_MILLIS);
        }
        previous = mark;
      }
    }
    List<Row> rows = new ArrayList<>();
    days.forEach(
        (value, byStep) ->
            byStep.forEach(
                (step, list) -> {
                  double[] d = list.stream().mapToDouble(Double::doubleValue).toArray();
                  boolean hide = d.length < Suppression.MINIMUM_CELL;
                  rows.add(
                      new Row(
                          value,
                          step.code(),
                          hide ? null : (long) d.length,
                          hide ? null : round(Percentiles.of(d, 0.5)),
                          hide ? null : round(Percentiles.of(d, 0.9))));
                }));
    return rows;
  }

  static double round(double v) {
    return Math.round(v * 100) / 100d;
  }
}
