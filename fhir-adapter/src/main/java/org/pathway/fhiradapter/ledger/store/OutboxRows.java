package org.pathway.fhiradapter.ledger.store;

import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.pathway.fhiradapter.ledger.LedgerTx;
import org.pathway.fhiradapter.ledger.OutboxRow;

/** The {@code outbox} table: serialized events waiting for the relay, in commit order. */
@Singleton
public class OutboxRows {

  /** Appends one event's bytes. */
  public void insert(
      LedgerTx tx,
      String eventId,
      String topic,
      String referralId,
      String eventType,
      String correlationId,
      byte[] payload,
      OffsetDateTime at)
      throws SQLException {
    String encoded = Base64.getEncoder().encodeToString(payload);
    tx.append(
        "INSERT INTO outbox (event_id, topic, referral_id, event_type, correlation_id,"
            + " payload, created_at) VALUES (?,?,?,?,?,?,?)",
        ps -> {
          ps.setString(1, eventId);
          ps.setString(2, topic);
          ps.setString(3, referralId);
          ps.setString(4, eventType);
          ps.setString(5, correlationId);
          ps.setString(6, encoded);
          ps.setObject(7, at);
        });
  }

  /** Up to {@code limit} unpublished rows in sequence order. */
  public List<OutboxRow> unpublished(LedgerTx tx, int limit) throws SQLException {
    List<OutboxRow> rows = new ArrayList<>();
    try (var ps =
        tx.connection()
            .prepareStatement(
                "SELECT seq, topic, referral_id, event_type, event_id, correlation_id, payload"
                    + " FROM outbox WHERE published_at IS NULL"
                    + " ORDER BY seq FETCH FIRST "
                    + limit
                    + " ROWS ONLY")) {
      try (var rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(
              new OutboxRow(
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6),
                  Base64.getDecoder().decode(rs.getString(7))));
        }
      }
    }
    return rows;
  }

  /**
   * Stamps rows as published {@code at}, in one statement: as a batch of one UPDATE per row it had
   * cost PostgreSQL a statement per referral, a tenth of the time its statements took per referral
   * under B1.
   */
  public void markPublished(LedgerTx tx, List<Long> seqs, OffsetDateTime at) throws SQLException {
    if (seqs.isEmpty()) {
      return;
    }
    var connection = tx.connection();
    try (var ps =
        connection.prepareStatement("UPDATE outbox SET published_at = ? WHERE seq = ANY (?)")) {
      ps.setObject(1, at);
      ps.setArray(2, connection.createArrayOf("bigint", seqs.toArray()));
      ps.executeUpdate();
    }
  }
}
