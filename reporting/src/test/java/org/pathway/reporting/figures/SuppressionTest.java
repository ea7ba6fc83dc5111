package org.pathway.reporting.figures;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SuppressionTest {

  @Test
  void showsATableWithoutSmallCountsAsItIs() {
    SuppressedTable t = Suppression.apply(new long[][] {{10, 20}, {30, 40}});

    assertThat(t.cells()).isDeepEqualTo(new Long[][] {{10L, 20L}, {30L, 40L}});
    assertThat(t.rowTotals()).containsExactly(30L, 70L);
    assertThat(t.columnTotals()).containsExactly(40L, 60L);
    assertThat(t.total()).isEqualTo(100L);
  }

  @Test
  void hidesACellOfThreeAndEnoughOthersThatNoTotalRevealsIt() {
    long[][] cells = {{3, 20}, {13, 14}, {15, 12}};

    SuppressedTable t = Suppression.apply(cells);

    assertThat(t.cells()[0][0]).isNull();
    // The row total and the column total each leave two unknowns at least.
    assertThat(hiddenIn(t.cells()[0]) + (t.rowTotals()[0] == null ? 1 : 0))
        .isGreaterThanOrEqualTo(2);
    long hiddenInColumn = 0;
    for (Long[] row : t.cells()) {
      hiddenInColumn += row[0] == null ? 1 : 0;
    }
    assertThat(hiddenInColumn + (t.columnTotals()[0] == null ? 1 : 0)).isGreaterThanOrEqualTo(2);
    assertNothingHiddenCanBeWorkedOut(cells, t);
  }

  @Test
  void hidesASmallRowTotalAndItsCells() {
    long[][] cells = {{2, 1}, {13, 14}, {15, 12}};

    SuppressedTable t = Suppression.apply(cells);

    assertThat(t.rowTotals()[0]).isNull();
    assertThat(t.cells()[0][0]).isNull();
    assertThat(t.cells()[0][1]).isNull();
    assertNothingHiddenCanBeWorkedOut(cells, t);
  }

  @Test
  void showsZeroes() {
    SuppressedTable t = Suppression.apply(new long[][] {{0, 20}, {30, 40}});

    assertThat(t.cells()[0][0]).isEqualTo(0L);
  }

  @Test
  void hidesASecondCellInTheSameRowAndColumnAsTheFirst() {
    // The classic pattern: one small cell forces a rectangle of four.
    long[][] cells = {{4, 15, 16}, {17, 18, 19}};

    SuppressedTable t = Suppression.apply(cells);

    assertThat(countHidden(t)).isGreaterThanOrEqualTo(4);
    assertNothingHiddenCanBeWorkedOut(cells, t);
  }

  @Test
  void aSingleRowTableHidesAPartnerCellOrTheTotal() {
    long[][] cells = {{3, 9, 11}};

    SuppressedTable t = Suppression.apply(cells);

    assertThat(t.cells()[0][0]).isNull();
    assertNothingHiddenCanBeWorkedOut(cells, t);
  }

  @Test
  void twoSmallCellsInOneColumnStillNeedPartnersElsewhere() {
    // Rows 0 and 1 hide column 0; their row totals would give each back without partners.
    long[][] cells = {{3, 10}, {2, 14}, {15, 16}};

    SuppressedTable t = Suppression.apply(cells);

    assertNothingHiddenCanBeWorkedOut(cells, t);
  }

  @Test
  void noRandomTableGivesBackAHiddenCount() {
    Random random = new Random(20261201);
    for (int round = 0; round < 40; round++) {
      int rows = 1 + random.nextInt(3);
      int cols = 2 + random.nextInt(2);
      long[][] cells = new long[rows][cols];
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          // Mostly small numbers, so that suppression has work to do.
          cells[i][j] = random.nextInt(3) == 0 ? random.nextInt(5) : 5 + random.nextInt(4);
        }
      }
      SuppressedTable t = Suppression.apply(cells);
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          if (Suppression.small(cells[i][j])) {
            assertThat(t.cells()[i][j]).as("round %d cell %d,%d", round, i, j).isNull();
          }
        }
      }
      assertNothingHiddenCanBeWorkedOut(cells, t);
    }
  }

  /**
   * The oracle, independent of the algorithm: every table of non-negative whole numbers agreeing
   * with everything published is enumerated, and each hidden entry must take two values or more
   * across them.
   */
  private static void assertNothingHiddenCanBeWorkedOut(long[][] cells, SuppressedTable t) {
    int rows = cells.length;
    int cols = cells[0].length;
    long grand = 0;
    for (long[] row : cells) {
      for (long c : row) {
        grand += c;
      }
    }
    List<int[]> unknown = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        if (t.cells()[i][j] == null) {
          unknown.add(new int[] {i, j});
        }
      }
    }
    Map<String, Set<Long>> seen = new HashMap<>();
    long[][] trial = new long[rows][cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        trial[i][j] = t.cells()[i][j] == null ? 0 : t.cells()[i][j];
      }
    }
    enumerate(trial, unknown, 0, grand, t, seen);
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        if (t.cells()[i][j] == null) {
          assertThat(seen.get("c" + i + "," + j)).as("cell %d,%d", i, j).hasSizeGreaterThan(1);
        }
      }
      if (t.rowTotals()[i] == null) {
        assertThat(seen.get("r" + i)).as("row total %d", i).hasSizeGreaterThan(1);
      }
    }
    for (int j = 0; j < cols; j++) {
      if (t.columnTotals()[j] == null) {
        assertThat(seen.get("k" + j)).as("column total %d", j).hasSizeGreaterThan(1);
      }
    }
    if (t.total() == null) {
      assertThat(seen.get("g")).as("grand total").hasSizeGreaterThan(1);
    }
  }

  private static void enumerate(
      long[][] trial,
      List<int[]> unknown,
      int k,
      long bound,
      SuppressedTable t,
      Map<String, Set<Long>> seen) {
    if (k == unknown.size()) {
      if (consistent(trial, t)) {
        record(trial, seen);
      }
      return;
    }
    int[] at = unknown.get(k);
    long from = 0;
    long to = bound;
    Long forced = forced(trial, unknown, k, t);
    if (forced != null) {
      from = forced;
      to = forced;
    }
    for (long v = from; v <= to; v++) {
      trial[at[0]][at[1]] = v;
      if (v >= 0 && !overshoots(trial, unknown, k, t)) {
        enumerate(trial, unknown, k + 1, bound, t, seen);
      }
    }
    trial[at[0]][at[1]] = 0;
  }

  /**
   * The only value a cell can take when it is the last unknown of a line with a published total.
   */
  private static Long forced(long[][] trial, List<int[]> unknown, int k, SuppressedTable t) {
    int[] at = unknown.get(k);
    boolean lastInRow = true;
    boolean lastInCol = true;
    for (int m = k + 1; m < unknown.size(); m++) {
      lastInRow &= unknown.get(m)[0] != at[0];
      lastInCol &= unknown.get(m)[1] != at[1];
    }
    if (lastInRow && t.rowTotals()[at[0]] != null) {
      long rest = 0;
      for (int j = 0; j < trial[at[0]].length; j++) {
        rest += j == at[1] ? 0 : trial[at[0]][j];
      }
      return t.rowTotals()[at[0]] - rest;
    }
    if (lastInCol && t.columnTotals()[at[1]] != null) {
      long rest = 0;
      for (int i = 0; i < trial.length; i++) {
        rest += i == at[0] ? 0 : trial[i][at[1]];
      }
      return t.columnTotals()[at[1]] - rest;
    }
    return null;
  }

  /** Whether a published total is already exceeded, or a finished line misses its total. */
  private static boolean overshoots(long[][] trial, List<int[]> unknown, int k, SuppressedTable t) {
    int[] at = unknown.get(k);
    long row = 0;
    for (long c : trial[at[0]]) {
      row += c;
    }
    long col = 0;
    for (long[] r : trial) {
      col += r[at[1]];
    }
    boolean rowDone = true;
    boolean colDone = true;
    for (int m = k + 1; m < unknown.size(); m++) {
      rowDone &= unknown.get(m)[0] != at[0];
      colDone &= unknown.get(m)[1] != at[1];
    }
    Long rowTotal = t.rowTotals()[at[0]];
    Long colTotal = t.columnTotals()[at[1]];
    return rowTotal != null && (row > rowTotal || (rowDone && row != rowTotal))
        || colTotal != null && (col > colTotal || (colDone && col != colTotal));
  }

  private static boolean consistent(long[][] trial, SuppressedTable t) {
    long grand = 0;
    for (int i = 0; i < trial.length; i++) {
      long row = 0;
      for (long c : trial[i]) {
        row += c;
      }
      if (t.rowTotals()[i] != null && row != t.rowTotals()[i]) {
        return false;
      }
      grand += row;
    }
    for (int j = 0; j < trial[0].length; j++) {
      long col = 0;
      for (long[] r : trial) {
        col += r[j];
      }
      if (t.columnTotals()[j] != null && col != t.columnTotals()[j]) {
        return false;
      }
    }
    return t.total() == null || grand == t.total();
  }

  private static void record(long[][] trial, Map<String, Set<Long>> seen) {
    long grand = 0;
    for (int i = 0; i < trial.length; i++) {
      long row = 0;
      for (int j = 0; j < trial[i].length; j++) {
        seen.computeIfAbsent("c" + i + "," + j, x -> new HashSet<>()).add(trial[i][j]);
        row += trial[i][j];
      }
      seen.computeIfAbsent("r" + i, x -> new HashSet<>()).add(row);
      grand += row;
    }
    for (int j = 0; j < trial[0].length; j++) {
      long col = 0;
      for (long[] r : trial) {
        col += r[j];
      }
      seen.computeIfAbsent("k" + j, x -> new HashSet<>()).add(col);
    }
    seen.computeIfAbsent("g", x -> new HashSet<>()).add(grand);
  }

  private static int hiddenIn(Long[] row) {
    int n = 0;
    for (Long c : row) {
      n += c == null ? 1 : 0;
    }
    return n;
  }

  private static int countHidden(SuppressedTable t) {
    int n = 0;
    for (Long[] row : t.cells()) {
      n += hiddenIn(row);
    }
    return n;
  }
}
