package org.pathway.router.kafka;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.common.TopicPartition;
import org.pathway.kafkaedge.deadletter.DeadLetter;

/**
 * Where an input record came from, captured on the consumer thread: enough to commit its offset
 * inside the output transaction, fenced by the consumer group's generation. {@code endsPoll} is
 * true for the last record of its consumer's poll, after which the poll's transaction commits.
 */
public record ConsumedRecord(
    TopicPartition partition,
    long offset,
    String key,
    ConsumerGroupMetadata group,
    boolean endsPoll) {

  /** A record that is a poll of its own: its transaction commits with it. */
  public ConsumedRecord(
      TopicPartition partition, long offset, String key, ConsumerGroupMetadata group) {
    this(partition, offset, key, group, true);
  }

  /** The {@code topic-partition@offset} form dead-letter headers use. */
  public String source() {
    return DeadLetter.source(partition.topic(), partition.partition(), offset);
  }
}
