package org.pathway.router.kafka;

import java.time.Duration;
import org.apache.avro.specific.SpecificRecord;
import org.pathway.events.avro.SubscriptionChanged;
import org.pathway.events.topics.Topics;
import org.pathway.kafkaedge.settings.KafkaClients;
import org.pathway.router.decision.Subscriber;
import org.pathway.router.decision.Subscribers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the router's set of FHIR Subscriptions ({@code pathway.subscriptions}) current; the highest
 * version of each wins. Header lines are never logged.
 */
public final class SubscriptionsReader implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SubscriptionsReader.class);

  private final CompactedTopicReader reader;

  /** Starts reading and waits, at most {@code catchUp}, for the subscriptions already known. */
  public SubscriptionsReader(KafkaClients kafka, Subscribers subscribers, Duration catchUp) {
    reader =
        new CompactedTopicReader(
            kafka,
            Topics.SUBSCRIPTIONS,
            "subscriptions",
            record -> apply(subscribers, record),
            catchUp);
  }

  private static void apply(Subscribers subscribers, SpecificRecord record) {
    if (!(record instanceof SubscriptionChanged changed)) {
      return;
    }
    Subscriber s = Subscriber.of(changed);
    if (subscribers.apply(s)) {
      LOG.info(
          "subscription {} of {} is now {} (version {})",
          s.id(),
          s.organization(),
          s.active() ? "active" : "off",
          s.version());
    }
  }

  @Override
  public void close() {
    reader.close();
  }
}
