package org.pathway.fhiradapter.applier;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.pathway.events.avro.RoutingDecisionMade;
import org.pathway.events.serde.EventDecodingException;
import org.pathway.events.serde.EventDeserializer;
import org.pathway.events.topics.Service;
import org.pathway.events.topics.Topics;
import org.pathway.fhiradapter.ledger.AppliedEvents;
import org.pathway.fhiradapter.ledger.LadderDecisions;
import org.pathway.fhiradapter.ledger.LedgerRefusedException;
import org.pathway.fhiradapter.ledger.LedgerTransactions;
import org.pathway.fhiradapter.ledger.RequestContext;
import org.pathway.kafkaedge.consume.DurableConsumer;
import org.pathway.kafkaedge.consume.PoisonRecordException;
import org.pathway.kafkaedge.consume.RecordHandler;
import org.pathway.kafkaedge.settings.KafkaClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes routing decisions and notification receipts and applies each to the ledger once, by
 * event id: the handler of a {@link DurableConsumer}, which commits only after the change is in the
 * ledger or the record is on the dead-letter topic. A ledger outage ({@code
 * LedgerUnavailableException}) is not poison: the loop rewinds and retries. A poll is applied in
 * one ledger transaction ({@link #batched}); a poison record's savepoint leaves nothing of it
 * there.
 */
@Context
@Requires(property = "pathway.applier.enabled", notEquals = "false")
public class LedgerApplier implements RecordHandler {

  private static final Logger LOG = LoggerFactory.getLogger(LedgerApplier.class);

  private final AppliedEvents appliedEvents;
  private final LadderDecisions ladder;
  private final LedgerTransactions transactions;
  private final EventDeserializer deserializer = new EventDeserializer();
  private final KafkaProducer<String, byte[]> deadLetters;
  private final DurableConsumer loop;
  // The poll's transaction; used only on the consumer loop's thread.
  private LedgerTransactions.Batch batch;
  // Set after a batch failed to commit; used only on the consumer loop's thread.
  private boolean appendNow;

  /** The most records applied in one ledger transaction. */
  static final int MAX_BATCH = 50;

  public LedgerApplier(
      AppliedEvents appliedEvents,
      LadderDecisions ladder,
      LedgerTransactions transactions,
      KafkaClients kafka) {
    this.appliedEvents = appliedEvents;
    this.ladder = ladder;
    this.transactions = transactions;
    var consumer = kafka.consumer("ledger-applier");
    // One transaction per poll, one savepoint per record: past 64 subtransactions PostgreSQL
    // spills a transaction's subtransaction ids to disk and slows every other session's snapshot.
    consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_BATCH);
    deadLetters =
        new KafkaProducer<>(
            kafka.producer("dlq"), new StringSerializer(), new ByteArraySerializer());
    loop =
        new DurableConsumer(
            consumer,
            deadLetters,
            new DurableConsumer.Settings(
                "ledger-applier",
                List.of(Topics.ROUTING_DECISIONS.name(), Topics.NOTIFICATION_RECEIPTS.name()),
                Service.FHIR_ADAPTER,
                Duration.ofMillis(500),
                Duration.ofMillis(200),
                Duration.ofSeconds(5)),
            this,
            Clock.systemUTC());
    loop.start();
  }

  /**
   * Every decision and receipt of a poll is applied in one ledger transaction, committed before the
   * offsets: one disk flush per poll instead of one per event, and the rows that are only appended
   * (Task versions, provenance, Communications, audit, outbox) sent as one JDBC batch per table.
   */
  @Override
  public boolean batched() {
    return true;
  }

  @Override
  public void beginBatch() {
    batch = transactions.openBatch(!appendNow);
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
        var env = ((RoutingDecisionMade) event).getEnvelope();
        var ctx = new RequestContext(null, env.getCorrelationId(), "router", climb.get().eventId());
        LOG.debug(
            "{} {} (SLA ladder)", ladder.apply(batch, climb.get(), ctx), climb.get().eventId());
        return;
      }
      var plan = EventApplication.plan(event);
      var env = plan.envelope();
      String eventId = env.getEventId().toString();
      var ctx = new RequestContext(null, env.getCorrelationId(), plan.actor(), eventId);
      var applied =
          appliedEvents.apply(
              batch,
              eventId,
              record.topic(),
              env.getReferralId(),
              plan.taskId(),
              plan.change(),
              plan.communication(),
              ctx);
      LOG.debug("{} {} from {}", applied, eventId, record.topic());
    } catch (EventDecodingException e) {
      throw new PoisonRecordException("undecodable: " + e.getMessage(), e);
    } catch (EventApplication.Unusable e) {
      throw new PoisonRecordException("unusable: " + e.getMessage(), e);
    } catch (LedgerRefusedException e) {
      throw new PoisonRecordException("rejected by ledger: " + e.getMessage(), e);
    }
  }

  @PreDestroy
  void stop() {
    loop.close();
    deadLetters.close(Duration.ofSeconds(2));
  }
}
