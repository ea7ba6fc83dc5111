package org.pathway.reporting.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.pathway.reporting.figures.Funnel;

class DashboardTablesTest {

  private final DashboardTables tables = new DashboardTables(Locale.ENGLISH);

  @Test
  void showsASuppressedCountAsSuppressedInTheTableAndTheCsv() {
    FigureTable funnel =
        tables.funnel(
            List.of(
                new Funnel.Row("referred", 9L, null, 0L, 0L),
                new Funnel.Row("accepted", 6L, 0L, 0L, 0L)));

    assertThat(funnel.rows().get(0))
        .extracting(Cell::text)
        .containsExactly("Referred", "9", "suppressed", "0", "0");
    assertThat(funnel.rows().get(0).get(2).suppressed()).isTrue();
    assertThat(funnel.rows().get(0).get(1).suppressed()).isFalse();
    assertThat(Csv.of(funnel))
        .isEqualTo(
            "Step,Reached,Declined,Did not attend,Dropped out\r\n"
                + "Referred,9,suppressed,0,0\r\n"
                + "Accepted by a link worker,6,0,0,0\r\n");
  }

  @Test
  void quotesCsvFieldsThatWouldBreakTheLineOrRunAsAFormula() {
    assertThat(Csv.field("a,b")).isEqualTo("\"a,b\"");
    assertThat(Csv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(Csv.field("=HYPERLINK(1)")).isEqualTo("\"'=HYPERLINK(1)\"");
    assertThat(Csv.field("-1.5")).isEqualTo("-1.5");
  }

  @Test
  void writesWholeNumbersWithoutADecimalPoint() {
    assertThat(DashboardTables.format(2.0)).isEqualTo("2");
    assertThat(DashboardTables.format(3.76)).isEqualTo("3.76");
  }
}
