package org.pathway.notifier.deadletters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.Audience;
import org.pathway.events.avro.Channel;
import org.pathway.events.avro.NotificationDelivered;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.serde.EventHeaders;
import org.pathway.events.topics.Topics;
import org.pathway.notifier.channel.webhook.WebhookSignature;
import org.pathway.notifier.support.NotifierApp;
import org.pathway.notifier.support.OperatorTokens;
import org.pathway.notifier.support.Requests;
import org.pathway.notifier.support.TestKafka;
import org.pathway.testsupport.database.TestDatabase;
import org.pathway.testsupport.deadletters.DeadLetterApi;
import org.pathway.testsupport.deadletters.DeadLetterApi.Answer;
import org.pathway.testsupport.kafka.TopicTail;
import org.pathway.testsupport.webhook.WebhookReceiver;

/**
 * An operator handles the notifier's dead letters over its management port: a webhook that failed
 * past the retry horizon is replayed once the endpoint is back and is delivered exactly once,
 * however often the replay is repeated; a discarded one is never delivered; every action, refusals
 * included, is audited.
 */
class DeadLetterReplayIT {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String SECRET_REF = "link-worker-hub";
  private static final String SECRET = "s3cret-" + UUID.randomUUID();

  static TestKafka kafka;
  static OperatorTokens access;
  static WebhookReceiver receiver;
  static TopicTail receipts;
  static TopicTail deadLetters;
  static TopicTail requests;

  @BeforeAll
  static void start() throws Exception {
    access = new OperatorTokens();
    kafka = new TestKafka();
    receiver =
        WebhookReceiver.start(
            (headers, body) ->
                WebhookSignature.verify(SECRET, headers::getFirst, body, Instant.now()));
    receipts = kafka.probe(Topics.NOTIFICATION_RECEIPTS.name());
    deadLetters = kafka.probe(Topics.NOTIFIER_DEAD_LETTERS.name());
    requests = kafka.probe(Topics.NOTIFICATION_REQUESTS.name());
  }

  @AfterAll
  static void stop() {
    requests.close();
    receipts.close();
    deadLetters.close();
    receiver.close();
    kafka.close();
    access.close();
  }

