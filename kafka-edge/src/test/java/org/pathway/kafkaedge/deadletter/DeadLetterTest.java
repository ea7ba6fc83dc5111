package org.pathway.kafkaedge.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.pathway.events.serde.EventDecodingException;
import org.pathway.events.serde.EventHeaders;
import org.pathway.events.topics.Service;
import org.pathway.events.topics.Topics;

class DeadLetterTest {

  @Test
  void keepsTheOriginalBytesAndHeadersAndSaysWhyWhereAndWho() {
    byte[] value = {(byte) 0xC3, 0x02, 0x7F};
    var original = new ConsumerRecord<>("pathway.notification.requests", 3, 42L, "ref-1", value);
    EventHeaders.put(original.headers(), EventHeaders.CORRELATION_ID, "corr-1");
    EventHeaders.put(original.headers(), EventHeaders.DEAD_LETTER_REASON, "an older reason");

    var dead = DeadLetter.of(Service.NOTIFIER, original, "BAD_MARKER: not an event");

    assertThat(dead.topic()).isEqualTo(Topics.NOTIFIER_DEAD_LETTERS.name());
    assertThat(dead.key()).isEqualTo("ref-1");
    assertThat(dead.value()).isSameAs(value);
    assertThat(EventHeaders.get(dead.headers(), EventHeaders.CORRELATION_ID)).isEqualTo("corr-1");
    assertThat(EventHeaders.get(dead.headers(), EventHeaders.DEAD_LETTER_REASON))
        .isEqualTo("BAD_MARKER: not an event");
    assertThat(dead.headers().headers(EventHeaders.DEAD_LETTER_REASON)).hasSize(1);
    assertThat(EventHeaders.get(dead.headers(), EventHeaders.DEAD_LETTER_SOURCE))
        .isEqualTo("pathway.notification.requests-3@42");
    assertThat(EventHeaders.get(dead.headers(), EventHeaders.DEAD_LETTER_BY)).isEqualTo("notifier");
    // the consumed record itself is left as it was
    assertThat(EventHeaders.get(original.headers(), EventHeaders.DEAD_LETTER_REASON))
        .isEqualTo("an older reason");
  }

  @Test
  void aDecodingFailureGivesItsDecodingReason() {
    var failure =
        new EventDecodingException(EventDecodingException.Reason.BAD_MARKER, "starts 00 00", null);

    assertThat(DeadLetter.reason(failure)).isEqualTo("BAD_MARKER: starts 00 00");
    assertThat(DeadLetter.reason(new IllegalStateException("no envelope")))
        .isEqualTo("IllegalStateException: no envelope");
  }

  @Test
  void aBuiltDeadLetterWithoutReasonOrSourceSaysUnknown() {
    var dead =
        DeadLetter.by(Service.ROUTER)
            .key("k")
            .value("v".getBytes(StandardCharsets.UTF_8))
            .header(EventHeaders.EVENT_TYPE, "x".getBytes(StandardCharsets.UTF_8))
            .build();

    assertThat(dead.topic()).isEqualTo(Topics.ROUTER_DEAD_LETTERS.name());
    assertThat(EventHeaders.get(dead.headers(), EventHeaders.DEAD_LETTER_REASON))
        .isEqualTo("unknown");
    assertThat(EventHeaders.get(dead.headers(), EventHeaders.DEAD_LETTER_SOURCE))
        .isEqualTo("unknown");
    assertThat(EventHeaders.get(dead.headers(), EventHeaders.EVENT_TYPE)).isEqualTo("x");
  }
}
