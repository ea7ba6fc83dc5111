package org.pathway.router.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micronaut.context.ApplicationContext;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.pathway.events.avro.ReferralReceived;
import org.pathway.events.avro.RoutingDecisionMade;
import org.pathway.events.serde.EventHeaders;
import org.pathway.events.topics.Topics;
import org.pathway.router.Fixtures;
import org.pathway.router.routes.RouteIds;
import org.pathway.testsupport.kafka.TopicTail;

/**
 * One Kafka transaction per poll, on a real broker and database: a failure in the middle of a batch
 * leaves nothing of the batch visible to read_committed readers, nothing of it in the router's
 * memory, and its offsets where they were, and once it passes the batch is read again and each
 * record decided once; a poison record inside a batch is dead-lettered while the others are
 * decided.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PollBatchIT {

  private RouterHarness harness;
  private ApplicationContext router;
  private CamelContext camel;
  private TopicTail decisions;
  private TopicTail deadLetters;
  private Admin admin;

  @BeforeAll
  void start() {
    harness = new RouterHarness();
    router = harness.startRouter("batch-it");
    camel = router.getBean(CamelContext.class);
    decisions = harness.tail(Topics.ROUTING_DECISIONS);
    deadLetters = harness.tail(Topics.ROUTER_DEAD_LETTERS);
    admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, harness.kafka.bootstrapServers()));
  }

  @AfterAll
  void stop() throws Exception {
    // The application goes before the broker, or its clients retry a dead broker on the way out.
    if (router != null) {
      router.close();
    }
    for (AutoCloseable closeable : new AutoCloseable[] {decisions, deadLetters, admin}) {
      if (closeable != null) {
        closeable.close();
      }
    }
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void aFailureMidBatchCommitsNothingOfItAndTheBatchIsDecidedOnceWhenReadAgain() throws Exception {
    int partition = 0;
    List<String> keys = keysOn(partition, "batch-fail-", 5);
    String failing = keys.get(2);
    AtomicBoolean fail = new AtomicBoolean(true);
    AtomicInteger attempts = new AtomicInteger();
    AdviceWith.adviceWith(
        camel,
        RouteIds.TRIAGE,
        route ->
            route
                .weaveAddFirst()
                .process(
                    exchange -> {
                      String referralId =
                          exchange
                              .getMessage()
                              .getBody(ReferralReceived.class)
                              .getEnvelope()
                              .getReferralId();
                      if (referralId.equals(failing) && fail.get()) {
                        attempts.incrementAndGet();
                        // A Kafka failure: retried, then the whole batch is read again.
                        throw new TimeoutException("broker briefly unavailable");
                      }
                    }));
    int perRead =
        router.getProperty("pathway.redelivery.max-redeliveries", Integer.class).get() + 1;
    TopicPartition tp = new TopicPartition(Topics.REFERRAL_EVENTS.name(), partition);
    long first = endOffset(tp);

    // Given five referrals on one partition, read in one poll, the third failing for now
    List<String> eventIds = sendInOnePoll(keys);

    // When the batch has been read and failed at least twice
    await().atMost(Duration.ofSeconds(60)).until(() -> attempts.get() >= 2 * perRead);

    // Then nothing of it is visible, not even the two referrals decided before the failure
    for (String eventId : eventIds) {
      assertThat(decisionsFor(eventId)).as("decisions of the failed batch").isEmpty();
    }
    assertThat(committed(tp)).as("the partition's committed offset").isLessThanOrEqualTo(first);
    // Nor is anything the batch remembered: its memory is one transaction, rolled back with it
    assertThat(remembered(keys)).as("referrals the router remembers").isEmpty();

    // And once the failure passes, the batch is read again and each referral decided once
    fail.set(false);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> eventIds.stream().allMatch(id -> !decisionsFor(id).isEmpty()));
    ExactlyOnce.drain(harness, decisions, Duration.ofSeconds(30));
    for (String eventId : eventIds) {
      assertThat(decisionsFor(eventId)).as("decisions of " + eventId).hasSize(1);
    }
    assertThat(committed(tp)).isEqualTo(endOffset(tp));
    assertThat(remembered(keys)).containsExactlyInAnyOrderElementsOf(keys);
  }

  @Test
  void aPoisonRecordInsideABatchIsDeadLetteredWhileTheOthersAreDecided() throws Exception {
    int partition = 1;
    List<String> keys = keysOn(partition, "batch-poison-", 3);
    byte[] poison = "{\"not\": \"avro\"}".getBytes(StandardCharsets.UTF_8);
    TopicPartition tp = new TopicPartition(Topics.REFERRAL_EVENTS.name(), partition);
    ReferralReceived before = Fixtures.referral(keys.get(0)).build();
    ReferralReceived after = Fixtures.referral(keys.get(2)).build();

    // Given a good referral, a poison record and another good referral read in one poll
    camel.getRouteController().stopRoute(RouteIds.REFERRAL_EVENTS_IN);
    harness.send(before);
    harness.sendRaw(keys.get(1), poison);
    harness.send(after);
    camel.getRouteController().startRoute(RouteIds.REFERRAL_EVENTS_IN);

    // Then both referrals are decided once and the poison is dead-lettered with its own bytes
    String beforeId = before.getEnvelope().getEventId().toString();
    String afterId = after.getEnvelope().getEventId().toString();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> !decisionsFor(beforeId).isEmpty() && !decisionsFor(afterId).isEmpty());
    // The dead-letter topic has a tail of its own, which may not have caught up with the
    // decisions'.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> deadLetters.records().stream().anyMatch(r -> keys.get(1).equals(r.key())));
    ConsumerRecord<String, byte[]> dead =
        deadLetters.records().stream()
            .filter(r -> keys.get(1).equals(r.key()))
            .findFirst()
            .orElseThrow();
    assertThat(dead.value()).isEqualTo(poison);
    assertThat(EventHeaders.get(dead.headers(), EventHeaders.DEAD_LETTER_REASON))
        .startsWith("BAD_MARKER");
    assertThat(EventHeaders.get(dead.headers(), EventHeaders.DEAD_LETTER_SOURCE))
        .startsWith(Topics.REFERRAL_EVENTS.name() + "-" + partition + "@");
    ExactlyOnce.drain(harness, decisions, Duration.ofSeconds(30));
    assertThat(decisionsFor(beforeId)).hasSize(1);
    assertThat(decisionsFor(afterId)).hasSize(1);
    assertThat(deadLetters.records().stream().filter(r -> keys.get(1).equals(r.key()))).hasSize(1);
    assertThat(committed(tp)).isEqualTo(endOffset(tp));
  }

  /** Sends while the route is stopped, so the restarted consumer reads them in one poll. */
  private List<String> sendInOnePoll(List<String> keys) throws Exception {
    camel.getRouteController().stopRoute(RouteIds.REFERRAL_EVENTS_IN);
    List<String> eventIds = new ArrayList<>();
    for (String key : keys) {
      ReferralReceived referral = Fixtures.referral(key).build();
      harness.send(referral);
      eventIds.add(referral.getEnvelope().getEventId().toString());
    }
    camel.getRouteController().startRoute(RouteIds.REFERRAL_EVENTS_IN);
    return eventIds;
  }

  private List<RoutingDecisionMade> decisionsFor(String causeEventId) {
    return decisions.events(RoutingDecisionMade.class).stream()
        .filter(d -> causeEventId.equals(d.getEnvelope().getCausationId()))
        .toList();
  }

  /** Which of {@code referralIds} the router's memory holds, as any other connection sees it. */
  private List<String> remembered(List<String> referralIds) throws Exception {
    try (Connection c = harness.database.connect();
        PreparedStatement select =
            c.prepareStatement(
                "SELECT referral_id FROM router_referral WHERE referral_id = ANY(?)")) {
      select.setArray(1, c.createArrayOf("varchar", referralIds.toArray()));
      List<String> found = new ArrayList<>();
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          found.add(rs.getString(1));
        }
      }
      return found;
    }
  }

  private long endOffset(TopicPartition tp) throws Exception {
    return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).all().get().get(tp).offset();
  }

  private long committed(TopicPartition tp) throws Exception {
    OffsetAndMetadata at =
        admin
            .listConsumerGroupOffsets(harness.groupId)
            .partitionsToOffsetAndMetadata()
            .get()
            .get(tp);
    return at == null ? 0 : at.offset();
  }

  private static List<String> keysOn(int partition, String prefix, int count) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; keys.size() < count; i++) {
      String key = prefix + i;
      if (Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8)))
              % Topics.REFERRAL_EVENTS.partitions()
          == partition) {
        keys.add(key);
      }
    }
    return keys;
  }
}
