package org.pathway.notifier.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.Audience;
import org.pathway.events.avro.Channel;
import org.pathway.events.avro.NotificationDelivered;
import org.pathway.events.serde.EventDeserializer;
import org.pathway.events.serde.EventSerializer;
import org.pathway.events.topics.Topics;
import org.pathway.notifier.delivery.Delivery;
import org.pathway.notifier.delivery.DeliveryStore;
import org.pathway.notifier.support.Requests;
import org.pathway.testsupport.database.TestDatabase;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The receipts of finished deliveries, published as a batch from the delivery log on PostgreSQL:
 * every receipt sent before any acknowledgement is awaited, and a row marked published only once
 * the broker acknowledged its receipt (Kafka's own {@link MockProducer} stands in for the broker,
 * so one acknowledgement can be made to fail).
 */
class ReceiptPublisherIT {

  static TestDatabase pg;
  static DeliveryStore store;

  @BeforeAll
  static void migrate() {
    pg = TestDatabase.create("notifier");
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(pg.url());
    ds.setUser(pg.username());
    ds.setPassword(pg.password());
    Flyway.configure().dataSource(ds).load().migrate();
    store = new DeliveryStore(ds);
  }

  @AfterAll
  static void drop() {
    pg.close();
  }

  @Test
  void aBatchIsSentBeforeAnyAckIsAwaitedAndOnlyAcknowledgedReceiptsAreMarked() throws Exception {
    // given five deliveries made, their receipts due
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(delivered("referral-" + i));
    }
    var producer =
        new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    var publisher = new ReceiptPublisher(producer, store, new SimpleMeterRegistry());

    // when the broker acknowledges the first two, refuses the third, and acknowledges the rest
    var publishing = CompletableFuture.supplyAsync(publisher::publishDue);
    awaitSent(producer, 5);
    assertThat(producer.history()).hasSize(5);
    producer.completeNext();
    producer.completeNext();
    producer.errorNext(new NotEnoughReplicasException("min.insync.replicas not met"));
    producer.completeNext();
    producer.completeNext();

    // then all five were sent at once, the pass fails, and only the first two rows are marked
    assertThatThrownBy(publishing::join).hasRootCauseInstanceOf(NotEnoughReplicasException.class);
    var deserializer = new EventDeserializer();
    assertThat(producer.history())
        .extracting(
            r ->
                ((NotificationDelivered)
                        deserializer.deserialize(r.topic(), r.headers(), r.value()))
                    .getNotificationId()
                    .toString())
        .containsExactlyElementsOf(ids);
    assertThat(producer.history())
        .allSatisfy(r -> assertThat(r.topic()).isEqualTo(Topics.NOTIFICATION_RECEIPTS.name()));
    assertThat(store.unpublished(10))
        .extracting(Delivery::notificationId)
        .containsExactlyElementsOf(ids.subList(2, 5));

    // and the next pass publishes the other three again, with the same receipt event ids
    var retry = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    assertThat(new ReceiptPublisher(retry, store, new SimpleMeterRegistry()).publishDue())
        .isEqualTo(3);
    assertThat(store.unpublished(10)).isEmpty();
    assertThat(retry.history())
        .extracting(
            r ->
                ((NotificationDelivered)
                        deserializer.deserialize(r.topic(), r.headers(), r.value()))
                    .getEnvelope()
                    .getEventId()
                    .toString())
        .containsExactlyElementsOf(
            producer.history().subList(2, 5).stream()
                .map(
                    r ->
                        ((NotificationDelivered)
                                deserializer.deserialize(r.topic(), r.headers(), r.value()))
                            .getEnvelope()
                            .getEventId()
                            .toString())
                .toList());
  }

  /** A delivery accepted, claimed and delivered; returns its notification id. */
  private static String delivered(String referralId) {
    var request =
        Requests.request(
            referralId,
            Audience.LINK_WORKER,
            Channel.EMAIL,
            "lw@example.org",
            "link-worker-new-referral",
            Map.of());
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

  private static void awaitSent(MockProducer<String, byte[]> producer, int n)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (producer.history().size() < n && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
  }
}
