package org.pathway.reporting.figures;

import java.util.ArrayList;
import java.util.List;

/**
 * Small-number suppression of a two-way table of counts published with its row totals, column
 * totals and grand total.
 *
 * <p>Primary: every published count from 1 to {@link #MINIMUM_CELL}-1 (cells and totals alike) is
 * suppressed; zero is shown. Secondary: the table's margins are linear relations (each row of cells
 * sums to its total, each column likewise, the totals to the grand total), so a lone suppressed
 * entry in a relation, or any combination of relations, could give a suppressed count back. After
 * primary suppression, each suppressed entry is tested exactly: it can be worked out iff its unit
 * vector lies in the row space of the relations restricted to the suppressed entries (Gaussian
 * elimination). While one can, one more entry in a relation through it is suppressed — the smallest
 * cell, cells before totals, the grand total last — and the test repeats.
 */
public final class Suppression {

  /** Counts under this are not published (NHS England's and ONS's usual threshold). */
  public static final int MINIMUM_CELL = 5;

  private static final double EPS = 1e-9;

  private Suppression() {}

  /** Whether a single published count must be hidden. */
  public static boolean small(long count) {
    return count > 0 && count < MINIMUM_CELL;
  }

  /**
   * The suppressed table.
   *
   * @param cells counts, {@code rows × columns}, every row the same length
   */
  public static SuppressedTable apply(long[][] cells) {
    Grid grid = new Grid(cells);
    boolean[] hidden = new boolean[grid.size];
    for (int e = 0; e < grid.size; e++) {
      hidden[e] = small(grid.values[e]);
    }
    while (true) {
      List<Integer> derivable = derivable(grid, hidden);
      if (derivable.isEmpty()) {
        break;
      }
      // Mend a direct leak first (an entry alone in a relation): mending it often mends the rest.
      int leak =
          derivable.stream()
              .filter(e -> aloneSomewhere(grid, hidden, e))
              .findFirst()
              .orElse(derivable.get(0));
      hidden[bestPartner(grid, hidden, leak)] = true;
    }
    return grid.publish(hidden);
  }

  /** The suppressed entries the published values determine. */
  static List<Integer> derivable(Grid grid, boolean[] hidden) {
    List<Integer> unknown = new ArrayList<>();
    for (int e = 0; e < grid.size; e++) {
      if (hidden[e]) {
        unknown.add(e);
      }
    }
    List<Integer> found = new ArrayList<>();
    if (unknown.isEmpty()) {
      return found;
    }
    // Relations restricted to the unknowns: a row per relation, a column per unknown.
    double[][] a = new double[grid.relations.size()][unknown.size()];
    for (int r = 0; r < grid.relations.size(); r++) {
      int[] coefficients = grid.relations.get(r);
      for (int k = 0; k < unknown.size(); k++) {
        a[r][k] = coefficients[unknown.get(k)];
      }
    }
    double[][] basis = rowEchelon(a);
    for (int k = 0; k < unknown.size(); k++) {
      if (inRowSpace(basis, k, unknown.size())) {
        found.add(unknown.get(k));
      }
    }
    return found;
  }

  /** Whether {@code e} is the only hidden entry of some relation through it. */
  private static boolean aloneSomewhere(Grid grid, boolean[] hidden, int e) {
    for (int[] relation : grid.relations) {
      if (relation[e] == 0) {
        continue;
      }
      int hiddenHere = 0;
      for (int other = 0; other < grid.size; other++) {
        hiddenHere += relation[other] != 0 && hidden[other] ? 1 : 0;
      }
      if (hiddenHere == 1) {
        return true;
      }
    }
    return false;
  }

  /**
   * The entry to hide next so that {@code entry} stops being derivable: preferably in a relation
   * where {@code entry} is the only hidden one (that relation gives it away), and preferably an
   * entry whose other relation already holds a hidden entry (so no new lone entry is made: the
   * hidden entries close into rectangles); then cells before totals and the smaller count.
   */
  private static int bestPartner(Grid grid, boolean[] hidden, int entry) {
    int best = -1;
    int bestRank = Integer.MAX_VALUE;
    for (int[] relation : grid.relations) {
      if (relation[entry] == 0) {
        continue;
      }
      int hiddenHere = 0;
      for (int e = 0; e < grid.size; e++) {
        hiddenHere += relation[e] != 0 && hidden[e] ? 1 : 0;
      }
      for (int e = 0; e < grid.size; e++) {
        if (relation[e] == 0 || hidden[e]) {
          continue;
        }
        // 0: closes a lone relation and its other relation already hides one; 1: closes a lone
        // relation; 2: any other entry in a relation through it.
        int rank = hiddenHere == 1 ? (sharesHidden(grid, hidden, e, relation) ? 0 : 1) : 2;
        if (best < 0 || rank < bestRank || (rank == bestRank && grid.better(e, best))) {
          best = e;
          bestRank = rank;
        }
      }
    }
    if (best >= 0) {
      return best;
    }
    // Every relation through it is already all hidden: the leak comes from elsewhere.
    for (int e = 0; e < grid.size; e++) {
      if (!hidden[e] && (best < 0 || grid.better(e, best))) {
        best = e;
      }
    }
    if (best < 0) {
      throw new IllegalStateException("every entry hidden and still derivable");
    }
    return best;
  }

