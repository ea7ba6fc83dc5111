package org.pathway.reporting.view;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pathway.reporting.figures.Equity;
import org.pathway.reporting.figures.FigureSet;
import org.pathway.reporting.figures.Funnel;
import org.pathway.reporting.figures.Outcomes;
import org.pathway.reporting.figures.StepTimes;

/**
 * The Apache ECharts option of each chart, built here so the page's script only hands it to {@code
 * echarts.init(..).setOption(..)}: the numbers drawn are the numbers in the table. A suppressed
 * figure is a gap ({@code null}), never a zero. Plain Java; maps in, maps out.
 */
public final class DashboardCharts {

  private final Locale locale;

  public DashboardCharts(Locale locale) {
    this.locale = locale;
  }

  /** Each chart's option, by chart id (see {@link DashboardTables#IDS}). */
  public Map<String, Map<String, Object>> all(FigureSet figures) {
    Map<String, Map<String, Object>> charts = new LinkedHashMap<>();
    charts.put("funnel", funnel(figures.funnel()));
    charts.put("step-times", stepTimes(figures.stepTimes().get("all")));
    charts.put("outcomes", outcomes(figures.outcomes().get("all")));
    for (Equity.Measure m : Equity.Measure.values()) {
      charts.put("equity-" + m.code(), equity(m.code(), figures.equity()));
    }
    return charts;
  }

  Map<String, Object> funnel(List<Funnel.Row> rows) {
    List<String> steps = rows.stream().map(r -> words("step." + r.step())).toList();
    List<Object> reached = rows.stream().map(r -> (Object) r.reached()).toList();
    Map<String, Object> option = base(steps, true);
    option.put("series", List.of(series(words("column.reached"), reached, null)));
    return option;
  }

  Map<String, Object> stepTimes(List<StepTimes.Row> rows) {
    List<StepTimes.Row> list = rows == null ? List.of() : rows;
    List<String> steps = list.stream().map(r -> words("step." + r.step())).toList();
    Map<String, Object> option = base(steps, false);
    option.put(
        "series",
        List.of(
            series(
                words("column.median"),
                list.stream().map(r -> (Object) r.medianDays()).toList(),
                null),
            series(
                words("column.p90"), list.stream().map(r -> (Object) r.p90Days()).toList(), null)));
    return option;
  }

  Map<String, Object> outcomes(List<Outcomes.Row> rows) {
    List<Outcomes.Row> list = rows == null ? List.of() : rows;
    List<String> instruments = list.stream().map(Outcomes.Row::instrument).toList();
    Map<String, Object> option = base(instruments, false);
    option.put(
        "series",
        List.of(
            series(
                words("column.mean-entry"),
                list.stream().map(r -> (Object) r.meanEntry()).toList(),
                null),
            series(
                words("column.mean-exit"),
                list.stream().map(r -> (Object) r.meanExit()).toList(),
                null)));
    return option;
  }

  Map<String, Object> equity(String measure, List<Equity.Table> tables) {
    DashboardTables labels = new DashboardTables(locale);
    List<String> categories = new ArrayList<>();
    List<Object> yes = new ArrayList<>();
    List<Object> no = new ArrayList<>();
    for (Equity.Table t : tables) {
      if (!t.measure().equals(measure)) {
        continue;
      }
      for (int i = 0; i < t.values().size(); i++) {
        categories.add(
            words("dimension." + t.dimension())
                + ": "
                + labels.value(t.dimension(), t.values().get(i)).text());
        yes.add(t.table().cells()[i][0]);
        no.add(t.table().cells()[i][1]);
      }
    }
    Map<String, Object> option = base(categories, true);
    option.put(
        "series",
        List.of(
            series(words("column.yes"), yes, "measure"),
            series(words("column.no"), no, "measure")));
    return option;
  }

  private Map<String, Object> base(List<String> categories, boolean horizontal) {
    Map<String, Object> option = new LinkedHashMap<>();
    // No animation: the chart is drawn once, as the table says, and prints the same.
    option.put("animation", false);
    option.put("tooltip", Map.of("trigger", "axis"));
    option.put("legend", Map.of());
    option.put(
        "grid", Map.of("left", "3%", "right", "4%", "bottom", "3%", "containLabel", Boolean.TRUE));
    Map<String, Object> category = new LinkedHashMap<>();
    category.put("type", "category");
    category.put("data", categories);
    Map<String, Object> valueAxis = Map.of("type", "value");
    if (horizontal) {
      // The first category at the top, as in the table.
      category.put("inverse", Boolean.TRUE);
      option.put("yAxis", category);
      option.put("xAxis", valueAxis);
    } else {
      option.put("xAxis", category);
      option.put("yAxis", valueAxis);
    }
    return option;
  }

  private static Map<String, Object> series(String name, List<Object> data, String stack) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("name", name);
    s.put("type", "bar");
    if (stack != null) {
      s.put("stack", stack);
    }
    s.put("data", data);
    return s;
  }

  private String words(String key) {
    return Messages.text(locale, key);
  }
}
