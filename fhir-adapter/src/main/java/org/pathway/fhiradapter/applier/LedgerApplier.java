package org.pathway.fhiradapter.applier;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.pathway.events.serde.EventDecodingException;
import org.pathway.events.serde.EventDeserializer;
import org.pathway.events.serde.EventHeaders;
import org.pathway.events.topics.Service;
import org.pathway.events.topics.Topics;
import org.pathway.fhiradapter.ledger.AppliedEvents;
import org.pathway.fhiradapter.ledger.LedgerRefusedException;
import org.pathway.fhiradapter.ledger.LedgerUnavailableException;
import org.pathway.fhiradapter.ledger.RequestContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes routing decisions and notification receipts and applies each to the ledger once, by
 * event id. Offsets are committed only after the change is committed in the ledger or the record is
 * acknowledged on the dead-letter topic (original bytes, reason headers). A ledger outage is not a
 * poison record: the consumer seeks back and retries.
 *
 * <p>Once every record of a poll is done, the consumer's position is committed rather than "last
 * record + 1": the router writes decisions in Kafka transactions, each ending in a commit marker
 * that takes an offset after its last record, and only the position moves past it, so an idle
 * applier shows no lag.
 */
@Context
@Requires(property = "pathway.applier.enabled", notEquals = "false")
public class LedgerApplier {

  private static final Logger LOG = LoggerFactory.getLogger(LedgerApplier.class);
  static final String GROUP_ID = "fhir-adapter-ledger-applier";

  private final AppliedEvents appliedEvents;
  private final EventDeserializer deserializer = new EventDeserializer();
  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaProducer<String, byte[]> deadLetters;
  private final Thread thread;
  // What this consumer last committed per partition, so a poll that moved nothing commits nothing.
  private final Map<TopicPartition, Long> committed = new HashMap<>();
  private volatile boolean running = true;

