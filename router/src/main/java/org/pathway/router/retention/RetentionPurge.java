package org.pathway.router.retention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;

/**
 * Removes one batch of one kind of data dated before a cutoff and records the purge (kind, count,
 * cutoff, time; never what was purged) in the same transaction. Rows another router instance is
 * purging are skipped ({@code SKIP LOCKED}), so two instances never purge, or count, a row twice.
 */
public final class RetentionPurge {

  private final DataSource dataSource;

  public RetentionPurge(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Removes up to {@code limit} rows of each table holding {@code kind} dated before {@code
   * cutoff}; repeating it removes nothing more.
   *
   * @return the rows removed
   */
  public int purge(RetentionKind kind, Instant cutoff, Instant now, int limit) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        int purged = 0;
        for (RetentionKind.Held held : kind.tables()) {
          purged += removeOlder(c, held, cutoff, limit);
        }
        if (purged > 0) {
          record(c, kind, purged, cutoff, now);
        }
        c.commit();
        return purged;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("retention purge of " + kind.code() + " failed", e);
    }
  }

  private static int removeOlder(Connection c, RetentionKind.Held held, Instant cutoff, int limit)
      throws SQLException {
    String table = held.table();
    try (PreparedStatement ps =
        c.prepareStatement(
            "DELETE FROM "
                + table
                + " WHERE ctid IN (SELECT ctid FROM "
                + table
                + " WHERE "
                + held.dated()
                + " < ? LIMIT ? FOR UPDATE SKIP LOCKED)")) {
      // The router's own tables date rows in the session's time zone (TIMESTAMP, no zone), as
      // JDBC's Timestamp does; the dead-letter tables' timestamptz compares the same instant.
      ps.setTimestamp(1, Timestamp.from(cutoff));
      ps.setInt(2, limit);
      return ps.executeUpdate();
    }
  }

  private static void record(
      Connection c, RetentionKind kind, int purged, Instant cutoff, Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO retention_purge (kind, purged, cutoff, purged_at) VALUES (?,?,?,?)")) {
      ps.setString(1, kind.code());
      ps.setInt(2, purged);
      ps.setObject(3, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
      ps.setObject(4, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
      ps.executeUpdate();
    }
  }
}
