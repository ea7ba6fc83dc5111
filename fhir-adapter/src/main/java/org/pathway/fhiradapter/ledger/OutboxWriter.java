package org.pathway.fhiradapter.ledger;

import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.pathway.directory.Capacity;
import org.pathway.events.avro.EventEnvelope;
import org.pathway.events.avro.GroupCapacityReported;
import org.pathway.events.serde.EventSerializer;
import org.pathway.events.topics.Topic;
import org.pathway.events.topics.Topics;
import org.pathway.fhiradapter.fhir.EventMapper;
import org.pathway.fhiradapter.ids.RandomUuids;
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
   * Announces a group's capacity as the ledger now holds it (a report, or a count of its places) on
   * {@code pathway.directory.capacity}, keyed by the group; {@code details} adds what only the
   * caller knows (the Task counted, the waitlist's length).
   */
  public void appendCapacity(
      LedgerTx tx,
      String groupId,
      Capacity capacity,
      RequestContext ctx,
      OffsetDateTime at,
      Consumer<GroupCapacityReported.Builder> details)
      throws SQLException {
    EventEnvelope env =
        EventMapper.envelope(
            groupId,
            ctx.correlationId() != null ? ctx.correlationId() : RandomUuids.nextString(),
            ctx.causationId(),
            at.toInstant());
    GroupCapacityReported.Builder event =
        GroupCapacityReported.newBuilder()
            .setEnvelope(env)
            .setGroupId(groupId)
            .setVersion(capacity.version())
            .setStatus(capacity.status())
            .setPlacesLeft(capacity.placesLeft())
            .setWaitlistOpen(capacity.waitlistOpen())
            .setReportedAt(capacity.reportedAt());
    details.accept(event);
    append(tx, Topics.DIRECTORY_CAPACITY, groupId, env, event.build(), at);
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
