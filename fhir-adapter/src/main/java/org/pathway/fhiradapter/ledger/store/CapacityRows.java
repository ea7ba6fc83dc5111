package org.pathway.fhiradapter.ledger.store;

import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.pathway.directory.Capacity;
import org.pathway.events.avro.CapacityStatus;
import org.pathway.fhiradapter.ledger.LedgerTx;
import org.pathway.fhiradapter.ledger.RequestContext;

/** The {@code group_capacity} table: one row per capacity report, the latest per group current. */
@Singleton
public class CapacityRows {

  private static final String COLUMNS =
      "group_id, version, status, places_left, waitlist_open, reported_at";

  /** The latest report of each of {@code groupIds} that has one. */
  public Map<String, Capacity> latest(LedgerTx tx, Collection<String> groupIds)
      throws SQLException {
    Map<String, Capacity> found = new HashMap<>();
    if (groupIds.isEmpty()) {
      return found;
    }
    try (var ps =
        tx.connection()
            .prepareStatement(
                "SELECT DISTINCT ON (group_id) "
                    + COLUMNS
                    + " FROM group_capacity WHERE group_id = ANY (?)"
                    + " ORDER BY group_id, version DESC")) {
      ps.setArray(1, tx.connection().createArrayOf("varchar", groupIds.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found.put(rs.getString("group_id"), capacity(rs));
        }
      }
    }
    return found;
  }

  /**
   * The report {@code clientId} made with {@code requestId} for {@code groupId}, if it made one: a
   * repeated request is answered with it instead of being applied again.
   */
  public Optional<Capacity> byRequest(
      LedgerTx tx, String groupId, String clientId, String requestId) throws SQLException {
    if (requestId == null) {
      return Optional.empty();
    }
    try (var ps =
        tx.connection()
            .prepareStatement(
                "SELECT "
                    + COLUMNS
                    + " FROM group_capacity WHERE client_id = ? AND request_id = ?"
                    + " AND group_id = ?")) {
      ps.setString(1, clientId);
      ps.setString(2, requestId);
      ps.setString(3, groupId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(capacity(rs)) : Optional.empty();
      }
    }
  }

  /**
   * Records {@code report} as {@code groupId}'s version {@code report.version()}; false when that
   * version was taken meanwhile (or the request id was used), so nothing was written.
   */
  public boolean insert(LedgerTx tx, String groupId, Capacity report, RequestContext ctx)
      throws SQLException {
    try (var ps =
        tx.connection()
            .prepareStatement(
                "INSERT INTO group_capacity (group_id, version, status, places_left,"
                    + " waitlist_open, reported_at, client_id, actor, request_id, correlation_id)"
                    + " VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING")) {
      ps.setString(1, groupId);
      ps.setInt(2, report.version());
      ps.setString(3, report.status().name());
      ps.setObject(4, report.placesLeft());
      ps.setObject(5, report.waitlistOpen());
      ps.setObject(6, report.reportedAt().atOffset(java.time.ZoneOffset.UTC));
      ps.setString(7, ctx.clientId());
      ps.setString(8, ctx.actor() == null ? null : truncate(ctx.actor(), 256));
      ps.setString(9, ctx.requestId());
      ps.setString(10, ctx.correlationId());
      return ps.executeUpdate() == 1;
    }
  }

  /**
   * Records a count the ledger moved itself (a member took or freed a place) as {@code groupId}'s
   * version {@code count.version()}, naming the Task whose change moved it; false when that version
   * was taken meanwhile.
   */
  public boolean insertCounted(
      LedgerTx tx, String groupId, Capacity count, String taskId, RequestContext ctx)
      throws SQLException {
    try (var ps =
        tx.connection()
            .prepareStatement(
                "INSERT INTO group_capacity (group_id, version, status, places_left,"
                    + " waitlist_open, reported_at, client_id, actor, correlation_id,"
                    + " counted_for_task) VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING")) {
      ps.setString(1, groupId);
      ps.setInt(2, count.version());
      ps.setString(3, count.status().name());
      ps.setObject(4, count.placesLeft());
      ps.setObject(5, count.waitlistOpen());
      ps.setObject(6, count.reportedAt().atOffset(java.time.ZoneOffset.UTC));
      ps.setString(7, ctx.clientId());
      ps.setString(8, ctx.actor() == null ? null : truncate(ctx.actor(), 256));
      ps.setString(9, ctx.correlationId());
      ps.setString(10, taskId);
      return ps.executeUpdate() == 1;
    }
  }

  private static Capacity capacity(ResultSet rs) throws SQLException {
    return new Capacity(
        CapacityStatus.valueOf(rs.getString("status")),
        (Integer) rs.getObject("places_left"),
        (Boolean) rs.getObject("waitlist_open"),
        rs.getObject("reported_at", OffsetDateTime.class).toInstant(),
        rs.getInt("version"));
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