  @Test
  void replayedDeadLetterIsDeliveredOnceAndDiscardedOneNeverWithEveryActionAudited()
      throws Exception {
    String replayPath = "/hooks/replay-" + UUID.randomUUID();
    String discardPath = "/hooks/discard-" + UUID.randomUUID();
    String markerPath = "/hooks/marker-" + UUID.randomUUID();
    receiver.answer(replayPath, 500);
    receiver.answer(discardPath, 500);
    receiver.answer(markerPath, 202);
    try (TestDatabase db = TestDatabase.create("notifier")) {
      Map<String, Object> p = NotifierApp.baseProperties(kafka.bootstrap(), db);
      p.put("pathway.secrets." + SECRET_REF, SECRET);
      p.put("pathway.secret-hosts." + SECRET_REF, "127.0.0.1");
      p.put("pathway.smtp.port", 1);
      p.put("pathway.retry.horizon", "2s");
      p.put("pathway.retry.max-backoff", "500ms");
      p.putAll(access.properties());
      EmbeddedServer app = NotifierApp.start(p);
      try {
        DeadLetterApi api = new DeadLetterApi(app.getURI());
        String referral = "ref-replay-" + UUID.randomUUID();
        NotificationRequested toReplay = webhook(referral, replayPath, "Replayed");
        NotificationRequested toDiscard =
            webhook("ref-discard-" + UUID.randomUUID(), discardPath, "Discarded");

        // given: both fail past the retry horizon and are dead-lettered (the fault)
        Requests.send(kafka.router, toReplay);
        Requests.send(kafka.router, toDiscard);
        byte[] replayBytes = Requests.bytes(toReplay);
        byte[] discardBytes = Requests.bytes(toDiscard);
        deadLetters.awaitRecords(
            recs ->
                recs.stream().anyMatch(r -> Arrays.equals(r.value(), replayBytes))
                    && recs.stream().anyMatch(r -> Arrays.equals(r.value(), discardBytes)),
            WAIT);

        // a caller who is not an operator, and one with no token, are refused and audited
        assertThat(api.list(access.token("practice-a81001")).status()).isEqualTo(403);
        assertThat(api.list(null).status()).isEqualTo(401);
        assertThat(api.replay("0-0", access.token("practice-a81001"), "{}").status())
            .isEqualTo(403);

        // the operator lists them, with reason, source and time
        String operator = access.operator();
        JsonNode listed = api.list(operator).json();
        JsonNode replayEntry = DeadLetterApi.byKey(listed, referral).orElseThrow();
        JsonNode discardEntry =
            DeadLetterApi.byKey(listed, toDiscard.getEnvelope().getReferralId()).orElseThrow();
        assertThat(listed.get("service").asText()).isEqualTo("notifier");
        assertThat(replayEntry.get("reason").asText()).contains("retry horizon");
        assertThat(replayEntry.get("source").asText())
            .startsWith(Topics.NOTIFICATION_REQUESTS.name() + "-");
        assertThat(replayEntry.get("time").asText()).isNotBlank();
        String replayId = replayEntry.get("id").asText();
        String discardId = discardEntry.get("id").asText();

        // and reads one decoded by Pathway's serde
        JsonNode shown = api.show(replayId, operator).json();
        assertThat(shown.at("/value/encoding").asText()).isEqualTo("pathway-event");
        assertThat(shown.at("/value/type").asText())
            .isEqualTo(NotificationRequested.getClassSchema().getFullName());
        assertThat(shown.at("/value/event/notificationId").asText())
            .isEqualTo(toReplay.getNotificationId().toString());
        assertThat(api.show("0-999999", operator).status()).isEqualTo(404);

        // when: the fault is removed and the operator replays one and discards the other
        receiver.answer(replayPath, 202);
        receiver.answer(discardPath, 202);
        Answer replayed = api.replay(replayId, operator, DeadLetterApi.reason("endpoint fixed"));
        assertThat(replayed.json().get("replayedTo").asText())
            .isEqualTo(Topics.NOTIFICATION_REQUESTS.name());
        assertThat(api.discard(discardId, operator, "{}").status()).isEqualTo(400);
        assertThat(
                api.discard(
                        discardId,
                        operator,
                        DeadLetterApi.reason("person asked not to be contacted"))
                    .status())
            .isEqualTo(200);

        // then: the replayed one reaches its endpoint, and its receipt says delivered
        String replayKey = toReplay.getIdempotencyKey();
        await().atMost(WAIT).until(() -> accepted(replayPath, replayKey) == 1);
        receipts.awaitEvents(
            evs ->
                evs.stream()
                    .anyMatch(
                        e ->
                            e instanceof NotificationDelivered d
                                && d.getNotificationId().equals(toReplay.getNotificationId())),
            WAIT);

        // the replayed record went back with its headers and the operator's replay headers
        ConsumerRecord<String, byte[]> replayRecord =
            requests
                .awaitRecords(
                    recs ->
                        recs.stream()
                            .anyMatch(r -> TopicTail.header(r, EventHeaders.REPLAY_ID).isPresent()),
                    WAIT)
                .stream()
                .filter(r -> TopicTail.header(r, EventHeaders.REPLAY_ID).isPresent())
                .findFirst()
                .orElseThrow();
        assertThat(replayRecord.key()).isEqualTo(referral);
        assertThat(replayRecord.value()).isEqualTo(replayBytes);
        assertThat(TopicTail.header(replayRecord, EventHeaders.REPLAY_BY)).contains("operator");
        assertThat(TopicTail.header(replayRecord, EventHeaders.REPLAY_OF))
            .contains(Topics.NOTIFIER_DEAD_LETTERS.name() + "-" + replayId.replace('-', '@'));
        assertThat(TopicTail.header(replayRecord, EventHeaders.EVENT_TYPE)).isPresent();
        assertThat(TopicTail.header(replayRecord, EventHeaders.DEAD_LETTER_REASON)).isEmpty();

        // replaying again is refused, and neither is offered any more
        assertThat(api.replay(replayId, operator, "").status()).isEqualTo(409);
        assertThat(DeadLetterApi.ids(api.list(operator).json()))
            .doesNotContain(replayId, discardId);

        // the same replay read twice (a redelivery), and a second replay of the same dead letter
        // (a crash between sending and recording), change nothing: still delivered once
        RecordHeaders sameReplay = new RecordHeaders(replayRecord.headers().toArray());
        Requests.sendRaw(kafka.router, referral, replayBytes, sameReplay);
        RecordHeaders secondReplay = new RecordHeaders(replayRecord.headers().toArray());
        EventHeaders.put(secondReplay, EventHeaders.REPLAY_ID, UUID.randomUUID().toString());
        Requests.sendRaw(kafka.router, referral, replayBytes, secondReplay);
        // A later request on the same referral (same partition) shows the intake read both.
        NotificationRequested marker = webhook(referral, markerPath, "Marker");
        Requests.send(kafka.router, marker);
        await().atMost(WAIT).until(() -> accepted(markerPath, marker.getIdempotencyKey()) == 1);
        assertThat(status(db, toReplay)).isEqualTo("DELIVERED");
        assertThat(accepted(replayPath, replayKey)).isEqualTo(1);
        assertThat(receiver.calls(replayPath).stream().filter(c -> c.answered() == 202)).hasSize(1);

        // the discarded one never reaches its endpoint, though the endpoint now answers
        assertThat(receiver.calls(discardPath).stream().filter(c -> c.answered() == 202)).isEmpty();
        assertThat(status(db, toDiscard)).isEqualTo("FAILED");

        // every action is audited: who, what, when, why, and the refusals
        assertThat(api.audit(operator))
            .anySatisfy(
                a -> {
                  assertThat(a.get("action").asText()).isEqualTo("REPLAY");
                  assertThat(a.get("deadLetter").asText()).isEqualTo(replayId);
                  assertThat(a.get("operator").asText()).isEqualTo("operator");
                  assertThat(a.get("outcome").asInt()).isEqualTo(200);
                  assertThat(a.get("detail").asText()).isEqualTo("endpoint fixed");
                  assertThat(a.get("at").asText()).isNotBlank();
                })
            .anySatisfy(
                a -> {
                  assertThat(a.get("action").asText()).isEqualTo("REPLAY");
                  assertThat(a.get("deadLetter").asText()).isEqualTo(replayId);
                  assertThat(a.get("outcome").asInt()).isEqualTo(409);
                })
            .anySatisfy(
                a -> {
                  assertThat(a.get("action").asText()).isEqualTo("DISCARD");
                  assertThat(a.get("deadLetter").asText()).isEqualTo(discardId);
                  assertThat(a.get("outcome").asInt()).isEqualTo(200);
                  assertThat(a.get("detail").asText())
                      .isEqualTo("person asked not to be contacted");
                })
            .anySatisfy(
                a -> {
                  assertThat(a.get("action").asText()).isEqualTo("DISCARD");
                  assertThat(a.get("outcome").asInt()).isEqualTo(400);
                })
            .anySatisfy(
                a -> {
                  assertThat(a.get("action").asText()).isEqualTo("LIST");
                  assertThat(a.get("operator").asText()).isEqualTo("practice-a81001");
                  assertThat(a.get("outcome").asInt()).isEqualTo(403);
                })
            .anySatisfy(
                a -> {
                  assertThat(a.get("action").asText()).isEqualTo("REPLAY");
                  assertThat(a.get("operator").asText()).isEqualTo("practice-a81001");
                  assertThat(a.get("deadLetter").asText()).isEqualTo("0-0");
                  assertThat(a.get("outcome").asInt()).isEqualTo(403);
                })
            .anySatisfy(
                a -> {
                  assertThat(a.get("action").asText()).isEqualTo("LIST");
                  assertThat(a.get("operator").isNull()).isTrue();
                  assertThat(a.get("outcome").asInt()).isEqualTo(401);
                });
      } finally {
        app.close();
      }
    }
  }

  private static NotificationRequested webhook(String referral, String path, String name) {
    return Requests.request(
        referral,
        Audience.LINK_WORKER,
        Channel.WEBHOOK,
        receiver.url(path),
        SECRET_REF,
        "task-" + referral,
        "link-worker-new-referral",
        Map.of(
            "recipientName",
            "Hub",
            "personName",
            name,
            "respondUrl",
            "https://portal.test/l/" + referral));
  }

  private static long accepted(String path, String key) {
    return receiver.calls(path).stream()
        .filter(c -> c.answered() == 202)
        .filter(c -> key.equals(c.header(WebhookSignature.IDEMPOTENCY_HEADER)))
        .count();
  }

  private static String status(TestDatabase db, NotificationRequested r) throws Exception {
    try (Connection c = db.connect();
        PreparedStatement ps =
            c.prepareStatement("select status from delivery where notification_id = ?")) {
      ps.setString(1, r.getNotificationId().toString());
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getString(1);
      }
    }
  }
}
