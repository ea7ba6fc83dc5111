package org.pathway.fhiradapter.applier;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.pathway.events.avro.RoutingDecisionMade;
import org.pathway.events.serde.EventDecodingException;
import org.pathway.events.serde.EventDeserializer;
import org.pathway.events.serde.EventHeaders;
import org.pathway.fhiradapter.ledger.AppliedEvents;
import org.pathway.fhiradapter.ledger.LadderDecisions;
import org.pathway.fhiradapter.ledger.LedgerRefusedException;
import org.pathway.fhiradapter.ledger.LedgerTransactions;
import org.pathway.fhiradapter.ledger.RequestContext;
import org.pathway.kafkaedge.consume.PoisonRecordException;
import org.pathway.kafkaedge.consume.RecordHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handler of one of the applier's consumer loops: every decision and receipt of a poll is
 * applied to the ledger once, by event id, in one ledger transaction (or several, once it has held
 * its locks for {@link #HOLD_LOCKS}), committed before the offsets. A poison record's savepoint
 * leaves nothing of it there; a ledger outage ({@code LedgerUnavailableException}) is not poison:
 * the loop rewinds and retries. Used by its loop's thread only.
 */
final class AppliedPolls implements RecordHandler {

  private static final Logger LOG = LoggerFactory.getLogger(AppliedPolls.class);

  /**
   * How long a poll's transaction keeps the Tasks it changed before it commits what it applied so
   * far: a person's request for one of them (a link worker accepting the referral whose delivery
   * receipt is being applied) waits about this long at most, not for the whole poll. A busy loop
   * then commits up to forty times a second instead of once a poll.
   */
  static final Duration HOLD_LOCKS = Duration.ofMillis(25);

  private final AppliedEvents appliedEvents;
  private final LadderDecisions ladder;
  private final LedgerTransactions transactions;
  private final EventDeserializer deserializer = new EventDeserializer();
  // The poll's transaction.
  private LedgerTransactions.Batch batch;
  // Set after a batch failed to commit.
  private boolean appendNow;
  // The poll's events applied before it or earlier in it: skipped without a savepoint or a mark.
  private Set<String> applied;

  AppliedPolls(
      AppliedEvents appliedEvents, LadderDecisions ladder, LedgerTransactions transactions) {
    this.appliedEvents = appliedEvents;
    this.ladder = ladder;
    this.transactions = transactions;
  }

  /**
   * One ledger transaction per poll: one disk flush per poll instead of one per event, and the rows
   * that are only appended (Task versions, provenance, Communications, audit, outbox) sent as one
   * JDBC batch per table.
   */
  @Override
  public boolean batched() {
    return true;
  }

  /**
   * Opens the poll's transaction and asks the log, once, which of its events (by the event id each
   * record's header carries) were applied before: the batch's entries in the log then go with its
   * other appends, so a poll of new events spends no round trip per event on the log. An event
   * missed here (no header; a replica applying it at the same moment) still fails the commit on its
   * entry, and the poll's next try logs each event at once.
   */
  @Override
  public void beginBatch(ConsumerRecords<String, byte[]> records) {
    batch = transactions.openBatch(!appendNow, HOLD_LOCKS);
    List<String> ids = new ArrayList<>(records.count());
    for (var record : records) {
      String id = EventHeaders.get(record.headers(), EventHeaders.EVENT_ID);
      if (id != null) {
        ids.add(id);
      }
    }
    applied = appliedEvents.appliedAmong(batch, ids);
  }

  @Override
  public void commitBatch() {
    var b = batch;
    batch = null;
    try {
      b.commit();
      appendNow = false;
    } finally {
      // An append that fails only when the batch is sent would fail every retry of the poll alike:
      // the next try appends at once, so a record the ledger refuses is refused on its own.
      appendNow |= b.commitFailed();
    }
  }

  @Override
  public void abortBatch() {
    if (batch != null) {
      // The batch commits early to free its locks (LedgerTransactions.Batch); that may have failed.
      appendNow |= batch.commitFailed();
      batch.close();
      batch = null;
    }
  }

  @Override
  public void handle(ConsumerRecord<String, byte[]> record) {
    SpecificRecord event;
    try {
      event = deserializer.deserialize(record.topic(), record.headers(), record.value());
      if (event == null) {
        throw new EventApplication.Unusable("null value");
      }
      var climb = EventApplication.ladder(event, record.topic());
      if (climb.isPresent()) {
        String eventId = climb.get().eventId();
        if (appliedBefore(eventId, record)) {
          return;
        }
        var env = ((RoutingDecisionMade) event).getEnvelope();
        var ctx = new RequestContext(null, env.getCorrelationId(), "router", eventId);
        LOG.debug("{} {} (SLA ladder)", ladder.apply(batch, climb.get(), ctx), eventId);
        applied.add(eventId);
        return;
      }
      var plan = EventApplication.plan(event);
      var env = plan.envelope();
      String eventId = env.getEventId().toString();
      if (appliedBefore(eventId, record)) {
        return;
      }
      var ctx = new RequestContext(null, env.getCorrelationId(), plan.actor(), eventId);
      var outcome =
          appliedEvents.apply(
              batch,
              eventId,
              record.topic(),
              env.getReferralId(),
              plan.taskId(),
              plan.change(),
              plan.communication(),
              ctx);
      // Returned normally, its work is kept in the batch (or committed): a second copy later in the
      // poll is skipped. A batch that fails is read again from a new beginBatch.
      applied.add(eventId);
      LOG.debug("{} {} from {}", outcome, eventId, record.topic());
    } catch (EventDecodingException e) {
      throw new PoisonRecordException("undecodable: " + e.getMessage(), e);
    } catch (EventApplication.Unusable e) {
      throw new PoisonRecordException("unusable: " + e.getMessage(), e);
    } catch (LedgerRefusedException e) {
      throw new PoisonRecordException("rejected by ledger: " + e.getMessage(), e);
    }
  }

  private boolean appliedBefore(String eventId, ConsumerRecord<String, byte[]> record) {
    if (!applied.contains(eventId)) {
      return false;
    }
    LOG.debug("{} {} from {}", AppliedEvents.Applied.ALREADY_APPLIED, eventId, record.topic());
    return true;
  }
}
