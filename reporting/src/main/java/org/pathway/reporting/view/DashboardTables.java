package org.pathway.reporting.view;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pathway.reporting.figures.Equity;
import org.pathway.reporting.figures.FigureSet;
import org.pathway.reporting.figures.Funnel;
import org.pathway.reporting.figures.Outcomes;
import org.pathway.reporting.figures.StepTimes;
import org.pathway.reporting.figures.SuppressedTable;

/**
 * The dashboard's tables from a {@link FigureSet}: funnel, time per step, outcome change and one
 * equity table per measure. A null count is shown as suppressed; a figure that does not apply (an
 * instrument with no meaningful-change threshold) as not applicable. Plain Java.
 */
public final class DashboardTables {

  /** The chart ids, in the order the page shows them. */
  public static final List<String> IDS =
      List.of(
          "funnel",
          "step-times",
          "outcomes",
          "equity-" + Equity.Measure.UPTAKE.code(),
          "equity-" + Equity.Measure.COMPLETION.code(),
          "equity-" + Equity.Measure.OUTCOME.code());

  private final Locale locale;

  public DashboardTables(Locale locale) {
    this.locale = locale;
  }

  /** Every table, in {@link #IDS} order. */
  public List<FigureTable> all(FigureSet figures) {
    List<FigureTable> tables = new ArrayList<>();
    tables.add(funnel(figures.funnel()));
    tables.add(stepTimes(figures.stepTimes()));
    tables.add(outcomes(figures.outcomes()));
    for (Equity.Measure m : Equity.Measure.values()) {
      tables.add(equity(m.code(), figures.equity()));
    }
    return tables;
  }

  /** The table of one chart id, or null when there is no such chart. */
  public FigureTable one(FigureSet figures, String id) {
    return all(figures).stream().filter(t -> t.id().equals(id)).findFirst().orElse(null);
  }

  FigureTable funnel(List<Funnel.Row> funnel) {
    List<List<Cell>> rows = new ArrayList<>();
    for (Funnel.Row r : funnel) {
      rows.add(
          List.of(
              label("step." + r.step()),
              count(r.reached()),
              count(r.declined()),
              count(r.didNotAttend()),
              count(r.droppedOut())));
    }
    return new FigureTable(
        "funnel",
        words("chart.funnel"),
        headings(
            "column.step", "column.reached", "column.declined", "column.dna", "column.dropped"),
        rows);
  }

  FigureTable stepTimes(Map<String, List<StepTimes.Row>> times) {
    List<List<Cell>> rows = new ArrayList<>();
    times.forEach(
        (dimension, list) -> {
          for (StepTimes.Row r : list) {
            rows.add(
                List.of(
                    label("dimension." + dimension),
                    value(dimension, r.value()),
                    label("step." + r.step()),
                    count(r.journeys()),
                    number(r.medianDays()),
                    number(r.p90Days())));
          }
        });
    return new FigureTable(
        "step-times",
        words("chart.step-times"),
        headings(
            "column.breakdown",
            "column.value",
            "column.step",
            "column.journeys",
            "column.median",
            "column.p90"),
        rows);
  }

  FigureTable outcomes(Map<String, List<Outcomes.Row>> outcomes) {
    List<List<Cell>> rows = new ArrayList<>();
    outcomes.forEach(
        (dimension, list) -> {
          for (Outcomes.Row r : list) {
            boolean hasThreshold = r.threshold() != null;
            rows.add(
                List.of(
                    label("dimension." + dimension),
                    value(dimension, r.value()),
                    plain(r.instrument()),
                    count(r.pairs()),
                    number(r.meanEntry()),
                    number(r.meanExit()),
                    number(r.meanChange()),
                    hasThreshold ? plain(format(r.threshold())) : label("figure.not-applicable"),
                    hasThreshold ? count(r.improved()) : label("figure.not-applicable"),
                    hasThreshold ? number(r.shareImproved()) : label("figure.not-applicable")));
          }
        });
    return new FigureTable(
        "outcomes",
        words("chart.outcomes"),
        headings(
            "column.breakdown",
            "column.value",
            "column.instrument",
            "column.pairs",
            "column.mean-entry",
            "column.mean-exit",
            "column.mean-change",
            "column.threshold",
            "column.improved",
            "column.share-improved"),
        rows);
  }

  FigureTable equity(String measure, List<Equity.Table> tables) {
    List<List<Cell>> rows = new ArrayList<>();
    for (Equity.Table t : tables) {
      if (!t.measure().equals(measure) || t.values().isEmpty()) {
        // Nobody counted: no rows, and no totals to show.
        continue;
      }
      SuppressedTable s = t.table();
      Cell dimension = label("dimension." + t.dimension());
      for (int i = 0; i < t.values().size(); i++) {
        rows.add(
            List.of(
                dimension,
                value(t.dimension(), t.values().get(i)),
                count(s.cells()[i][0]),
                count(s.cells()[i][1]),
                count(s.rowTotals()[i])));
      }
      rows.add(
          List.of(
              dimension,
              label("figure.total"),
              count(s.columnTotals()[0]),
              count(s.columnTotals()[1]),
              count(s.total())));
    }
    return new FigureTable(
        "equity-" + measure,
        words("chart.equity-" + measure),
        headings("column.breakdown", "column.value", "column.yes", "column.no", "column.total"),
        rows);
  }

  /** A breakdown value as read: codes of fixed vocabularies in words, organisations as they are. */
  Cell value(String dimension, String value) {
    if (value.equals("all") || value.equals("unknown")) {
      return label("value." + value);
    }
    if (dimension.equals("deprivation-quintile")) {
      return plain(Messages.text(locale, "value.quintile", value));
    }
    return plain(value);
  }

  private List<String> headings(String... keys) {
    return java.util.Arrays.stream(keys).map(this::words).toList();
  }

  private String words(String key) {
    return Messages.text(locale, key);
  }

  private Cell label(String key) {
    return plain(words(key));
  }

  private static Cell plain(String text) {
    return new Cell(text, false);
  }

  private Cell count(Long count) {
    return count == null ? new Cell(words("figure.suppressed"), true) : plain(count.toString());
  }

  private Cell number(Double value) {
    return value == null ? new Cell(words("figure.suppressed"), true) : plain(format(value));
  }

  /** Whole numbers without a decimal point, others as computed (already rounded to 0.01). */
  static String format(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }
}
