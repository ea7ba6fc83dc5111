package org.pathway.router.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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

  @Test
  void everyEventHasExactlyOneDecisionAfterKillNineMidStream() throws Exception {
    try (RouterHarness harness = new RouterHarness();
        TopicTail decisions = harness.tail(Topics.ROUTING_DECISIONS)) {
      List<String> eventIds = new ArrayList<>();
      for (int i = 0; i < EVENTS; i++) {
        ReferralReceived referral = Fixtures.referral("kill-" + i).build();
        harness.send(referral);
        eventIds.add(referral.getEnvelope().getEventId().toString());
      }
      Set<String> ids = Set.copyOf(eventIds);

      ServiceJvm router = start(harness, 1);
      await()
          .atMost(Duration.ofSeconds(120))
          .until(() -> ExactlyOnce.decided(decisions, ids) >= EVENTS / 4);
      kill(router);
      long afterFirstKill = ExactlyOnce.decided(decisions, ids);

      router = start(harness, 2);
      await()
          .atMost(Duration.ofSeconds(120))
          .until(() -> ExactlyOnce.decided(decisions, ids) >= afterFirstKill + EVENTS / 4);
      kill(router);
      assertThat(ExactlyOnce.decided(decisions, ids)).as("killed mid-stream").isLessThan(EVENTS);

      router = start(harness, 3);
      try {
        await()
            .atMost(Duration.ofSeconds(180))
            .until(() -> ExactlyOnce.decided(decisions, ids) == EVENTS);
        ExactlyOnce.drain(harness, decisions, Duration.ofSeconds(60));
      } finally {
        router.close();
      }
      ExactlyOnce.assertExactlyOneDecisionEach(decisions, eventIds);
    }
  }

  private static ServiceJvm start(RouterHarness harness, int run) {
    return ServiceJvm.of("org.pathway.router.Application")
        .classpathOf(Path.of(""))
        .name("router run " + run)
        .systemProperties(harness.routerProperties("killed-router"))
        .log(Path.of("target", "kill-nine-run-" + run + ".log"))
        .start();
  }

  /** SIGKILL: no shutdown hook, no graceful stop, open transactions left behind. */
  private static void kill(ServiceJvm router) {
    router.kill();
    assertThat(router.exitValue()).isEqualTo(137);
  }
}
