package org.pathway.fhiradapter.ledger;

import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import org.apache.avro.specific.SpecificRecord;
import org.pathway.events.avro.EventEnvelope;
import org.pathway.events.serde.EventSerializer;
import org.pathway.events.topics.Topic;
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
    append(tx, Topics.REFERRAL_EVENTS, rootReferralId, env, event, at);
  }

  /**
   * Appends {@code event} for {@code topic}, keyed by {@code key} (the referral id, or the group id
   * on the directory's capacity topic).
   */
  public void append(
      LedgerTx tx,
      Topic topic,
      String key,
      EventEnvelope env,
      SpecificRecord event,
      OffsetDateTime at)
      throws SQLException {
    if (!topic.accepts(event.getClass())) {
      throw new IllegalArgumentException(
          event.getSchema().getName() + " does not belong on " + topic.name());
    }
    rows.insert(
        tx,
        env.getEventId().toString(),
        topic.name(),
        key,
        event.getSchema().getFullName(),
        env.getCorrelationId(),
        serializer.serialize(topic.name(), event),
        at);
    tx.outboxWritten();
  }
}
