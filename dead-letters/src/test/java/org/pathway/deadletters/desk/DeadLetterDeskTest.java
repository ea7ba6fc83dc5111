package org.pathway.deadletters.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.pathway.deadletters.inbox.DeadLetterEntry;
import org.pathway.events.serde.EventHeaders;
import org.pathway.events.topics.Topics;

class DeadLetterDeskTest {

  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private static final String DLQ = Topics.NOTIFIER_DEAD_LETTERS.name();

  private static DeadLetterEntry entry(String id, String source) {
    long[] at = DeadLetterEntry.position(id).orElseThrow();
    return new DeadLetterEntry(
        id,
        DLQ,
        (int) at[0],
        at[1],
        NOW.minusSeconds(60),
        "ref-1",
        "retry horizon reached",
        source,
        "notifier",
        List.of(
            header(EventHeaders.EVENT_TYPE, "NotificationRequested"),
            header("X-Correlation-ID", "corr-1"),
            header(EventHeaders.DEAD_LETTER_REASON, "retry horizon reached"),
            header(EventHeaders.DEAD_LETTER_SOURCE, source),
            header(EventHeaders.DEAD_LETTER_BY, "notifier")),
        new byte[] {(byte) 0xC3, 0x01, 7});
  }

  private static DeadLetterEntry.Header header(String name, String value) {
    return new DeadLetterEntry.Header(name, value.getBytes(StandardCharsets.UTF_8));
  }

  private static final String SOURCE = Topics.NOTIFICATION_REQUESTS.name() + "-3@42";

  @Test
  void replaySendsTheOriginalBackWhereItCameFromWithReplayHeadersInsteadOfDeadLetterOnes() {
    Decision d =
        DeadLetterDesk.replay(
            Optional.of(entry("2-5", SOURCE)), Optional.empty(), "operator", "fixed", NOW, "r-1");

    assertThat(d).isInstanceOf(Decision.Replay.class);
    ProducerRecord<String, byte[]> record = ((Decision.Replay) d).record();
    assertThat(record.topic()).isEqualTo(Topics.NOTIFICATION_REQUESTS.name());
    assertThat(record.key()).isEqualTo("ref-1");
    assertThat(record.value()).containsExactly((byte) 0xC3, 0x01, 7);
    assertThat(EventHeaders.get(record.headers(), EventHeaders.EVENT_TYPE))
        .isEqualTo("NotificationRequested");
    assertThat(EventHeaders.get(record.headers(), "X-Correlation-ID")).isEqualTo("corr-1");
    assertThat(EventHeaders.get(record.headers(), EventHeaders.DEAD_LETTER_REASON)).isNull();
    assertThat(EventHeaders.get(record.headers(), EventHeaders.DEAD_LETTER_SOURCE)).isNull();
    assertThat(EventHeaders.get(record.headers(), EventHeaders.REPLAY_ID)).isEqualTo("r-1");
    assertThat(EventHeaders.get(record.headers(), EventHeaders.REPLAY_BY)).isEqualTo("operator");
    assertThat(EventHeaders.get(record.headers(), EventHeaders.REPLAY_OF)).isEqualTo(DLQ + "-2@5");
    assertThat(EventHeaders.get(record.headers(), EventHeaders.REPLAY_AT))
        .isEqualTo(NOW.toString());
    Handling h = ((Decision.Replay) d).handling();
    assertThat(h.action()).isEqualTo(Handling.Action.REPLAYED);
    assertThat(h.replayedTo()).isEqualTo(Topics.NOTIFICATION_REQUESTS.name());
    assertThat(h.reason()).isEqualTo("fixed");
  }

  @Test
  void refusesToHandleADeadLetterTwice() {
    Handling earlier =
        new Handling("2-5", Handling.Action.DISCARDED, "alice", NOW, "spam", null, null);

    Decision replay =
        DeadLetterDesk.replay(
            Optional.of(entry("2-5", SOURCE)), Optional.of(earlier), "bob", null, NOW, "r-2");
    Decision discard =
        DeadLetterDesk.discard(
            Optional.of(entry("2-5", SOURCE)), Optional.of(earlier), "bob", "again", NOW);

    assertThat(replay).isEqualTo(new Decision.Refused(409, "already discarded by alice at " + NOW));
    assertThat(discard).isInstanceOf(Decision.Refused.class);
    assertThat(((Decision.Refused) discard).status()).isEqualTo(409);
  }

  @Test
  void refusesADiscardWithoutAReasonAndAnUnknownDeadLetter() {
    assertThat(
            DeadLetterDesk.discard(
                Optional.of(entry("0-1", SOURCE)), Optional.empty(), "op", "  ", NOW))
        .extracting(d -> ((Decision.Refused) d).status())
        .isEqualTo(400);
    assertThat(DeadLetterDesk.discard(Optional.empty(), Optional.empty(), "op", "why", NOW))
        .extracting(d -> ((Decision.Refused) d).status())
        .isEqualTo(404);
    assertThat(
            DeadLetterDesk.discard(
                Optional.of(entry("0-1", SOURCE)), Optional.empty(), "op", "duplicate", NOW))
        .isInstanceOf(Decision.Discard.class);
  }

  @Test
  void refusesToReplayToASourceThatIsNoCatalogueTopicOrIsADeadLetterTopic() {
    for (String source :
        List.of("unknown", "not.a.topic-1@2", DLQ + "-0@1", Topics.REFERRAL_EVENTS.name())) {
      Decision d =
          DeadLetterDesk.replay(
              Optional.of(entry("0-1", source)), Optional.empty(), "op", null, NOW, "r");
      assertThat(d).as(source).isInstanceOf(Decision.Refused.class);
      assertThat(((Decision.Refused) d).status()).as(source).isEqualTo(422);
    }
  }

  @Test
  void offersOnlyWhatIsNotHandled() {
    List<DeadLetterEntry> all = List.of(entry("0-1", SOURCE), entry("0-2", SOURCE));

    assertThat(DeadLetterDesk.offered(all, Set.of("0-1")))
        .extracting(DeadLetterEntry::id)
        .containsExactly("0-2");
  }

  @Test
  void readsOnlyWellFormedHandles() {
    assertThat(DeadLetterEntry.position("3-17"))
        .hasValueSatisfying(p -> assertThat(p).containsExactly(3, 17));
    assertThat(DeadLetterEntry.position("3@17")).isEmpty();
    assertThat(DeadLetterEntry.position("-1-2")).isEmpty();
    assertThat(DeadLetterEntry.position("../etc")).isEmpty();
  }
}