  public LedgerApplier(
      AppliedEvents appliedEvents,
      @Value("${pathway.kafka.bootstrap-servers}") String bootstrapServers) {
    this.appliedEvents = appliedEvents;
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP_ID);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
    // The router publishes decisions in Kafka transactions: never apply one it aborted.
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "fhir-adapter-dlq");
    deadLetters = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    thread = new Thread(this::run, "ledger-applier");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    consumer.subscribe(
        List.of(Topics.ROUTING_DECISIONS.name(), Topics.NOTIFICATION_RECEIPTS.name()));
    long backoff = 200;
    while (running) {
      try {
        var records = consumer.poll(Duration.ofMillis(500));
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        for (var record : records) {
          var tp = new TopicPartition(record.topic(), record.partition());
          try {
            handle(record);
          } catch (LedgerUnavailableException e) {
            // Transient: keep what is done, and read this record again after a pause.
            LOG.warn("ledger unavailable applying {}: {}", tp, e.getMessage());
            commit(done);
            rewindUncommitted(records.partitions(), done, tp, record.offset());
            sleep(backoff);
            backoff = Math.min(backoff * 2, 5_000);
            done = null;
            break;
          }
          done.put(tp, new OffsetAndMetadata(record.offset() + 1));
        }
        if (done != null) {
          // Every record polled so far is in the ledger or on the dead-letter topic. This runs on
          // an empty poll too: one that only skipped a commit marker still moved the position.
          commitPositions();
          backoff = 200;
        }
      } catch (WakeupException e) {
        return;
      } catch (RuntimeException e) {
        if (!running) {
          return;
        }
        LOG.warn("ledger applier: {}; restarting from committed offsets", e.toString());
        for (var tp : consumer.assignment()) {
          var committed = consumer.committed(java.util.Set.of(tp)).get(tp);
          if (committed != null) {
            consumer.seek(tp, committed);
          } else {
            consumer.seekToBeginning(List.of(tp));
          }
        }
        sleep(backoff);
        backoff = Math.min(backoff * 2, 5_000);
      }
    }
  }

  private void rewindUncommitted(
      java.util.Set<TopicPartition> polled,
      Map<TopicPartition, OffsetAndMetadata> done,
      TopicPartition failed,
      long failedOffset) {
    for (var tp : polled) {
      if (tp.equals(failed)) {
        consumer.seek(tp, failedOffset);
      } else if (done.containsKey(tp)) {
        consumer.seek(tp, done.get(tp).offset());
      } else {
        var committed = consumer.committed(java.util.Set.of(tp)).get(tp);
        if (committed != null) {
          consumer.seek(tp, committed);
        } else {
          consumer.seekToBeginning(List.of(tp));
        }
      }
    }
  }

  private void handle(ConsumerRecord<String, byte[]> record) {
    SpecificRecord event;
    try {
      event = deserializer.deserialize(record.topic(), record.headers(), record.value());
      if (event == null) {
        throw new EventApplication.Unusable("null value");
      }
      var plan = EventApplication.plan(event);
      var env = plan.envelope();
      String eventId = env.getEventId().toString();
      var ctx = new RequestContext(null, env.getCorrelationId(), plan.actor(), eventId);
      var applied =
          appliedEvents.apply(
              eventId,
              record.topic(),
              env.getReferralId(),
              plan.taskId(),
              plan.change(),
              plan.communication(),
              ctx);
      LOG.debug("{} {} from {}", applied, eventId, record.topic());
    } catch (EventDecodingException e) {
      deadLetter(record, "undecodable: " + e.getMessage());
    } catch (EventApplication.Unusable e) {
      deadLetter(record, "unusable: " + e.getMessage());
    } catch (LedgerRefusedException e) {
      deadLetter(record, "rejected by ledger: " + e.getMessage());
    }
  }

  private void deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
    var out =
        new ProducerRecord<>(
            Topics.deadLettersOf(Service.FHIR_ADAPTER).name(),
            null,
            record.key(),
            record.value(),
            record.headers());
    EventHeaders.put(out.headers(), EventHeaders.DEAD_LETTER_REASON, reason);
    EventHeaders.put(
        out.headers(),
        EventHeaders.DEAD_LETTER_SOURCE,
        record.topic() + "/" + record.partition() + "/" + record.offset());
    EventHeaders.put(out.headers(), EventHeaders.DEAD_LETTER_BY, Service.FHIR_ADAPTER.id());
    try {
      deadLetters.send(out).get();
      LOG.warn(
          "dead-lettered {}/{}/{}: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          reason);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted dead-lettering", e);
    } catch (ExecutionException e) {
      // Not acknowledged: the offset is not committed, so the record is read again.
      throw new IllegalStateException("dead-letter topic did not acknowledge", e.getCause());
    }
  }

  private void commit(Map<TopicPartition, OffsetAndMetadata> done) {
    if (done != null && !done.isEmpty()) {
      consumer.commitSync(done);
      done.forEach((tp, offset) -> committed.put(tp, offset.offset()));
    }
  }

  /**
   * Commits the position of every assigned partition whose position is known and has moved since
   * this consumer last committed it: what {@code commitSync()} commits, without a round trip on
   * every idle poll. Only to be called when every record returned so far is done.
   */
  private void commitPositions() {
    var assigned = consumer.assignment();
    committed.keySet().retainAll(assigned);
    Map<TopicPartition, OffsetAndMetadata> moved = new HashMap<>();
    for (var tp : assigned) {
      long position;
      try {
        // Zero wait: a partition just assigned may not have a position yet, and has read nothing.
        position = consumer.position(tp, Duration.ZERO);
      } catch (TimeoutException e) {
        continue;
      }
      Long last = committed.get(tp);
      if (last == null || last != position) {
        moved.put(tp, new OffsetAndMetadata(position));
      }
    }
    commit(moved);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @PreDestroy
  void stop() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(10_000);
    consumer.close(Duration.ofSeconds(2));
    deadLetters.close(Duration.ofSeconds(2));
  }
}