  /** Whether {@code e} lies in a relation other than {@code except} that has a hidden entry. */
  private static boolean sharesHidden(Grid grid, boolean[] hidden, int e, int[] except) {
    for (int[] relation : grid.relations) {
      if (relation == except || relation[e] == 0) {
        continue;
      }
      for (int other = 0; other < grid.size; other++) {
        if (other != e && relation[other] != 0 && hidden[other]) {
          return true;
        }
      }
    }
    return false;
  }

  /** Reduced row echelon form of {@code a} (its nonzero rows). */
  private static double[][] rowEchelon(double[][] a) {
    int rows = a.length;
    int cols = rows == 0 ? 0 : a[0].length;
    double[][] m = new double[rows][];
    for (int i = 0; i < rows; i++) {
      m[i] = a[i].clone();
    }
    int rank = 0;
    for (int c = 0; c < cols && rank < rows; c++) {
      int pivot = -1;
      for (int r = rank; r < rows; r++) {
        if (Math.abs(m[r][c]) > EPS && (pivot < 0 || Math.abs(m[r][c]) > Math.abs(m[pivot][c]))) {
          pivot = r;
        }
      }
      if (pivot < 0) {
        continue;
      }
      double[] t = m[pivot];
      m[pivot] = m[rank];
      m[rank] = t;
      double p = m[rank][c];
      for (int k = 0; k < cols; k++) {
        m[rank][k] /= p;
      }
      for (int r = 0; r < rows; r++) {
        if (r != rank && Math.abs(m[r][c]) > EPS) {
          double f = m[r][c];
          for (int k = 0; k < cols; k++) {
            m[r][k] -= f * m[rank][k];
          }
        }
      }
      rank++;
    }
    double[][] basis = new double[rank][];
    System.arraycopy(m, 0, basis, 0, rank);
    return basis;
  }

  /** Whether the unit vector {@code e_k} is a combination of the reduced rows. */
  private static boolean inRowSpace(double[][] reduced, int k, int cols) {
    // In reduced row echelon form, e_k is in the span iff some row is exactly e_k.
    for (double[] row : reduced) {
      boolean unit = true;
      for (int c = 0; c < cols && unit; c++) {
        double expected = c == k ? 1 : 0;
        unit = Math.abs(row[c] - expected) < EPS;
      }
      if (unit) {
        return true;
      }
    }
    return false;
  }

  /** The entries (cells, row totals, column totals, grand total) and the relations among them. */
  static final class Grid {
    final int rows;
    final int cols;
    final int size;
    final long[] values;
    final List<int[]> relations = new ArrayList<>();

    Grid(long[][] cells) {
      rows = cells.length;
      cols = rows == 0 ? 0 : cells[0].length;
      size = rows * cols + rows + cols + 1;
      values = new long[size];
      long grand = 0;
      for (int i = 0; i < rows; i++) {
        if (cells[i].length != cols) {
          throw new IllegalArgumentException("row " + i + " has " + cells[i].length + " cells");
        }
        for (int j = 0; j < cols; j++) {
          if (cells[i][j] < 0) {
            throw new IllegalArgumentException("negative count at " + i + "," + j);
          }
          values[cell(i, j)] = cells[i][j];
          values[rowTotal(i)] += cells[i][j];
          values[colTotal(j)] += cells[i][j];
          grand += cells[i][j];
        }
      }
      values[grand()] = grand;
      for (int i = 0; i < rows; i++) {
        int[] r = new int[size];
        for (int j = 0; j < cols; j++) {
          r[cell(i, j)] = 1;
        }
        r[rowTotal(i)] = -1;
        relations.add(r);
      }
      for (int j = 0; j < cols; j++) {
        int[] r = new int[size];
        for (int i = 0; i < rows; i++) {
          r[cell(i, j)] = 1;
        }
        r[colTotal(j)] = -1;
        relations.add(r);
      }
      int[] byRows = new int[size];
      int[] byCols = new int[size];
      for (int i = 0; i < rows; i++) {
        byRows[rowTotal(i)] = 1;
      }
      for (int j = 0; j < cols; j++) {
        byCols[colTotal(j)] = 1;
      }
      byRows[grand()] = -1;
      byCols[grand()] = -1;
      relations.add(byRows);
      relations.add(byCols);
    }

    int cell(int i, int j) {
      return i * cols + j;
    }

    int rowTotal(int i) {
      return rows * cols + i;
    }

    int colTotal(int j) {
      return rows * cols + rows + j;
    }

    int grand() {
      return size - 1;
    }

    /** Cells before totals, the grand total last; then the smaller count; then the earlier. */
    boolean better(int e, int than) {
      int ke = kind(e);
      int kt = kind(than);
      if (ke != kt) {
        return ke < kt;
      }
      return values[e] < values[than];
    }

    private int kind(int e) {
      if (e < rows * cols) {
        return 0;
      }
      return e == grand() ? 2 : 1;
    }

    SuppressedTable publish(boolean[] hidden) {
      Long[][] cells = new Long[rows][cols];
      Long[] rowTotals = new Long[rows];
      Long[] colTotals = new Long[cols];
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          cells[i][j] = shown(cell(i, j), hidden);
        }
        rowTotals[i] = shown(rowTotal(i), hidden);
      }
      for (int j = 0; j < cols; j++) {
        colTotals[j] = shown(colTotal(j), hidden);
      }
      return new SuppressedTable(cells, rowTotals, colTotals, shown(grand(), hidden));
    }

    private Long shown(int e, boolean[] hidden) {
      return hidden[e] ? null : values[e];
    }
  }
}
