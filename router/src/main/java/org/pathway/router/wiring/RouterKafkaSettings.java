package org.pathway.router.wiring;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.pathway.kafkaedge.settings.KafkaClients;

/**
 * The router's own Kafka settings, beside the connection settings every service shares ({@code
 * KafkaSettings}, same prefix): how many consumer threads read referral events, and what names
 * their transactions.
 *
 * @param instanceId unique per running instance and stable across its restarts: the transactional
 *     ids are {@code <group-id>-<instance-id>-<n>}
 * @param consumers consumer threads on referral events, each with its own transactional producer
 * @param maxPollRecords records per poll of each consumer thread
 * @param replicationFactor of the topics created at start-up if absent
 * @param transactionTimeout how long the broker keeps a transaction of a dead producer open
 */
@ConfigurationProperties("pathway.kafka")
public record RouterKafkaSettings(
    String instanceId,
    int consumers,
    int maxPollRecords,
    short replicationFactor,
    Duration transactionTimeout) {

  public RouterKafkaSettings {
    if (instanceId == null || instanceId.isBlank()) {
      throw new IllegalArgumentException(
          "pathway.kafka.instance-id (ROUTER_INSTANCE_ID) must not be blank");
    }
    if (consumers < 1) {
      throw new IllegalArgumentException(
          "pathway.kafka.consumers (ROUTER_KAFKA_CONSUMERS) must be at least 1, not " + consumers);
    }
    if (maxPollRecords < 1) {
      throw new IllegalArgumentException(
          "pathway.kafka.max-poll-records must be at least 1, not " + maxPollRecords);
    }
    if (replicationFactor < 1) {
      throw new IllegalArgumentException(
          "pathway.kafka.replication-factor (ROUTER_KAFKA_REPLICATION_FACTOR) must be at least 1,"
              + " not "
              + replicationFactor);
    }
    if (transactionTimeout == null
        || transactionTimeout.isNegative()
        || transactionTimeout.isZero()) {
      throw new IllegalArgumentException(
          "pathway.kafka.transaction-timeout must be positive, not " + transactionTimeout);
    }
  }

  /**
   * The properties of consumer thread {@code thread} on referral events: the connection and
   * security every client shares, the group, read_committed, no auto-commit, and this poll size; a
   * client id per thread, so each consumer's metrics and logs are its own.
   */
  public Map<String, Object> referralEventsConsumer(KafkaClients kafka, int thread) {
    Map<String, Object> config = kafka.consumer("referral-events-" + instanceId + "-" + thread);
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
    return config;
  }
}
