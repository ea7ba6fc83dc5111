package org.pathway.router.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.ReferralReceived;
import org.pathway.events.topics.Topics;
import org.pathway.router.Fixtures;
import org.pathway.router.routes.RouteIds;
import org.pathway.testsupport.kafka.TopicTail;

/**
 * Two router instances in one consumer group while events keep arriving; instances join and leave
 * so partitions move between them several times. No event is lost and none is decided twice.
 */
class TwoRouterInstancesIT {

  private static final int EVENTS = 600;

  @Test
  void partitionsMovingBetweenInstancesLoseNothingAndDuplicateNothing() throws Exception {
    try (RouterHarness harness = new RouterHarness();
        TopicTail decisions = harness.tail(Topics.ROUTING_DECISIONS)) {
      List<String> eventIds = new CopyOnWriteArrayList<>();
      AtomicBoolean producing = new AtomicBoolean(true);
      Thread producer =
          new Thread(
              () -> {
                for (int i = 0; i < EVENTS && producing.get(); i++) {
                  ReferralReceived referral = Fixtures.referral("pair-" + i).build();
                  harness.send(referral);
                  eventIds.add(referral.getEnvelope().getEventId().toString());
                  if (i % 50 == 0) {
                    sleep(100);
                  }
                }
              });
      producer.start();

      ApplicationContext a = harness.startRouter("a");
      ApplicationContext b = null;
      try {
        awaitDecided(harness, decisions, eventIds, EVENTS / 6);
        b = harness.startRouter("b");
        awaitDecided(harness, decisions, eventIds, EVENTS / 3);
        long firstA = processed(a);
        a.close();
        awaitDecided(harness, decisions, eventIds, EVENTS / 2);
        a = harness.startRouter("a");
        ApplicationContext secondA = a;
        awaitDecided(harness, decisions, eventIds, 2 * EVENTS / 3);
        awaitDecided(harness, decisions, eventIds, 3 * EVENTS / 4);
        long firstB = processed(b);
        b.close();
        b = harness.startRouter("b");
        producer.join();
        Set<String> all = Set.copyOf(eventIds);
        await()
            .atMost(Duration.ofSeconds(180))
            .until(() -> ExactlyOnce.decided(decisions, all) == all.size());
        ExactlyOnce.drain(harness, decisions, Duration.ofSeconds(60));
        // Partitions really moved: each incarnation of each instance did part of the work.
        assertThat(firstA).as("records handled by the first instance a").isPositive();
        assertThat(firstB).as("records handled by the first instance b").isPositive();
        assertThat(processed(secondA) + processed(b))
            .as("records handled after both restarts")
            .isPositive();
      } finally {
        producing.set(false);
        producer.join();
        a.close();
        if (b != null) {
          b.close();
        }
      }
      ExactlyOnce.assertExactlyOneDecisionEach(decisions, eventIds);
    }
  }

  private static void awaitDecided(
      RouterHarness harness, TopicTail decisions, List<String> eventIds, int atLeast) {
    await()
        .atMost(Duration.ofSeconds(120))
        .until(() -> ExactlyOnce.decided(decisions, Set.copyOf(eventIds)) >= atLeast);
  }

  private static long processed(ApplicationContext router) {
    return router
        .getBean(MeterRegistry.class)
        .find("router.exchanges")
        .tag("route", RouteIds.REFERRAL_EVENTS_IN)
        .tag("outcome", "completed")
        .timers()
        .stream()
        .mapToLong(t -> t.count())
        .sum();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
