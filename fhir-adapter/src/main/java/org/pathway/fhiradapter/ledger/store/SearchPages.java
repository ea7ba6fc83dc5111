package org.pathway.fhiradapter.ledger.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.pathway.fhiradapter.ledger.PageCursor;
import org.pathway.fhiradapter.ledger.SearchPage;

/**
 * A search read a page at a time, the page starting where the last one ended (keyset paging): one
 * row more than the page is read to know whether another follows, and the matches are counted only
 * when the page does not already say how many there are.
 */
final class SearchPages {

  /** Reads one thing from the current row. */
  interface Column<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /** One search: its rows in order, and how to count every match. */
  record Query(String pageSql, List<Object> pageArgs, String countSql, List<Object> countArgs) {}

  private SearchPages() {}

  /**
   * The page {@code q} reads, {@code limit} rows at most ({@code q.pageSql()} must end ready for
   * {@code LIMIT n}), each row read by {@code row}, the cursor of the last by {@code cursor};
   * {@code continued} says whether the page starts after another.
   */
  static <T> SearchPage<T> read(
      Connection c, Query q, int limit, boolean continued, Column<T> row, Column<PageCursor> cursor)
      throws SQLException {
    List<T> found = new ArrayList<>();
    PageCursor last = null;
    PageCursor next = null;
    try (var ps = c.prepareStatement(q.pageSql() + " LIMIT " + (limit + 1))) {
      bind(ps, q.pageArgs());
      try (var rs = ps.executeQuery()) {
        while (rs.next()) {
          if (found.size() == limit) {
            next = last;
            break;
          }
          found.add(row.read(rs));
          last = cursor.read(rs);
        }
      }
    }
    if (!continued && next == null) {
      return new SearchPage<>(found, null, found.size());
    }
    try (var ps = c.prepareStatement(q.countSql())) {
      bind(ps, q.countArgs());
      try (var rs = ps.executeQuery()) {
        rs.next();
        return new SearchPage<>(found, next, rs.getInt(1));
      }
    }
  }

  private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      ps.setObject(i + 1, args.get(i));
    }
  }
}
