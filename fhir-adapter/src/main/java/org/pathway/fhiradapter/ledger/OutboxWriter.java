package org.pathway.fhiradapter.ledger;

import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import org.apache.avro.specific.SpecificRecord;
import org.pathway.events.avro.EventEnvelope;
import org.pathway.events.serde.EventSerializer;
import org.pathway.events.topics.Topics;
import org.pathway.fhiradapter.ledger.store.OutboxRows;

/**
 * Writes an event into the outbox inside the caller's transaction, so the event commits with the
 * change it announces (transactional outbox).
 */
@Singleton
public class OutboxWriter {

  private final OutboxRows rows;
  private final EventSerializer serializer = new EventSerializer();

  public OutboxWriter(OutboxRows rows) {
    this.rows = rows;
  }

  /** Appends {@code event} for {@code pathway.referral.events}, keyed by the root referral. */
  public void append(
      LedgerTx tx,
      String rootReferralId,
      EventEnvelope env,
      SpecificRecord event,
      OffsetDateTime at)
      throws SQLException {
    String topic = Topics.REFERRAL_EVENTS.name();
    rows.insert(
        tx,
        env.getEventId().toString(),
        topic,
        rootReferralId,
        event.getSchema().getFullName(),
        env.getCorrelationId(),
        serializer.serialize(topic, event),
        at);
    tx.outboxWritten();
  }
}
