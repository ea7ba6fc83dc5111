package org.pathway.router.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.pathway.directory.Directory;
import org.pathway.events.avro.Audience;
import org.pathway.events.avro.CapacityStatus;
import org.pathway.events.avro.EventEnvelope;
import org.pathway.events.avro.GroupCapacityReported;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.avro.RoutingAction;
import org.pathway.events.avro.RoutingDecisionMade;
import org.pathway.events.serde.EventSerializer;
import org.pathway.events.topics.Topics;
import org.pathway.router.Fixtures;
import org.pathway.testsupport.kafka.TopicTail;

/**
 * Groups' reported capacity reaches the router from {@code pathway.directory.capacity}: reports on
 * the topic before the router starts are read before it routes anything, later ones as they come,
 * and the next onward referral is decided on them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CapacityReportsIT {

  private RouterHarness harness;
  private KafkaProducer<String, SpecificRecord> reports;
  private ApplicationContext router;
  private TopicTail decisions;
  private TopicTail notifications;

  @BeforeAll
  void start() {
    harness = new RouterHarness();
    reports =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                harness.kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new EventSerializer());
    // Reported while the router was down: the feed says walk-and-talk has places.
    report("walk-and-talk", 2, CapacityStatus.NO_CAPACITY, 0, false);
    router = harness.startRouter("capacity-1");
    decisions = harness.tail(Topics.ROUTING_DECISIONS);
    notifications = harness.tail(Topics.NOTIFICATION_REQUESTS);
  }

  @AfterAll
  void stop() throws Exception {
    if (router != null) {
      router.close();
    }
    for (AutoCloseable c : new AutoCloseable[] {decisions, notifications, reports, harness}) {
      if (c != null) {
        c.close();
      }
    }
  }

  private void report(
      String group, int version, CapacityStatus status, Integer places, Boolean waitlist) {
    Instant now = Instant.now();
    var event =
        GroupCapacityReported.newBuilder()
            .setEnvelope(
                EventEnvelope.newBuilder()
                    .setEventId(UUID.randomUUID())
                    .setOccurredAt(now)
                    .setReferralId(group)
                    .setCorrelationId(UUID.randomUUID().toString())
                    .setProducer("fhir-adapter")
                    .build())
            .setGroupId(group)
            .setVersion(version)
            .setStatus(status)
            .setPlacesLeft(places)
            .setWaitlistOpen(waitlist)
            .setReportedAt(now)
            .build();
    try {
      reports.send(new ProducerRecord<>(Topics.DIRECTORY_CAPACITY.name(), group, event)).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private RoutingDecisionMade decisionFor(String causationId) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                decisions.events(RoutingDecisionMade.class).stream()
                    .anyMatch(d -> causationId.equals(d.getEnvelope().getCausationId())));
    return decisions.events(RoutingDecisionMade.class).stream()
        .filter(d -> causationId.equals(d.getEnvelope().getCausationId()))
        .findFirst()
        .orElseThrow();
  }

  private List<NotificationRequested> notificationsFor(String causationId) {
    return notifications.events(NotificationRequested.class).stream()
        .filter(n -> causationId.equals(n.getEnvelope().getCausationId()))
        .toList();
  }

  @Test
  void aNoCapacityReportedBeforeStartReturnsTheNextOnwardReferralToTheLinkWorker() {
    var onward = Fixtures.onwardReferral("cap-full", "walk-and-talk");
    String eventId = onward.getEnvelope().getEventId().toString();

    harness.send(onward);

    RoutingDecisionMade decision = decisionFor(eventId);
    assertThat(decision.getAction()).isEqualTo(RoutingAction.RETURN_TO_REFERRER);
    assertThat(decision.getCapacity()).isEqualTo(CapacityStatus.NO_CAPACITY);
    await().atMost(Duration.ofSeconds(30)).until(() -> !notificationsFor(eventId).isEmpty());
    assertThat(notificationsFor(eventId))
        .extracting(NotificationRequested::getAudience)
        .containsOnly(Audience.LINK_WORKER);
  }

  @Test
  void aReportWhileRunningIsLaidOverTheFeedAndAnOlderOneIsIgnored() {
    // given english-conversation, full in the feed, reports places while the router runs
    report("english-conversation", 3, CapacityStatus.CAPACITY, 2, null);
    report("english-conversation", 2, CapacityStatus.NO_CAPACITY, 0, false);
    Directory directory = router.getBean(Directory.class);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                directory.byId("english-conversation").orElseThrow().capacityDetail().version()
                    == 3);

    // when someone is referred on to it
    var onward = Fixtures.onwardReferral("cap-open", "english-conversation");
    harness.send(onward);

    // then its facilitator is told: the older report (version 2) changed nothing
    RoutingDecisionMade decision = decisionFor(onward.getEnvelope().getEventId().toString());
    assertThat(decision.getAction()).isEqualTo(RoutingAction.ASSIGN_OWNER);
    assertThat(decision.getCapacity()).isEqualTo(CapacityStatus.CAPACITY);
  }
}
