package org.pathway.router.kafka;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.pathway.events.topics.Topics;
import org.pathway.kafkaedge.settings.KafkaClients;

/**
 * Creates the topics the router reads and writes before any route starts: the consumers and the
 * transactional producers both fail or stall on a missing topic, and the broker does not create
 * topics on its own.
 */
public final class TopicSetup {

  private TopicSetup() {}

  public static void ensureTopics(KafkaClients kafka, short replicationFactor) {
    List<NewTopic> topics =
        List.of(
                Topics.REFERRAL_EVENTS,
                Topics.ROUTING_DECISIONS,
                Topics.NOTIFICATION_REQUESTS,
                Topics.ROUTER_DEAD_LETTERS,
                Topics.DIRECTORY_CAPACITY)
            .stream()
            .map(t -> t.toNewTopic(replicationFactor))
            .toList();
    try (Admin admin = Admin.create(kafka.admin("topic-setup"))) {
      for (var result : admin.createTopics(topics).values().entrySet()) {
        try {
          result.getValue().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create topic " + result.getKey(), e.getCause());
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted creating topics", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "Kafka at " + kafka.settings().bootstrapServers() + " did not answer", e);
    }
  }
}
