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
 * @param keyType the record key type: a referral id, or a group id on the directory's topic
 * @param valueTypes the event types allowed as values; empty for a dead-letter topic, whose values
 *     are the original bytes of the record that could not be handled
 * @param writer the one service allowed to produce to it
 * @param partitions default partition count
 * @param retention default retention (of the log's tail, when compacted)
 * @param compacted whether only the latest record per key is kept ({@code cleanup.policy=compact})
 */
public record Topic(
    String name,
    Class<?> keyType,
    List<Class<? extends SpecificRecord>> valueTypes,
    Service writer,
    int partitions,
    Duration retention,
    boolean compacted) {

  public Topic {
    valueTypes = List.copyOf(valueTypes);
  }

  /** A topic that keeps every record for its retention. */
  public Topic(
      String name,
      Class<?> keyType,
      List<Class<? extends SpecificRecord>> valueTypes,
      Service writer,
      int partitions,
      Duration retention) {
    this(name, keyType, valueTypes, writer, partitions, retention, false);
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
    if (compacted) {
      configs.put("cleanup.policy", "compact");
    }
    if (replicationFactor >= 3) {
      configs.put("min.insync.replicas", "2");
    }
    return new NewTopic(name, partitions, replicationFactor).configs(configs);
  }
}
