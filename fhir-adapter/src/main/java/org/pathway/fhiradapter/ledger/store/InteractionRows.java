package org.pathway.fhiradapter.ledger.store;

import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.pathway.fhiradapter.ledger.AuditQuery;
import org.pathway.fhiradapter.ledger.InteractionRecord;
import org.pathway.fhiradapter.ledger.LedgerTx;
import org.pathway.fhiradapter.ledger.PageCursor;
import org.pathway.fhiradapter.ledger.SearchPage;

/** {@code audit_event} as interactions: batched inserts, and reads for the AuditEvent API. */
@Singleton
public class InteractionRows {

  private static final String COLUMNS =
      "id, recorded_at, kind, client_id, organization, role, method, interaction, resource_type,"
          + " resource_id, query, status, correlation_id, request_id, actor, link_id, link_refusal";

  /** Inserts {@code records} as one JDBC batch. */
  public void insert(LedgerTx tx, List<InteractionRecord> records) throws SQLException {
    try (var ps =
        tx.connection()
            .prepareStatement(
                "INSERT INTO audit_event (recorded_at, kind, client_id, organization, role,"
                    + " method, interaction, resource_type, resource_id, query, status,"
                    + " correlation_id, request_id, actor, outcome, link_id, link_refusal)"
                    + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
      for (InteractionRecord r : records) {
        ps.setObject(1, r.recordedAt());
        ps.setString(2, r.kind());
        ps.setString(3, r.clientId());
        ps.setString(4, r.organization());
        ps.setString(5, r.role());
        ps.setString(6, r.method());
        ps.setString(7, r.interaction());
        ps.setString(8, r.resourceType());
        ps.setString(9, r.resourceId());
        ps.setString(10, r.query());
        if (r.status() == null) {
          ps.setNull(11, Types.INTEGER);
        } else {
          ps.setInt(11, r.status());
        }
        ps.setString(12, r.correlationId());
        ps.setString(13, r.requestId());
        ps.setString(14, r.actor());
        ps.setString(15, r.status() != null && r.status() >= 400 ? "refused" : "ok");
        ps.setString(16, r.linkId());
        ps.setString(17, r.linkRefusal());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** One audit row. */
  public Optional<InteractionRecord> read(LedgerTx tx, long id) throws SQLException {
    try (var ps =
        tx.connection().prepareStatement("SELECT " + COLUMNS + " FROM audit_event WHERE id = ?")) {
      ps.setLong(1, id);
      try (var rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(row(rs)) : Optional.empty();
      }
    }
  }

  /**
   * A page of the rows matching every criterion, newest first (ties by id), starting after the
   * query's cursor. The total is counted only when the page does not already say it.
   */
  public SearchPage<InteractionRecord> search(LedgerTx tx, AuditQuery q) throws SQLException {
    var where = new StringBuilder(" WHERE 1=1");
    List<Object> args = new ArrayList<>();
    if (q.from() != null) {
      where.append(" AND recorded_at >= ?");
      args.add(q.from());
    }
    if (q.to() != null) {
      where.append(" AND recorded_at < ?");
      args.add(q.to());
    }
    if (q.clientId() != null) {
      where.append(" AND client_id = ?");
      args.add(q.clientId());
    }
    if (q.outcome() != null) {
      // Ledger rows record changes that were made, so they count as successes.
      where.append(
          switch (q.outcome()) {
            case 0 -> " AND (status IS NULL OR status < 400)";
            case 4 -> " AND status BETWEEN 400 AND 499";
            default -> " AND status >= 500";
          });
    }
    List<Object> pageArgs = new ArrayList<>(args);
    String after = "";
    if (q.after() != null) {
      after = " AND (recorded_at, id) < (?, ?)";
      pageArgs.add(q.after().at().atOffset(ZoneOffset.UTC));
      pageArgs.add(Long.parseLong(q.after().id()));
    }
    return SearchPages.read(
        tx.connection(),
        new SearchPages.Query(
            "SELECT "
                + COLUMNS
                + " FROM audit_event"
                + where
                + after
                + " ORDER BY recorded_at DESC, id DESC",
            pageArgs,
            "SELECT count(*) FROM audit_event" + where,
            args),
        q.limit(),
        q.after() != null,
        InteractionRows::row,
        rs ->
            new PageCursor(
                rs.getObject("recorded_at", OffsetDateTime.class).toInstant(),
                Long.toString(rs.getLong("id"))));
  }

  /** Every audit row naming one of {@code resourceIds} (who touched them), oldest first. */
  public List<InteractionRecord> touching(LedgerTx tx, Collection<String> resourceIds)
      throws SQLException {
    List<InteractionRecord> rows = new ArrayList<>();
    if (resourceIds.isEmpty()) {
      return rows;
    }
    String marks = String.join(",", Collections.nCopies(resourceIds.size(), "?"));
    try (var ps =
        tx.connection()
            .prepareStatement(
                "SELECT "
                    + COLUMNS
                    + " FROM audit_event WHERE resource_id IN ("
                    + marks
                    + ") ORDER BY recorded_at, id")) {
      int i = 1;
      for (String id : resourceIds) {
        ps.setString(i++, id);
      }
      try (var rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(row(rs));
        }
      }
    }
    return rows;
  }

  private static InteractionRecord row(ResultSet rs) throws SQLException {
    return new InteractionRecord(
        rs.getLong("id"),
        rs.getObject("recorded_at", OffsetDateTime.class),
        rs.getString("kind"),
        rs.getString("client_id"),
        rs.getString("organization"),
        rs.getString("role"),
        rs.getString("method"),
        rs.getString("interaction"),
        rs.getString("resource_type"),
        rs.getString("resource_id"),
        rs.getString("query"),
        rs.getObject("status", Integer.class),
        rs.getString("correlation_id"),
        rs.getString("request_id"),
        rs.getString("actor"),
        rs.getString("link_id"),
        rs.getString("link_refusal"));
  }
}
