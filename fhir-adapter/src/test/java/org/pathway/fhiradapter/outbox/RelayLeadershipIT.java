package org.pathway.fhiradapter.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.pathway.events.topics.Topics;
import org.pathway.fhiradapter.config.OutboxConfig;
import org.pathway.fhiradapter.ledger.CommitSignal;
import org.pathway.fhiradapter.support.Adapter;
import org.pathway.fhiradapter.support.Api;
import org.pathway.fhiradapter.support.Fixtures;
import org.pathway.fhiradapter.support.ReplicaRelay;
import org.pathway.localkafka.KafkaClusters;
import org.pathway.testsupport.database.TestDatabase;
import org.pathway.testsupport.kafka.TopicTail;

/**
 * Two outbox relays on one ledger, as two adapter replicas run them: only the one holding the
 * relay's lock publishes; when the leader's database session is ended under load leadership is
 * taken again, and when the leader stops the stand-by takes over; every outbox row reaches Kafka
 * (at least once: counted by distinct event id). Per-referral order needs no check here beyond "one
 * publisher at a time": each relay reads in sequence order, and a referral's rows get their
 * sequence numbers under its Task's lock.
 */
class RelayLeadershipIT {

  private static final String PRACTICE = "practice-a81001";

  @Test
  void oneReplicaPublishesAtATimeAndTheOtherTakesOverWithNothingLost() throws Exception {
    try (var kafka = KafkaClusters.forTests();
        var db = TestDatabase.create("relay_leadership")) {
      kafka.createTopics(Topics.all().stream().map(t -> t.toNewTopic((short) 1)).toList());
      // The adapter's own relay is off: the two relays under test are the only publishers.
      try (Adapter adapter = withoutItsRelay(kafka.bootstrapServers(), db)) {
        ReplicaRelay first = besideTheAdapter(adapter, db);
        await().atMost(Duration.ofSeconds(30)).until(first.relay()::leading);
        ReplicaRelay second = besideTheAdapter(adapter, db);
        try {
          // given one leader and one stand-by, only the leader publishes
          refer(adapter, 40);
          await().atMost(Duration.ofSeconds(60)).until(() -> unpublished(db) == 0);
          assertThat(first.relay().published()).isGreaterThanOrEqualTo(40);
          assertThat(second.relay().published()).as("the stand-by's rows").isZero();
          assertThat(second.relay().leading()).isFalse();

          // when the leader's session is ended mid-stream, leadership is held again by one
          ExecutorService load = Executors.newSingleThreadExecutor();
          Future<?> midStream = load.submit(() -> refer(adapter, 80));
          await().atMost(Duration.ofSeconds(60)).until(() -> rows(db) >= 60);
          terminate(db, first.lock().sessionPid());
          await()
              .atMost(Duration.ofSeconds(30))
              .until(() -> first.relay().leading() ^ second.relay().leading());
          midStream.get();

          // and when the leader stops, the other takes over and publishes the rest
          ReplicaRelay leader = first.relay().leading() ? first : second;
          ReplicaRelay standBy = leader == first ? second : first;
          long standByBefore = standBy.relay().published();
          leader.stop();
          refer(adapter, 40);
          await().atMost(Duration.ofSeconds(60)).until(() -> unpublished(db) == 0);
          assertThat(standBy.relay().leading()).as("the stand-by took over").isTrue();
          assertThat(standBy.relay().published()).isGreaterThanOrEqualTo(standByBefore + 40);
          load.shutdown();
        } finally {
          first.stop();
          second.stop();
        }

        // then every outbox row is on Kafka
        Set<String> outboxed = outboxEventIds(db);
        assertThat(outboxed).hasSize(160);
        Set<String> published = new HashSet<>();
        try (var tail = new TopicTail(kafka.bootstrapServers(), Topics.REFERRAL_EVENTS.name())) {
          for (ConsumerRecord<String, SpecificRecord> r : tail.toEnd()) {
            published.add(eventId(r.value()));
          }
        }
        assertThat(published).as("distinct event ids on Kafka").isEqualTo(outboxed);
      }
    }
  }

