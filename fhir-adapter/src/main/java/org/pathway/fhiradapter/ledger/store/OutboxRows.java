package org.pathway.fhiradapter.ledger.store;

import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.pathway.fhiradapter.ledger.LedgerTx;
import org.pathway.fhiradapter.ledger.OutboxRow;

/**
 * The {@code outbox} table, serialized events in commit order as they were written, and {@code
 * outbox_pending}, the relay's queue of those not yet published (filled by the table's trigger).
 */
@Singleton
public class OutboxRows {

  /**
   * A condition on an {@code outbox} row, as the table is named in the statement: the relay has
   * published it (it is off the queue).
   */
  public static final String PUBLISHED =
      "NOT EXISTS (SELECT 1 FROM outbox_pending p WHERE p.seq = outbox.seq)";

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

  /**
   * Up to {@code limit} unpublished rows in sequence order. The queue's first numbers are looked up
   * in the outbox by key: a join let the planner merge the two in order, reading the whole outbox
   * from its start each time once the queue's statistics were stale.
   */
  public List<OutboxRow> unpublished(LedgerTx tx, int limit) throws SQLException {
    List<OutboxRow> rows = new ArrayList<>();
    try (var ps =
        tx.connection()
            .prepareStatement(
                "SELECT seq, topic, referral_id, event_type, event_id, correlation_id, payload"
                    + " FROM outbox WHERE seq = ANY (ARRAY(SELECT seq FROM outbox_pending"
                    + " ORDER BY seq FETCH FIRST "
                    + limit
                    + " ROWS ONLY)) ORDER BY seq")) {
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
   * Takes rows off the relay's queue, in one statement; the rows themselves stay as written. A
   * narrow queue row is deleted where stamping the outbox row rewrote all of it (B7).
   */
  public void markPublished(LedgerTx tx, List<Long> seqs) throws SQLException {
    if (seqs.isEmpty()) {
      return;
    }
    var connection = tx.connection();
    try (var ps = connection.prepareStatement("DELETE FROM outbox_pending WHERE seq = ANY (?)")) {
      ps.setArray(1, connection.createArrayOf("bigint", seqs.toArray()));
      ps.executeUpdate();
    }
  }
}
