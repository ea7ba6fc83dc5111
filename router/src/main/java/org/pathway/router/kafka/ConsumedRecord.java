package org.pathway.router.kafka;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.common.TopicPartition;
import org.pathway.kafkaedge.deadletter.DeadLetter;

/**
 * Where an input record came from, captured on the consumer thread: enough to commit its offset
 * inside the output transaction, fenced by the consumer group's generation.
 */
public record ConsumedRecord(
    TopicPartition partition, long offset, String key, ConsumerGroupMetadata group) {

  /** The {@code topic-partition@offset} form dead-letter headers use. */
  public String source() {
    return DeadLetter.source(partition.topic(), partition.partition(), offset);
  }
}
