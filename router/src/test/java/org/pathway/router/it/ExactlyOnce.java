package org.pathway.router.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.utils.Utils;
import org.pathway.events.avro.ReferralReceived;
import org.pathway.events.avro.RoutingDecisionMade;
import org.pathway.events.topics.Topics;
import org.pathway.router.Fixtures;
import org.pathway.testsupport.kafka.TopicTail;

/**
 * The ledger of a fault test: which events were sent, and whether each has exactly one decision.
 */
final class ExactlyOnce {

  private ExactlyOnce() {}

  static long decided(TopicTail decisions, Set<String> eventIds) {
    return decisions.events(RoutingDecisionMade.class).stream()
        .map(d -> d.getEnvelope().getCausationId())
        .filter(eventIds::contains)
        .distinct()
        .count();
  }

  /**
   * Sends one sentinel per partition and waits for their decisions: each partition is processed in
   * order, so once a sentinel is decided, nothing sent before it on that partition is still coming.
   */
  static void drain(RouterHarness harness, TopicTail decisions, Duration atMost) {
    int partitions = Topics.REFERRAL_EVENTS.partitions();
    Map<Integer, String> sentinels = new java.util.HashMap<>();
    for (int i = 0; sentinels.size() < partitions; i++) {
      String key = "sentinel-" + i;
      int partition = Utils.toPositive(Utils.murmur2(key.getBytes())) % partitions;
      if (!sentinels.containsKey(partition)) {
        ReferralReceived sentinel = Fixtures.referral(key).build();
        harness.send(sentinel);
        sentinels.put(partition, sentinel.getEnvelope().getEventId().toString());
      }
    }
    Set<String> ids = Set.copyOf(sentinels.values());
    await().atMost(atMost).until(() -> decided(decisions, ids) == ids.size());
  }

  static void assertExactlyOneDecisionEach(TopicTail decisions, List<String> eventIds) {
    Set<String> sent = Set.copyOf(eventIds);
    Map<String, Long> counts =
        decisions.events(RoutingDecisionMade.class).stream()
            .map(d -> d.getEnvelope().getCausationId())
            .filter(sent::contains)
            .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    assertThat(sent).as("events without a decision").allMatch(counts::containsKey);
    assertThat(counts)
        .as("events with more than one decision")
        .allSatisfy((id, n) -> assertThat(n).isEqualTo(1L));
  }
}
