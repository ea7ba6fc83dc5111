package org.pathway.fhiradapter.outbox;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.pathway.events.serde.EventHeaders;
import org.pathway.fhiradapter.config.OutboxConfig;
import org.pathway.fhiradapter.ledger.CommitSignal;
import org.pathway.fhiradapter.ledger.OutboxRow;
import org.pathway.fhiradapter.ledger.OutboxStore;
import org.pathway.kafkaedge.settings.KafkaClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes committed outbox rows to Kafka in sequence order, a batch at a time, and marks a row
 * published only after Kafka acknowledged it (acks=all, idempotent producer). Each row's payload
 * goes as it was serialized when the row was written, with the contract headers stamped from its
 * columns: decoding and encoding it again took most of the relay's CPU (B7). A crash between the
 * two republishes the row: at least once, never lost; consumers deduplicate by event id.
 *
 * <p>With several adapter replicas on one ledger only the one holding the relay's lock publishes
 * ({@link OutboxStore#leads()}, checked before every round); the others stand by and poll for it,
 * so a replica that dies hands over within one idle poll of its session ending.
 */
@Context
@Requires(property = "pathway.outbox.enabled", notEquals = "false")
public class OutboxRelay {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);

  private final OutboxStore outbox;
  private final CommitSignal signal;
  private final KafkaClients kafka;
  private final int batchSize;
  private final long idleMillis;
  private final long lingerMillis;
  private final Thread thread;
  private final AtomicLong published = new AtomicLong();
  private volatile boolean running = true;
  private Producer<String, byte[]> producer;

  public OutboxRelay(
      OutboxStore outbox, CommitSignal signal, KafkaClients kafka, OutboxConfig config) {
    this.outbox = outbox;
    this.signal = signal;
    this.kafka = kafka;
    this.batchSize = config.batchSize();
    this.idleMillis = config.idlePoll().toMillis();
    this.lingerMillis = config.linger().toMillis();
    this.thread = new Thread(this::run, "outbox-relay");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    long backoff = 200;
    while (running) {
      try {
        if (!outbox.leads()) {
          // A stand-by keeps no producer open: the leader may be elsewhere for a long time.
          closeProducer();
          Thread.sleep(idleMillis);
          continue;
        }
        List<OutboxRow> rows = outbox.unpublished(batchSize);
        if (rows.isEmpty()) {
          signal.await(idleMillis);
          continue;
        }
        List<Long> done = publish(rows);
        outbox.markPublished(done);
        published.addAndGet(done.size());
        if (done.size() < rows.size()) {
          throw new IllegalStateException(
              (rows.size() - done.size()) + " of " + rows.size() + " outbox rows not acknowledged");
        }
        backoff = 200;
        if (rows.size() < batchSize && lingerMillis > 0) {
          // Under steady load, let a few commits accumulate: one relay round (select, send,
          // mark) per batch rather than per referral keeps the relay's own commits few.
          Thread.sleep(lingerMillis);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        if (!running) {
          return;
        }
        LOG.warn("outbox relay: {}; retrying in {} ms", e.getMessage(), backoff);
        closeProducer();
        sleep(backoff);
        backoff = Math.min(backoff * 2, 5_000);
      }
    }
  }

  /** Whether this replica led the relay at its last check. */
  public boolean leading() {
    return outbox.leading();
  }

  /** Whether other replicas' outbox commits wake this relay now ({@link OutboxStore#hears()}). */
  public boolean hearsOtherReplicas() {
    return outbox.hears();
  }

  /** Outbox rows this relay has published and marked since it started. */
  public long published() {
    return published.get();
  }

  /** Sends the rows and returns the sequence numbers of the leading run Kafka acknowledged. */
  private List<Long> publish(List<OutboxRow> rows) throws InterruptedException {
    Producer<String, byte[]> p = producer();
    List<Future<RecordMetadata>> sent = new ArrayList<>(rows.size());
    for (OutboxRow row : rows) {
      // The payload goes as it was serialized when the row was written (and checked against its
      // topic then); the headers are the serializer's, from the row's columns.
      var record = new ProducerRecord<>(row.topic(), row.referralId(), row.payload());
      EventHeaders.stamp(record.headers(), row.eventType(), row.eventId(), row.correlationId());
      Future<RecordMetadata> f = p.send(record);
      sent.add(f);
      // With Kafka unreachable each send blocks for max.block.ms before failing: stop at the
      // first failure instead of paying that for every row of the batch.
      if (f.isDone() && failed(f)) {
        break;
      }
    }
    p.flush();
    List<Long> done = new ArrayList<>(rows.size());
    for (int i = 0; i < sent.size(); i++) {
      try {
        sent.get(i).get();
        done.add(rows.get(i).seq());
      } catch (java.util.concurrent.ExecutionException e) {
        LOG.warn("outbox row {} not acknowledged: {}", rows.get(i).seq(), e.getCause().toString());
        break;
      }
    }
    return done;
  }

  private static boolean failed(Future<RecordMetadata> f) throws InterruptedException {
    try {
      f.get();
      return false;
    } catch (java.util.concurrent.ExecutionException e) {
      return true;
    }
  }

  private Producer<String, byte[]> producer() {
    if (producer == null) {
      Map<String, Object> props = kafka.producer("outbox");
      props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
      props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
      props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
      props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
      props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
      producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }
    return producer;
  }

  private void closeProducer() {
    if (producer != null) {
      try {
        producer.close(java.time.Duration.ofSeconds(1));
      } catch (RuntimeException e) {
        LOG.debug("closing producer", e);
      }
      producer = null;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops publishing: the relay's thread ends its round, and its producer is closed. */
  @PreDestroy
  public void stop() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join(10_000);
    closeProducer();
  }
}
