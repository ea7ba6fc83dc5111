package org.pathway.router.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.ReferralReceived;
import org.pathway.events.topics.Topics;
import org.pathway.router.Fixtures;

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

      Process router = start(harness, 1);
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
        router.destroy();
        router.waitFor(30, TimeUnit.SECONDS);
        router.destroyForcibly();
      }
      ExactlyOnce.assertExactlyOneDecisionEach(decisions, eventIds);
    }
  }

  private static Process start(RouterHarness harness, int run) throws IOException {
    Path target = Path.of("target");
    String classpath =
        target.resolve("classes").toAbsolutePath()
            + java.io.File.pathSeparator
            + Files.readString(target.resolve("runtime-classpath.txt")).trim();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    harness.routerProperties("killed-router").forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-cp");
    command.add(classpath);
    command.add("org.pathway.router.Application");
    Path log = target.resolve("kill-nine-run-" + run + ".log");
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /** SIGKILL: no shutdown hook, no graceful stop, open transactions left behind. */
  private static void kill(Process router) throws InterruptedException {
    router.destroyForcibly();
    assertThat(router.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(router.exitValue()).isEqualTo(137);
  }
}
