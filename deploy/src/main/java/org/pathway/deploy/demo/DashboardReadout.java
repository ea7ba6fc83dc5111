package org.pathway.deploy.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.pathway.deploy.access.DevTokens;

/**
 * What the commissioner's dashboard shows, read as the demo commissioner from the dashboard's own
 * CSV downloads (each the page's table cell for cell, a suppressed count reading "suppressed"), so
 * the demo prints exactly what a commissioner opening the page would see.
 */
public final class DashboardReadout {

  /** The demo client with the commissioner role. */
  public static final String COMMISSIONER = "commissioner";

  /** One of the dashboard's tables: its headings and its rows as the page shows them. */
  public record Table(String chart, List<String> columns, List<List<String>> rows) {

    /** The cell in {@code column} of the first row whose first cell is {@code rowLabel}. */
    public Optional<String> cell(String rowLabel, String column) {
      int at = columns.indexOf(column);
      return rows.stream()
          .filter(r -> !r.isEmpty() && r.get(0).equals(rowLabel) && at >= 0 && at < r.size())
          .map(r -> r.get(at))
          .findFirst();
    }

    /** The rows whose cells include {@code value}. */
    public List<List<String>> rowsWith(String value) {
      return rows.stream().filter(r -> r.contains(value)).toList();
    }

    void print(PrintStream out) {
      out.println("  " + String.join(" | ", columns));
      rows.forEach(r -> out.println("  " + String.join(" | ", r)));
    }
  }

  private static final Duration WAIT = Duration.ofSeconds(90);

  private final String reportingUrl;
  private final DevTokens tokens;
  private final HttpClient http = HttpClient.newBuilder().build();

  /**
   * The dashboard at {@code reportingUrl}, read with the commissioner's token from {@code tokens}.
   */
  public DashboardReadout(String reportingUrl, DevTokens tokens) {
    this.reportingUrl = reportingUrl;
    this.tokens = tokens;
  }

  /** The table of chart {@code chart} ({@code funnel}, {@code outcomes}, ...) as it is now. */
  public Table table(String chart) throws IOException, InterruptedException {
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(URI.create(reportingUrl + "/dashboard/csv/" + chart))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", tokens.bearer(COMMISSIONER))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      throw new IOException("the dashboard's " + chart + " table: " + answer.statusCode());
    }
    List<List<String>> lines = new ArrayList<>();
    for (String line : answer.body().split("\r\n")) {
      if (!line.isEmpty()) {
        lines.add(fields(line));
      }
    }
    return new Table(chart, lines.get(0), lines.subList(1, lines.size()));
  }

  /**
   * The funnel once its {@code step} row shows {@code reached} (the figures catch up with the
   * events within a second or so of the last one).
   */
  public Table funnelOnce(String step, long reached) throws InterruptedException {
    return once(
        "funnel",
        funnel -> funnel.cell(step, "Reached").equals(Optional.of(Long.toString(reached))),
        reached + " at " + step);
  }

  /** The wellbeing change once its first {@code instrument} row counts {@code pairs} pairs. */
  public Table outcomesOnce(String instrument, long pairs) throws InterruptedException {
    return once(
        "outcomes",
        outcomes -> {
          int at = outcomes.columns().indexOf("Pairs");
          return outcomes.rowsWith(instrument).stream()
              .findFirst()
              .map(row -> at >= 0 && at < row.size() && row.get(at).equals(Long.toString(pairs)))
              .orElse(false);
        },
        pairs + " " + instrument + " pairs");
  }

  private Table once(String chart, Predicate<Table> shows, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try {
        Table table = table(chart);
        if (shows.test(table)) {
          return table;
        }
      } catch (IOException e) {
        last = e; // reporting still starting or restoring its store (503)
      }
      Thread.sleep(500);
    }
    throw new HopFailed("the dashboard's " + chart + " never showed " + what, last);
  }

  /** Prints the tables under a heading. */
  public static void print(PrintStream out, String heading, List<Table> tables) {
    out.println(heading);
    for (Table t : tables) {
      out.println(" " + t.chart() + ":");
      t.print(out);
    }
  }

  /** One CSV line's fields (RFC 4180 quoting). */
  static List<String> fields(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }
}
