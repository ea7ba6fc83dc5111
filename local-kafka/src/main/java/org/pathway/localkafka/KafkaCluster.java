package org.pathway.localkafka;

import java.util.Collection;
import java.util.HashMap;
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
   * What an admin client of this cluster needs: where it is and, for a secured cluster we started,
   * how to log in as its super user. A fresh mutable map.
   */
  default Map<String, Object> adminConfig() {
    Map<String, Object> config = new HashMap<>();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return config;
  }

  /** As {@link #createTopics(Map, Collection)}, as this cluster's own {@link #adminConfig()}. */
  default void createTopics(Collection<NewTopic> topics) {
    createTopics(adminConfig(), topics);
  }

  /**
   * Creates the topics that do not exist yet; existing topics are left as they are, so this is safe
   * on every start.
   *
   * @param adminConfig the admin client's properties: where the cluster is, and how to log in
   */
  default void createTopics(Map<String, Object> adminConfig, Collection<NewTopic> topics) {
    try (Admin admin = Admin.create(adminConfig)) {
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
