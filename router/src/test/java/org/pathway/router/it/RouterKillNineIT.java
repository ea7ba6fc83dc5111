package org.pathway.router.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.ReferralReceived;
import org.pathway.events.topics.Topics;
import org.pathway.router.Fixtures;
import org.pathway.testsupport.kafka.TopicTail;
import org.pathway.testsupport.process.ServiceJvm;

/**
 * The router as its own JVM, killed with SIGKILL twice in the middle of a stream and restarted:
 * every event ends with exactly one decision, none missing.
 */
class RouterKillNineIT {

  private static final int EVENTS = 600;

  /** The router JVM running now, if any: never left behind by a failed wait. */
  private ServiceJvm router;

  @AfterEach
  void stopRouter() {
    if (router != null) {
      router.close();
      router = null;
    }
  }

  @Test
  void everyEventHasExactlyOneDecisionAfterKillNineMidStream() throws Exception {
    try (RouterHarness harness = RouterHarness.withOwnBroker();
        TopicTail decisions = harness.tail(Topics.ROUTING_DECISIONS)) {
      List<String> eventIds = new ArrayList<>();
      for (int i = 0; i < EVENTS; i++) {
        ReferralReceived referral = Fixtures.referral("kill-" + i).build();
        harness.send(referral);
        eventIds.add(referral.getEnvelope().getEventId().toString());
      }
      Set<String> ids = Set.copyOf(eventIds);

      try {
        start(harness, 1);
        await()
            .atMost(Duration.ofSeconds(120))
            .until(() -> ExactlyOnce.decided(decisions, ids) >= EVENTS / 4);
        kill();
        long afterFirstKill = ExactlyOnce.decided(decisions, ids);

        start(harness, 2);
        await()
            .atMost(Duration.ofSeconds(120))
            .until(() -> ExactlyOnce.decided(decisions, ids) >= afterFirstKill + EVENTS / 4);
        kill();
        assertThat(ExactlyOnce.decided(decisions, ids)).as("killed mid-stream").isLessThan(EVENTS);

        start(harness, 3);
        await()
            .atMost(Duration.ofSeconds(180))
            .until(() -> ExactlyOnce.decided(decisions, ids) == EVENTS);
        ExactlyOnce.drain(harness, decisions, Duration.ofSeconds(60));
      } finally {
        // Before the broker goes, so the router stops cleanly.
        stopRouter();
      }
      ExactlyOnce.assertExactlyOneDecisionEach(decisions, eventIds);
    }
  }

  private void start(RouterHarness harness, int run) {
    router =
        ServiceJvm.of("org.pathway.router.Application")
            .classpathOf(Path.of(""))
            .name("router run " + run)
            .systemProperties(properties(harness))
            .log(Path.of("target", "kill-nine-run-" + run + ".log"))
            .start();
  }

  /**
   * Polls of 20 records: a batch (one transaction per poll) stays a small part of the stream, so
   * each kill lands between and inside batches rather than after the last.
   */
  private static Map<String, Object> properties(RouterHarness harness) {
    Map<String, Object> properties = harness.routerProperties("killed-router");
    properties.put("pathway.kafka.max-poll-records", 20);
    return properties;
  }

  /** SIGKILL: no shutdown hook, no graceful stop, open transactions left behind. */
  private void kill() {
    ServiceJvm killed = router;
    router = null;
    killed.kill();
    assertThat(killed.exitValue()).isEqualTo(137);
  }
}