  @Test
  void anOutboxCommitOnAReplicaThatDoesNotLeadWakesTheLeaderThroughTheDatabase() throws Exception {
    try (var kafka = KafkaClusters.forTests();
        var db = TestDatabase.create("relay_notices")) {
      kafka.createTopics(Topics.all().stream().map(t -> t.toNewTopic((short) 1)).toList());
      try (Adapter adapter = withoutItsRelay(kafka.bootstrapServers(), db)) {
        // given the relay led by another replica, which would look at the outbox again only after
        // ten minutes of quiet, and is listening for the other replicas' commits
        ReplicaRelay leader = elsewhere(adapter, db, Duration.ofMinutes(10));
        try {
          await()
              .atMost(Duration.ofSeconds(30))
              .until(() -> leader.relay().leading() && leader.relay().hearsOtherReplicas());

          // when this replica, which does not lead, accepts referrals
          refer(adapter, 3);

          // then the leader is woken by their commits and publishes them
          await().atMost(Duration.ofSeconds(30)).until(() -> unpublished(db) == 0);
          assertThat(leader.relay().published()).isEqualTo(3);

          // and when its listening session is ended from the server, it listens again and hears
          // the next commits
          int ended = listeningSession(db);
          terminate(db, ended);
          await()
              .atMost(Duration.ofSeconds(30))
              .until(
                  () ->
                      leader.relay().hearsOtherReplicas()
                          && listeningSession(db) != ended
                          && listeningSession(db) != 0);
          refer(adapter, 3);
          await().atMost(Duration.ofSeconds(30)).until(() -> unpublished(db) == 0);
          assertThat(leader.relay().published()).isEqualTo(6);
        } finally {
          leader.stop();
        }
      }
    }
  }

  /** An adapter whose own relay, applier and SLA watch are off. */
  private static Adapter withoutItsRelay(String bootstrapServers, TestDatabase db) {
    return Adapter.start(
        db,
        bootstrapServers,
        Map.of(
            "pathway.outbox.enabled", false,
            "pathway.applier.enabled", false,
            "pathway.sla.enabled", false));
  }

  /** A relay woken in-process by the adapter's own commits too, as in the adapter's replica. */
  private static ReplicaRelay besideTheAdapter(Adapter adapter, TestDatabase db) {
    var ctx = adapter.context();
    return ReplicaRelay.start(
        adapter, db, ctx.getBean(CommitSignal.class), ctx.getBean(OutboxConfig.class));
  }

  /**
   * A relay in a JVM of its own as far as waking goes: nothing in-process tells it of the adapter's
   * commits, and with nothing to wake it, it looks at the outbox once per {@code idlePoll}.
   */
  private static ReplicaRelay elsewhere(Adapter adapter, TestDatabase db, Duration idlePoll) {
    OutboxConfig config = adapter.context().getBean(OutboxConfig.class);
    return ReplicaRelay.start(
        adapter,
        db,
        new CommitSignal(),
        ReplicaRelay.settings(adapter, config.batchSize(), idlePoll));
  }

  /** {@code n} referrals from four GP connections, each acknowledged. */
  private static void refer(Adapter adapter, int n) {
    Api gp = Api.as(adapter, PRACTICE);
    AtomicInteger left = new AtomicInteger(n);
    ExecutorService senders = Executors.newFixedThreadPool(4);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      done.add(
          senders.submit(
              () -> {
                while (left.getAndDecrement() > 0) {
                  assertThat(gp.post("/ServiceRequest", Fixtures.referral()).statusCode())
                      .isEqualTo(201);
                }
              }));
    }
    try {
      for (Future<?> f : done) {
        f.get();
      }
    } catch (Exception e) {
      throw new IllegalStateException("referrals not all acknowledged", e);
    } finally {
      senders.shutdown();
    }
  }

  private static String eventId(SpecificRecord event) {
    return ((GenericRecord) ((GenericRecord) event).get("envelope")).get("eventId").toString();
  }

  private static long unpublished(TestDatabase db) throws Exception {
    return scalar(db, "SELECT count(*) FROM outbox_pending");
  }

  private static long rows(TestDatabase db) throws Exception {
    return scalar(db, "SELECT count(*) FROM outbox");
  }

  private static Set<String> outboxEventIds(TestDatabase db) throws Exception {
    Set<String> out = new HashSet<>();
    try (var c = db.connect();
        var rs =
            c.createStatement()
                .executeQuery(
                    "SELECT event_id FROM outbox WHERE topic = '"
                        + Topics.REFERRAL_EVENTS.name()
                        + "'")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /** The backend process id of the one session listening for outbox notices, or 0. */
  private static int listeningSession(TestDatabase db) throws Exception {
    return (int)
        scalar(
            db,
            "SELECT coalesce(max(pid), 0) FROM pg_stat_activity"
                + " WHERE application_name = 'pathway-outbox-notices'");
  }

  /** Ends a session from outside, as a network cut or an operator would. */
  private static void terminate(TestDatabase db, int pid) throws Exception {
    assertThat(pid).as("the leader's lock session").isPositive();
    try (var c = db.connect();
        var rs = c.createStatement().executeQuery("SELECT pg_terminate_backend(" + pid + ")")) {
      rs.next();
      assertThat(rs.getBoolean(1)).as("session " + pid + " ended").isTrue();
    }
  }

  private static long scalar(TestDatabase db, String sql) throws Exception {
    try (var c = db.connect();
        var rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
