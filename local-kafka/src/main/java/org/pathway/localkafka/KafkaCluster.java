package org.pathway.localkafka;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** A running Kafka cluster Pathway can talk to: where it is, and how to stop it if we own it. */
public interface KafkaCluster extends AutoCloseable {

  /** The {@code bootstrap.servers} value for clients of this cluster. */
  String bootstrapServers();

  /** One line for logs and start-up banners: what kind of cluster this is and where. */
  String description();

  /**
   * Creates the topics that do not exist yet; existing topics are left as they are, so this is safe
   * on every start.
   */
  default void createTopics(Collection<NewTopic> topics) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
      for (var result : admin.createTopics(topics).values().values()) {
        try {
          result.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("could not create topic on " + description(), e);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out creating topics on " + description(), e);
    }
  }

  /** Stops the cluster if this process started it; a no-op for an external cluster. */
  @Override
  void close();
}
