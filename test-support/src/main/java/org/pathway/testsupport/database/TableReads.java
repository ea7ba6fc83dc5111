package org.pathway.testsupport.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * What PostgreSQL's cumulative statistics say scans of one table have read so far, for tests that
 * bound what a statement reads however large the table grows. Read it through the same single
 * connection the statement ran on (a pool of one): that session's own counts are flushed to the
 * statistics first, which PostgreSQL otherwise does only now and then.
 */
public final class TableReads {

  private TableReads() {}

  /** Rows of {@code table} fetched by sequential and index scans so far. */
  public static long rowsRead(DataSource oneConnection, String table) throws SQLException {
    return read(
        oneConnection,
        "select coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0)"
            + " from pg_stat_user_tables where relname = ?",
        table);
  }

  /**
   * Rows of {@code table} fetched by sequential and index scans in the transaction open on {@code
   * connection} so far ({@code pg_stat_xact_user_tables}: nothing to flush, nothing from others).
   */
  public static long rowsReadInTransaction(Connection connection, String table)
      throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "select coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0)"
                + " from pg_stat_xact_user_tables where relname = ?")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Blocks of {@code table} and its indexes touched so far, read or found in shared buffers. */
  public static long blocksTouched(DataSource oneConnection, String table) throws SQLException {
    return read(
        oneConnection,
        "select coalesce(heap_blks_read, 0) + coalesce(heap_blks_hit, 0)"
            + " + coalesce(idx_blks_read, 0) + coalesce(idx_blks_hit, 0)"
            + " from pg_statio_user_tables where relname = ?",
        table);
  }

  private static long read(DataSource oneConnection, String sql, String table) throws SQLException {
    try (Connection c = oneConnection.getConnection()) {
      try (Statement s = c.createStatement()) {
        s.execute("select pg_stat_force_next_flush()");
      }
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, table);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    }
  }
}
