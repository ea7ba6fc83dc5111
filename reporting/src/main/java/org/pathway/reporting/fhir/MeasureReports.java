package org.pathway.reporting.fhir;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.MeasureReport.MeasureReportGroupComponent;
import org.hl7.fhir.r4.model.MeasureReport.MeasureReportGroupPopulationComponent;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.reporting.figures.Equity;
import org.pathway.reporting.figures.FigureSet;
import org.pathway.reporting.figures.Funnel;
import org.pathway.reporting.figures.Outcomes;
import org.pathway.reporting.figures.StepTimes;
import org.pathway.reporting.figures.SuppressedTable;

/**
 * A {@link FigureSet} as summary MeasureReports, one per Measure. A suppressed count is left out
 * and carries the {@code data-absent-reason} extension with {@code masked}.
 */
public final class MeasureReports {

  /** The system of the group, population and stratifier codes below. */
  public static final String CODES = CodeSystems.REPORTING_FIGURE;

  private static final String POPULATION =
      "http://terminology.hl7.org/CodeSystem/measure-population";
  private static final String DATA_ABSENT =
      "http://hl7.org/fhir/StructureDefinition/data-absent-reason";

  private MeasureReports() {}

  /** The reports of {@code measures} for the period {@code [from, to)} (either may be null). */
  public static List<MeasureReport> of(
      FigureSet figures, List<String> measures, Instant from, Instant to, Instant now) {
    List<MeasureReport> reports = new ArrayList<>();
    for (String measure : measures) {
      MeasureReport r = new MeasureReport();
      r.setId(measure.substring(measure.lastIndexOf('/') + 1));
      r.setStatus(MeasureReport.MeasureReportStatus.COMPLETE);
      r.setType(MeasureReport.MeasureReportType.SUMMARY);
      r.setMeasure(measure);
      r.setDate(Date.from(now));
      Period period = new Period();
      if (from != null) {
        period.setStart(Date.from(from));
      }
      if (to != null) {
        period.setEnd(Date.from(to.minusMillis(1)));
      }
      r.setPeriod(period);
      if (measure.equals(Measures.FUNNEL)) {
        funnel(r, figures.funnel());
      } else if (measure.equals(Measures.TIME_PER_STEP)) {
        times(r, figures.stepTimes());
      } else if (measure.equals(Measures.WELLBEING_CHANGE)) {
        outcomes(r, figures.outcomes());
      } else {
        for (Equity.Table t : figures.equity()) {
          if (Measures.equity(t.measure()).equals(measure)) {
            equity(r, t);
          }
        }
      }
      reports.add(r);
    }
    return reports;
  }

  private static void funnel(MeasureReport r, List<Funnel.Row> rows) {
    for (Funnel.Row row : rows) {
      MeasureReportGroupComponent g = r.addGroup().setCode(code(row.step()));
      population(g, "initial-population", row.reached());
      population(g, "declined", row.declined());
      population(g, "did-not-attend", row.didNotAttend());
      population(g, "dropped-out", row.droppedOut());
    }
  }

  private static void times(MeasureReport r, Map<String, List<StepTimes.Row>> byDimension) {
    byDimension.forEach(
        (dimension, rows) -> {
          for (StepTimes.Row row : rows) {
            String key = dimension + "|" + row.value() + "|" + row.step();
            MeasureReportGroupComponent median = r.addGroup().setCode(code(key + "|median"));
            population(median, "initial-population", row.journeys());
            score(median, row.medianDays(), "d");
            MeasureReportGroupComponent p90 = r.addGroup().setCode(code(key + "|p90"));
            population(p90, "initial-population", row.journeys());
            score(p90, row.p90Days(), "d");
          }
        });
  }

  private static void outcomes(MeasureReport r, Map<String, List<Outcomes.Row>> byDimension) {
    byDimension.forEach(
        (dimension, rows) -> {
          for (Outcomes.Row row : rows) {
            MeasureReportGroupComponent g =
                r.addGroup().setCode(code(dimension + "|" + row.value() + "|" + row.instrument()));
            population(g, "initial-population", row.pairs());
            if (row.threshold() != null) {
              population(g, "numerator", row.improved());
            }
            score(g, row.meanChange(), "{score}");
          }
        });
  }

  private static void equity(MeasureReport r, Equity.Table t) {
    MeasureReportGroupComponent g = r.addGroup().setCode(code(t.dimension()));
    SuppressedTable table = t.table();
    population(g, "initial-population", table.total());
    population(g, "numerator", table.columnTotals().length > 0 ? table.columnTotals()[0] : 0L);
    MeasureReport.MeasureReportGroupStratifierComponent s =
        g.addStratifier().addCode(code(t.dimension()));
    for (int i = 0; i < t.values().size(); i++) {
      MeasureReport.StratifierGroupComponent stratum =
          s.addStratum().setValue(new CodeableConcept().setText(t.values().get(i)));
      stratumPopulation(stratum, "initial-population", table.rowTotals()[i]);
      stratumPopulation(stratum, "numerator", table.cells()[i][0]);
    }
  }

  private static void population(MeasureReportGroupComponent g, String code, Long count) {
    MeasureReportGroupPopulationComponent p = g.addPopulation().setCode(populationCode(code));
    if (count == null) {
      p.getCountElement().addExtension(masked());
    } else {
      p.setCount(count.intValue());
    }
  }

  private static void stratumPopulation(
      MeasureReport.StratifierGroupComponent s, String code, Long count) {
    MeasureReport.StratifierGroupPopulationComponent p =
        s.addPopulation().setCode(populationCode(code));
    if (count == null) {
      p.getCountElement().addExtension(masked());
    } else {
      p.setCount(count.intValue());
    }
  }

  private static void score(MeasureReportGroupComponent g, Double value, String unit) {
    if (value == null) {
      g.getMeasureScore().addExtension(masked());
    } else {
      g.setMeasureScore(
          new Quantity()
              .setValue(value)
              .setUnit(unit)
              .setSystem("http://unitsofmeasure.org")
              .setCode(unit));
    }
  }

  private static CodeableConcept populationCode(String code) {
    boolean standard = code.equals("initial-population") || code.equals("numerator");
    return new CodeableConcept(new Coding(standard ? POPULATION : CODES, code, null));
  }

  private static CodeableConcept code(String code) {
    return new CodeableConcept(new Coding(CODES, code, null));
  }

  private static Extension masked() {
    return new Extension(DATA_ABSENT, new CodeType("masked"));
  }
}
