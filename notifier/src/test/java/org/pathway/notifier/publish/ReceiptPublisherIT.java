package org.pathway.notifier.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.Audience;
import org.pathway.events.avro.Channel;
import org.pathway.events.avro.NotificationDelivered;
import org.pathway.events.serde.EventSerializer;
import org.pathway.events.topics.Topics;
import org.pathway.notifier.delivery.Delivery;
import org.pathway.notifier.delivery.DeliveryStore;
import org.pathway.notifier.support.Requests;
import org.pathway.notifier.support.TestKafka;
import org.pathway.testsupport.database.TestDatabase;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The receipts of finished deliveries, published a batch at a time from the delivery log on
 * PostgreSQL to a real broker: a row is marked published only once its receipt is on Kafka, and a
 * receipt Kafka did not take leaves its row, and every row after it, for the next pass.
 */
class ReceiptPublisherIT {

  static TestKafka kafka;
  static TestDatabase pg;
  static DeliveryStore store;

  @BeforeAll
  static void start() {
    kafka = new TestKafka();
    pg = TestDatabase.create("notifier");
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(pg.url());
    ds.setUser(pg.username());
    ds.setPassword(pg.password());
    Flyway.configure().dataSource(ds).load().migrate();
    store = new DeliveryStore(ds);
  }

  @AfterAll
  static void stop() {
    kafka.close();
    pg.close();
  }

  @Test
  void rowsAreMarkedOnlyUpToTheFirstReceiptKafkaRefusedAndTheRestGoAgainWithTheirEventIds() {
    // given five deliveries made, the third carrying a correlation id too long for the producer's
    // requests (4 KB here), so Kafka refuses that receipt alone
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(delivered("referral-" + UUID.randomUUID(), i == 2 ? "c".repeat(6000) : null));
    }

    // when they are published through that producer
    try (var small = producer(4096)) {
      var publisher = new ReceiptPublisher(small, store, new SimpleMeterRegistry());
      assertThatThrownBy(publisher::publishDue)
          .hasRootCauseInstanceOf(RecordTooLargeException.class);
    }

    // then the first two rows are marked, and the third and the two after it are not
    assertThat(store.unpublished(10))
        .extracting(Delivery::notificationId)
        .containsExactlyElementsOf(ids.subList(2, 5));

    // and a pass through a producer that takes them publishes those three
    try (var large = producer(1024 * 1024)) {
      assertThat(new ReceiptPublisher(large, store, new SimpleMeterRegistry()).publishDue())
          .isEqualTo(3);
    }
    assertThat(store.unpublished(10)).isEmpty();

    // so every delivery's receipt is on the topic, each under one event id however often it went
    try (var receipts = kafka.probe(Topics.NOTIFICATION_RECEIPTS.name())) {
      var eventIds =
          eventIdsByNotification(
              receipts.until(
                  records -> eventIdsByNotification(records).keySet().containsAll(ids),
                  Duration.ofSeconds(60)));
      assertThat(eventIds.keySet()).containsAll(ids);
      ids.forEach(id -> assertThat(eventIds.get(id)).as(id).hasSize(1));
    }
  }

  private static Map<String, Set<String>> eventIdsByNotification(
      List<ConsumerRecord<String, SpecificRecord>> records) {
    Map<String, Set<String>> eventIds = new HashMap<>();
    for (var r : records) {
      if (r.value() instanceof NotificationDelivered d) {
        eventIds
            .computeIfAbsent(d.getNotificationId().toString(), k -> new HashSet<>())
            .add(d.getEnvelope().getEventId().toString());
      }
    }
    return eventIds;
  }

  /** A delivery accepted, claimed and delivered; returns its notification id. */
  private static String delivered(String referralId, String correlationId) {
    var request =
        Requests.request(
            referralId,
            Audience.LINK_WORKER,
            Channel.EMAIL,
            "lw@example.org",
            "link-worker-new-referral",
            Map.of());
    if (correlationId != null) {
      request.getEnvelope().setCorrelationId(correlationId);
    }
    String id = request.getNotificationId().toString();
    long now = System.currentTimeMillis();
    store.accept(
        new DeliveryStore.NewDelivery(
            id,
            referralId,
            "lw@example.org|" + referralId,
            "EMAIL",
            "link-worker-new-referral",
            new EventSerializer().serialize(Topics.NOTIFICATION_REQUESTS.name(), request),
            "test",
            now));
    assertThat(store.claimDue(now, now + 60_000, 10))
        .extracting(Delivery::notificationId)
        .contains(id);
    store.recordDelivered(id, "provider-" + id, now + 1, UUID.randomUUID().toString(), false);
    return id;
  }

  private static Producer<String, byte[]> producer(int maxRequestBytes) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrap(),
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
            maxRequestBytes),
        new StringSerializer(),
        new ByteArraySerializer());
  }
}
