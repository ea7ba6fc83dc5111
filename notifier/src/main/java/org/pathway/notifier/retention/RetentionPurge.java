package org.pathway.notifier.retention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;

/**
 * Purges one batch of one kind of data dated before a cutoff and records the purge (kind, count,
 * cutoff, time; never what was purged) in the same transaction. Rows another notifier instance is
 * purging are skipped ({@code SKIP LOCKED}), so two instances never purge, or count, a row twice.
 */
public final class RetentionPurge {

  /**
   * A finished delivery, its receipt out (a withheld one has none), loses its request, errors and
   * address hash; the row stays, so a redelivered request with its id is still known as handled.
   */
  private static final String PSEUDONYMISE_DELIVERIES =
      "update delivery set request_bytes = ''::bytea, failure_reason = null, provider_ref = null,"
          + " order_key = notification_id, purged_at = ? where notification_id in ("
          + "select notification_id from delivery where purged_at is null and finished_at < ?"
          + " and (status = 'WITHHELD' or (status in ('DELIVERED', 'FAILED')"
          + " and receipt_published)) limit ? for update skip locked)"
          + " returning notification_id";

  private final DataSource dataSource;

  public RetentionPurge(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Purges up to {@code limit} records of {@code kind} dated before {@code cutoff}; repeating it
   * purges nothing more.
   *
   * @return the records purged
   */
  public int purge(RetentionKind kind, Instant cutoff, Instant now, int limit) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        int purged =
            switch (kind) {
              case DELIVERY_LOG -> pseudonymiseDeliveries(c, cutoff, now, limit);
              case AUDIT -> removeOlder(c, "dead_letter_audit", "at", cutoff, limit);
              case DEAD_LETTERS ->
                  removeOlder(c, "dead_letter_handled", "handled_at", cutoff, limit);
            };
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

  private static int pseudonymiseDeliveries(Connection c, Instant cutoff, Instant now, int limit)
      throws SQLException {
    java.util.List<String> ids = new java.util.ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(PSEUDONYMISE_DELIVERIES)) {
      ps.setLong(1, now.toEpochMilli());
      ps.setLong(2, cutoff.toEpochMilli());
      ps.setInt(3, limit);
      try (var rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement("delete from delivery_attempt where notification_id = any(?)")) {
      ps.setArray(1, c.createArrayOf("varchar", ids.toArray()));
      ps.executeUpdate();
    }
    return ids.size();
  }

  private static int removeOlder(
      Connection c, String table, String column, Instant cutoff, int limit) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "delete from "
                + table
                + " where ctid in (select ctid from "
                + table
                + " where "
                + column
                + " < ? limit ? for update skip locked)")) {
      ps.setObject(1, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
      ps.setInt(2, limit);
      return ps.executeUpdate();
    }
  }

  private static void record(
      Connection c, RetentionKind kind, int purged, Instant cutoff, Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into retention_purge (kind, purged, cutoff, purged_at) values (?,?,?,?)")) {
      ps.setString(1, kind.code());
      ps.setInt(2, purged);
      ps.setLong(3, cutoff.toEpochMilli());
      ps.setLong(4, now.toEpochMilli());
      ps.executeUpdate();
    }
  }
}
