package org.pathway.reporting.figures;

import java.util.List;
import java.util.Map;
import org.pathway.reporting.journey.Journey;

/**
 * Every figure for one filter: what the JSON API returns and the MeasureReports are made of.
 *
 * @param journeys how many journeys the filter counts (null when suppressed)
 * @param funnel the funnel
 * @param stepTimes time per step, by dimension code ({@code all}, {@code practice}, {@code pcn},
 *     {@code link-worker-service}, {@code group})
 * @param outcomes paired change, by {@code all} and {@code pathway}
 * @param equity uptake, completion and outcome by age band, sex, ethnic group, deprivation
 */
public record FigureSet(
    Long journeys,
    List<Funnel.Row> funnel,
    Map<String, List<StepTimes.Row>> stepTimes,
    Map<String, List<Outcomes.Row>> outcomes,
    List<Equity.Table> equity) {

  /** The dimensions time per step is broken down by. */
  public static final List<Dimension> STEP_TIME_DIMENSIONS =
      List.of(
          Dimension.ALL,
          Dimension.PRACTICE,
          Dimension.PCN,
          Dimension.LINK_WORKER_SERVICE,
          Dimension.GROUP);

  /** The figures of the journeys the filter counts. */
  public static FigureSet of(List<Journey> all, Filter filter) {
    List<Journey> journeys = all.stream().filter(filter::includes).toList();
    Map<String, List<StepTimes.Row>> times = new java.util.LinkedHashMap<>();
    for (Dimension d : STEP_TIME_DIMENSIONS) {
      times.put(d.code(), StepTimes.of(journeys, d));
    }
    Map<String, List<Outcomes.Row>> outcomes = new java.util.LinkedHashMap<>();
    outcomes.put(Dimension.ALL.code(), Outcomes.of(journeys, Dimension.ALL));
    outcomes.put(Dimension.PATHWAY.code(), Outcomes.of(journeys, Dimension.PATHWAY));
    return new FigureSet(
        Count.published(journeys.size()),
        Funnel.of(journeys),
        times,
        outcomes,
        Equity.of(journeys));
  }
}
