package org.pathway.reporting.view;

import java.util.List;

/**
 * A {@link FigureTable} as an RFC 4180 CSV file: the headings, then the rows exactly as the page's
 * table shows them (a suppressed count reads as suppressed, never as a number). Plain Java.
 */
public final class Csv {

  private Csv() {}

  /** The file's text, CRLF line ends. */
  public static String of(FigureTable table) {
    StringBuilder out = new StringBuilder();
    line(out, table.columns());
    for (List<Cell> row : table.rows()) {
      line(out, row.stream().map(Cell::text).toList());
    }
    return out.toString();
  }

  private static void line(StringBuilder out, List<String> fields) {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(field(fields.get(i)));
    }
    out.append("\r\n");
  }

  static String field(String value) {
    String v = value == null ? "" : value;
    // A leading = + - @ makes spreadsheets run the cell as a formula (CSV injection): quote it.
    boolean formula = !v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0 && !isNumber(v);
    if (formula) {
      v = "'" + v;
    }
    if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r") || formula) {
      return "\"" + v.replace("\"", "\"\"") + "\"";
    }
    return v;
  }

  private static boolean isNumber(String v) {
    try {
      Double.parseDouble(v);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
