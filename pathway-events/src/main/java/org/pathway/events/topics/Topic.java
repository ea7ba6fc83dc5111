package org.pathway.events.topics;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * One Kafka topic in the catalogue.
 *
 * @param name the topic name
 * @param keyType the record key type; every Pathway topic is keyed by referral id
 * @param valueTypes the event types allowed as values; empty for a dead-letter topic, whose values
 *     are the original bytes of the record that could not be handled
 * @param writer the one service allowed to produce to it
 * @param partitions default partition count
 * @param retention default retention
 */
public record Topic(
    String name,
    Class<?> keyType,
    List<Class<? extends SpecificRecord>> valueTypes,
    Service writer,
    int partitions,
    Duration retention) {

  public Topic {
    valueTypes = List.copyOf(valueTypes);
  }

  /** True for a dead-letter topic: values are original bytes, reasons travel in headers. */
  public boolean isDeadLetter() {
    return valueTypes.isEmpty();
  }

  /** True when {@code type} may be written to this topic. */
  public boolean accepts(Class<?> type) {
    return valueTypes.contains(type);
  }

  /**
   * This topic as an admin request. With three or more replicas a write needs two in sync, so an
   * acknowledged record survives the loss of any one broker.
   */
  public NewTopic toNewTopic(short replicationFactor) {
    Map<String, String> configs = new HashMap<>();
    configs.put("retention.ms", Long.toString(retention.toMillis()));
    if (replicationFactor >= 3) {
      configs.put("min.insync.replicas", "2");
    }
    return new NewTopic(name, partitions, replicationFactor).configs(configs);
  }
}
