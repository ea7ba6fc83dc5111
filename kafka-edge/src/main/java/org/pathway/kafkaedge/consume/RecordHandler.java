package org.pathway.kafkaedge.consume;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What a {@link DurableConsumer} does with each record. {@link #handle} returns once the record's
 * effect is durable. It throws {@link PoisonRecordException} (or lets an {@code
 * EventDecodingException} escape) when the record can never succeed, and any other exception when
 * it might succeed later: the loop then reads the record again after a pause.
 */
public interface RecordHandler {

  /** Makes the record's effect durable; must be idempotent, since a record may come again. */
  void handle(ConsumerRecord<String, byte[]> record);

  /** After every record of a poll is durable and the positions are committed. */
  default void afterCommit() {}

  /** After {@code record} is acknowledged on the dead-letter topic. */
  default void deadLettered(ConsumerRecord<String, byte[]> record, String reason) {}
}
