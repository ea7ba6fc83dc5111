package org.pathway.router.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.pathway.events.avro.ReferralReceived;
import org.pathway.events.avro.RoutingDecisionMade;
import org.pathway.events.serde.EventHeaders;
import org.pathway.events.serde.EventSerializer;
import org.pathway.events.topics.Topics;
import org.pathway.router.Fixtures;
import org.pathway.router.TestClock;
import org.pathway.testsupport.deadletters.DeadLetterApi;
import org.pathway.testsupport.deadletters.DeadLetterApi.Answer;
import org.pathway.testsupport.kafka.TopicTail;

/**
 * An operator handles the router's dead letters over its management port: two referrals the router
 * gave up on while a fault inside it lasted (its clock failing, so every decision failed past its
 * retries) are listed with their reason and source; once the fault is removed one is replayed and
 * is decided exactly once — one decision, one notification request, however often the replay is
 * repeated — and the other, discarded, is never decided though the router could now decide it.
 * Every action, refusals included, is audited.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeadLetterReplayIT {

  private static final Duration WAIT = Duration.ofSeconds(90);

  private RouterHarness harness;
  private final TestClock clock = new TestClock();
  private ApplicationContext router;
  private TopicTail events;
  private TopicTail decisions;
  private TopicTail deadLetters;

  @BeforeAll
  void start() {
    harness = new RouterHarness();
    router = harness.startRouter("dead-letters-1", clock);
    events = harness.tail(Topics.REFERRAL_EVENTS);
    decisions = harness.tail(Topics.ROUTING_DECISIONS);
    deadLetters = harness.tail(Topics.ROUTER_DEAD_LETTERS);
  }

  @AfterAll
  void stop() {
    // The application goes before the broker, or its clients retry a dead broker on the way out.
    if (router != null) {
      router.close();
    }
    for (TopicTail tail : new TopicTail[] {events, decisions, deadLetters}) {
      if (tail != null) {
        tail.close();
      }
    }
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void replayedDeadLetterIsDecidedOnceAndDiscardedOneNeverWithEveryActionAudited() {
    DeadLetterApi api = new DeadLetterApi(RouterHarness.managementBase(router));
    String operator = harness.access.operator();
    ReferralReceived toReplay = Fixtures.referral("dl-replay-" + UUID.randomUUID()).build();
    ReferralReceived toDiscard = Fixtures.referral("dl-discard-" + UUID.randomUUID()).build();
    String replayKey = toReplay.getEnvelope().getReferralId();
    String discardKey = toDiscard.getEnvelope().getReferralId();
    String replayEvent = toReplay.getEnvelope().getEventId().toString();
    String discardEvent = toDiscard.getEnvelope().getEventId().toString();
    byte[] replayBytes = new EventSerializer().serialize(Topics.REFERRAL_EVENTS.name(), toReplay);

    // given: a fault inside the router makes it give up on both referrals (the fault)
    clock.breakDown("the clock source is unavailable (test fault)");
    try {
      harness.send(toReplay);
      harness.send(toDiscard);
      deadLetters.awaitRecords(
          recs ->
              recs.stream().anyMatch(r -> replayKey.equals(r.key()))
                  && recs.stream().anyMatch(r -> discardKey.equals(r.key())),
          WAIT);
    } finally {
      clock.repair();
    }
    assertThat(decisionsFor(replayEvent)).isEmpty();
    assertThat(decisionsFor(discardEvent)).isEmpty();

    // a caller who is not an operator, and one with no token, are refused (and audited)
    assertThat(api.list(harness.access.token("practice-a81001")).status()).isEqualTo(403);
    assertThat(api.list(null).status()).isEqualTo(401);

    // the operator lists them with reason, source and time, and reads one decoded
    JsonNode listed = api.list(operator).json();
    assertThat(listed.get("service").asText()).isEqualTo("router");
    JsonNode replayEntry = DeadLetterApi.byKey(listed, replayKey).orElseThrow();
    String replayId = replayEntry.get("id").asText();
    String discardId = DeadLetterApi.byKey(listed, discardKey).orElseThrow().get("id").asText();
    assertThat(replayEntry.get("reason").asText()).contains("the clock source is unavailable");
    assertThat(replayEntry.get("source").asText()).startsWith(Topics.REFERRAL_EVENTS.name() + "-");
    assertThat(replayEntry.get("time").asText()).isNotBlank();
    JsonNode shown = api.show(replayId, operator).json();
    assertThat(shown.at("/value/type").asText())
        .isEqualTo(ReferralReceived.getClassSchema().getFullName());
    assertThat(shown.at("/value/event/envelope/eventId").asText()).isEqualTo(replayEvent);

    // when: with the fault removed, the operator replays one and discards the other
    Answer replayed = api.replay(replayId, operator, DeadLetterApi.reason("clock fixed"));
    assertThat(replayed.json().get("replayedTo").asText()).isEqualTo(Topics.REFERRAL_EVENTS.name());
    assertThat(api.discard(discardId, operator, "{}").status()).isEqualTo(400);
    assertThat(
            api.discard(discardId, operator, DeadLetterApi.reason("referral sent again by GP"))
                .status())
        .isEqualTo(200);

    // then: the replayed referral is decided (its link-worker service hears of it when the ledger
    // announces the owner that decision set, which a router alone never sees: ReferralRoutingIT)
    await().atMost(WAIT).until(() -> !decisionsFor(replayEvent).isEmpty());

    // the replay went back to the referral events with its bytes, key and the replay headers
    ConsumerRecord<String, byte[]> replayRecord =
        events
            .awaitRecords(recs -> recs.stream().anyMatch(r -> isReplay(r, replayKey)), WAIT)
            .stream()
            .filter(r -> isReplay(r, replayKey))
            .findFirst()
            .orElseThrow();
    assertThat(replayRecord.value()).isEqualTo(replayBytes);
    assertThat(TopicTail.header(replayRecord, EventHeaders.REPLAY_BY)).contains("operator");
    assertThat(TopicTail.header(replayRecord, EventHeaders.DEAD_LETTER_REASON)).isEmpty();

    // replaying again is refused, and neither is offered any more
    assertThat(api.replay(replayId, operator, "").status()).isEqualTo(409);
    assertThat(DeadLetterApi.ids(api.list(operator).json())).doesNotContain(replayId, discardId);

    // the same replay read twice (a redelivery) and a second replay of it (a crash between
    // sending and recording) change nothing; a later referral on each key shows the router read
    // past them on their partitions
    harness.sendRaw(replayKey, replayBytes, new RecordHeaders(replayRecord.headers().toArray()));
    RecordHeaders second = new RecordHeaders(replayRecord.headers().toArray());
    EventHeaders.put(second, EventHeaders.REPLAY_ID, UUID.randomUUID().toString());
    harness.sendRaw(replayKey, replayBytes, second);
    for (String key : List.of(replayKey, discardKey)) {
      ReferralReceived marker = Fixtures.referral(key).build();
      harness.send(marker);
      String markerEvent = marker.getEnvelope().getEventId().toString();
      await().atMost(WAIT).until(() -> !decisionsFor(markerEvent).isEmpty());
    }
    assertThat(decisionsFor(replayEvent)).hasSize(1);

    // the discarded one is never decided, though the router now could
    assertThat(decisionsFor(discardEvent)).isEmpty();

    // every action is audited: who, what, why, and the refusals
    List<JsonNode> audit = api.audit(operator);
    assertThat(audit)
        .anySatisfy(
            a -> {
              assertThat(a.get("action").asText()).isEqualTo("REPLAY");
              assertThat(a.get("deadLetter").asText()).isEqualTo(replayId);
              assertThat(a.get("operator").asText()).isEqualTo("operator");
              assertThat(a.get("outcome").asInt()).isEqualTo(200);
              assertThat(a.get("detail").asText()).isEqualTo("clock fixed");
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
              assertThat(a.get("detail").asText()).isEqualTo("referral sent again by GP");
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
              assertThat(a.get("action").asText()).isEqualTo("LIST");
              assertThat(a.get("operator").isNull()).isTrue();
              assertThat(a.get("outcome").asInt()).isEqualTo(401);
            });
  }

  private static boolean isReplay(ConsumerRecord<String, byte[]> r, String key) {
    return key.equals(r.key()) && TopicTail.header(r, EventHeaders.REPLAY_ID).isPresent();
  }

  private List<RoutingDecisionMade> decisionsFor(String causeEventId) {
    return decisions.events(RoutingDecisionMade.class).stream()
        .filter(d -> causeEventId.equals(d.getEnvelope().getCausationId()))
        .toList();
  }
}
