package org.pathway.fhiradapter.ledger.store;

import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.pathway.fhiradapter.ledger.LedgerTx;

/**
 * The {@code subscription} table: each FHIR Subscription's current state. Header lines are kept for
 * delivery; they are read back only to announce the subscription, never to serve it.
 */
@Singleton
public class SubscriptionRows {

  /**
   * One subscription as stored.
   *
   * @param active whether it delivers ({@code off} otherwise)
   * @param taskStatuses FHIR Task status codes the criteria name; empty for any
   * @param headers {@code Name: value} lines (the subscriber's secret)
   * @param deleted whether the client deleted it (then it is not served at all)
   */
  public record Row(
      String id,
      int version,
      boolean active,
      String organization,
      String clientId,
      String criteria,
      String requesterOrganization,
      String ownerOrganization,
      List<String> taskStatuses,
      String endpoint,
      String payload,
      List<String> headers,
      String reason,
      boolean deleted,
      OffsetDateTime lastUpdated) {

    public Row {
      taskStatuses = List.copyOf(taskStatuses);
      headers = List.copyOf(headers);
    }
  }

  private static final String COLUMNS =
      "id, version, status, organization, client_id, criteria, requester_org, owner_org,"
          + " task_statuses, endpoint, payload, headers, reason, deleted, last_updated";

  /** The subscription {@code id}, deleted or not, locked for update. */
  public Optional<Row> lock(LedgerTx tx, String id) throws SQLException {
    return one(tx, "SELECT " + COLUMNS + " FROM subscription WHERE id = ? FOR UPDATE", id);
  }

  /** The subscription {@code id}, deleted or not. */
  public Optional<Row> find(LedgerTx tx, String id) throws SQLException {
    return one(tx, "SELECT " + COLUMNS + " FROM subscription WHERE id = ?", id);
  }

  /** The subscription {@code clientId} created with {@code requestId}, if it made one. */
  public Optional<Row> byRequest(LedgerTx tx, String clientId, String requestId)
      throws SQLException {
    if (requestId == null) {
      return Optional.empty();
    }
    try (var ps =
        tx.connection()
            .prepareStatement(
                "SELECT "
                    + COLUMNS
                    + " FROM subscription WHERE client_id = ? AND request_id = ?")) {
      ps.setString(1, clientId);
      ps.setString(2, requestId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(row(rs)) : Optional.empty();
      }
    }
  }

  /**
   * Subscriptions not deleted, of {@code clientId} (every client's when null), optionally only
   * those with {@code status} ({@code active} or {@code off}), newest first.
   */
  public List<Row> search(LedgerTx tx, String clientId, String status, int count)
      throws SQLException {
    StringBuilder sql =
        new StringBuilder("SELECT " + COLUMNS + " FROM subscription WHERE NOT deleted");
    List<String> args = new ArrayList<>();
    if (clientId != null) {
      sql.append(" AND client_id = ?");
      args.add(clientId);
    }
    if (status != null) {
      sql.append(" AND status = ?");
      args.add(status);
    }
    sql.append(" ORDER BY last_updated DESC, id LIMIT ").append(count);
    try (var ps = tx.connection().prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        ps.setString(i + 1, args.get(i));
      }
      List<Row> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(row(rs));
        }
      }
      return rows;
    }
  }

  /** Writes {@code row} (a new one, or the next version of an existing one). */
  public void save(LedgerTx tx, Row row, String requestId) throws SQLException {
    try (var ps =
        tx.connection()
            .prepareStatement(
                "INSERT INTO subscription ("
                    + COLUMNS
                    + ", request_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                    + " ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version,"
                    + " status = EXCLUDED.status, criteria = EXCLUDED.criteria,"
                    + " requester_org = EXCLUDED.requester_org, owner_org = EXCLUDED.owner_org,"
                    + " task_statuses = EXCLUDED.task_statuses, endpoint = EXCLUDED.endpoint,"
                    + " payload = EXCLUDED.payload, headers = EXCLUDED.headers,"
                    + " reason = EXCLUDED.reason, deleted = EXCLUDED.deleted,"
                    + " last_updated = EXCLUDED.last_updated")) {
      bind(tx, ps, row);
      ps.setString(16, requestId);
      ps.executeUpdate();
    }
  }

  private static void bind(LedgerTx tx, PreparedStatement ps, Row row) throws SQLException {
    ps.setString(1, row.id());
    ps.setInt(2, row.version());
    ps.setString(3, row.active() ? "active" : "off");
    ps.setString(4, row.organization());
    ps.setString(5, row.clientId());
    ps.setString(6, row.criteria());
    ps.setString(7, row.requesterOrganization());
    ps.setString(8, row.ownerOrganization());
    ps.setString(9, String.join(",", row.taskStatuses()));
    ps.setString(10, row.endpoint());
    ps.setString(11, row.payload());
    ps.setArray(12, tx.connection().createArrayOf("text", row.headers().toArray()));
    ps.setString(13, row.reason());
    ps.setBoolean(14, row.deleted());
    ps.setObject(15, row.lastUpdated());
  }

  private static Optional<Row> one(LedgerTx tx, String sql, String id) throws SQLException {
    try (var ps = tx.connection().prepareStatement(sql)) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(row(rs)) : Optional.empty();
      }
    }
  }

  private static Row row(ResultSet rs) throws SQLException {
    String statuses = rs.getString("task_statuses");
    String[] headers = (String[]) rs.getArray("headers").getArray();
    return new Row(
        rs.getString("id"),
        rs.getInt("version"),
        "active".equals(rs.getString("status")),
        rs.getString("organization"),
        rs.getString("client_id"),
        rs.getString("criteria"),
        rs.getString("requester_org"),
        rs.getString("owner_org"),
        statuses == null || statuses.isEmpty() ? List.of() : Arrays.asList(statuses.split(",")),
        rs.getString("endpoint"),
        rs.getString("payload"),
        Arrays.asList(headers),
        rs.getString("reason"),
        rs.getBoolean("deleted"),
        rs.getObject("last_updated", OffsetDateTime.class));
  }
}
