package org.pathway.fhiradapter.applier;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.pathway.events.topics.Service;
import org.pathway.events.topics.Topics;
import org.pathway.fhiradapter.config.ApplierConfig;
import org.pathway.fhiradapter.ledger.AppliedEvents;
import org.pathway.fhiradapter.ledger.LadderDecisions;
import org.pathway.fhiradapter.ledger.LedgerTransactions;
import org.pathway.kafkaedge.consume.DurableConsumer;
import org.pathway.kafkaedge.settings.KafkaClients;

/**
 * Consumes routing decisions and notification receipts and applies each to the ledger once, by
 * event id: {@code pathway.applier.consumers} {@link DurableConsumer} loops of one group, each
 * applying its polls in ledger transactions of its own ({@link AppliedPolls}) and committing only
 * after the change is in the ledger or the record is on the dead-letter topic. The loops' ledger
 * transactions bound their lock waits ({@link LedgerTransactions.Batch}), so two of them wanting
 * each other's Task rows never deadlock.
 */
@Context
@Requires(property = "pathway.applier.enabled", notEquals = "false")
public class LedgerApplier {

  /** The most records applied in one ledger transaction. */
  static final int MAX_BATCH = 50;

  private final KafkaProducer<String, byte[]> deadLetters;
  private final List<DurableConsumer> loops = new ArrayList<>();

  public LedgerApplier(
      ApplierConfig config,
      AppliedEvents appliedEvents,
      LadderDecisions ladder,
      LedgerTransactions transactions,
      KafkaClients kafka) {
    deadLetters =
        new KafkaProducer<>(
            kafka.producer("dlq"), new StringSerializer(), new ByteArraySerializer());
    for (int n = 1; n <= config.consumers(); n++) {
      // A client id of its own per loop: Kafka registers each client's metrics under it.
      String name = config.consumers() == 1 ? "ledger-applier" : "ledger-applier-" + n;
      var consumer = kafka.consumer(name);
      // One transaction per poll, one savepoint per record: past 64 subtransactions PostgreSQL
      // spills a transaction's subtransaction ids to disk and slows every other session's snapshot.
      consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_BATCH);
      loops.add(
          new DurableConsumer(
              consumer,
              deadLetters,
              new DurableConsumer.Settings(
                  name,
                  List.of(Topics.ROUTING_DECISIONS.name(), Topics.NOTIFICATION_RECEIPTS.name()),
                  Service.FHIR_ADAPTER,
                  Duration.ofMillis(500),
                  Duration.ofMillis(200),
                  Duration.ofSeconds(5)),
              new AppliedPolls(appliedEvents, ladder, transactions),
              Clock.systemUTC()));
    }
    loops.forEach(DurableConsumer::start);
  }

  @PreDestroy
  void stop() {
    loops.forEach(DurableConsumer::close);
    deadLetters.close(Duration.ofSeconds(2));
  }
}
