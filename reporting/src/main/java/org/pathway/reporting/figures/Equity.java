package org.pathway.reporting.figures;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.pathway.reporting.journey.Journey;
import org.pathway.reporting.journey.Step;

/**
 * Uptake, completion and outcome by age band, sex, ethnic group and deprivation quintile: each a
 * two-column table (did / did not) with its totals, through {@link Suppression}.
 */
public final class Equity {

  /** The breakdowns equity is published by. */
  public static final List<Dimension> DIMENSIONS =
      List.of(
          Dimension.AGE_BAND,
          Dimension.SEX,
          Dimension.ETHNIC_GROUP,
          Dimension.DEPRIVATION_QUINTILE);

  /** The measures, each a yes/no question asked of the journeys it counts. */
  public enum Measure {
    /** Of referrals: accepted by a link worker. */
    UPTAKE("uptake", j -> true, j -> j.reached(Step.ACCEPTED)),
    /** Of referrals: completed. */
    COMPLETION("completion", j -> true, j -> j.reached(Step.COMPLETED)),
    /** Of journeys with a paired SWEMWBS or WEMWBS score: improved meaningfully. */
    OUTCOME(
        "outcome",
        j -> OutcomePair.of(j).stream().anyMatch(Measure::hasThreshold),
        j -> OutcomePair.of(j).stream().anyMatch(OutcomePair::improved));

    private final String code;
    private final Predicate<Journey> counted;
    private final Predicate<Journey> yes;

    Measure(String code, Predicate<Journey> counted, Predicate<Journey> yes) {
      this.code = code;
      this.counted = counted;
      this.yes = yes;
    }

    public String code() {
      return code;
    }

    private static boolean hasThreshold(OutcomePair p) {
      return WellbeingScales.meaningfulChange(p.instrument()) != null;
    }
  }

  /**
   * One published table.
   *
   * @param measure uptake, completion or outcome
   * @param dimension what the rows are
   * @param values the row labels
   * @param columns the column labels ({@code yes}, {@code no})
   * @param table the counts as published
   */
  public record Table(
      String measure,
      String dimension,
      List<String> values,
      List<String> columns,
      SuppressedTable table) {}

  private Equity() {}

  /** Every measure by every dimension. */
  public static List<Table> of(List<Journey> journeys) {
    List<Table> tables = new ArrayList<>();
    for (Measure m : Measure.values()) {
      for (Dimension d : DIMENSIONS) {
        tables.add(table(journeys, m, d));
      }
    }
    return tables;
  }

  /** One measure by one dimension. */
  public static Table table(List<Journey> journeys, Measure measure, Dimension dimension) {
    Map<String, long[]> rows = new TreeMap<>();
    for (Journey j : journeys) {
      if (!measure.counted.test(j)) {
        continue;
      }
      long[] row = rows.computeIfAbsent(dimension.of(j), k -> new long[2]);
      row[measure.yes.test(j) ? 0 : 1]++;
    }
    long[][] cells = rows.values().toArray(new long[0][]);
    return new Table(
        measure.code(),
        dimension.code(),
        List.copyOf(rows.keySet()),
        List.of("yes", "no"),
        Suppression.apply(cells));
  }
}
