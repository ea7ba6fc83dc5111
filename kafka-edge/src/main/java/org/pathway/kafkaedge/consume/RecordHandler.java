package org.pathway.kafkaedge.consume;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * What a {@link DurableConsumer} does with each record. {@link #handle} returns once the record's
 * effect is durable. It throws {@link PoisonRecordException} (or lets an {@code
 * EventDecodingException} escape) when the record can never succeed, and any other exception when
 * it might succeed later: the loop then reads the record again after a pause.
 *
 * <p>A handler may instead make a whole poll durable at once ({@link #batched}): {@link #handle}
 * then only stages each record's effect, {@link #commitBatch} makes them all durable before the
 * positions are committed, and {@link #abortBatch} drops what was staged when anything failed, so
 * the whole poll is read again. A poison record must leave nothing staged.
 */
public interface RecordHandler {

  /**
   * Makes the record's effect durable (or stages it); must be idempotent: a record may come again.
   */
  void handle(ConsumerRecord<String, byte[]> record);

  /** True when the effects of a poll become durable only in {@link #commitBatch}. */
  default boolean batched() {
    return false;
  }

  /**
   * Before the first record of a poll that carries records, with all of them: a handler may look up
   * what it needs for the whole poll at once (which of its events it has seen before).
   */
  default void beginBatch(ConsumerRecords<String, byte[]> records) {}

  /**
   * After every record of the poll was handled or dead-lettered, before the positions are
   * committed: makes what {@link #handle} staged durable, or throws and the poll is read again.
   */
  default void commitBatch() {}

  /** After a failure anywhere in the poll: what was staged since {@link #beginBatch} is dropped. */
  default void abortBatch() {}

  /** After every record of a poll is durable and the positions are committed. */
  default void afterCommit() {}

  /** After {@code record} is acknowledged on the dead-letter topic. */
  default void deadLettered(ConsumerRecord<String, byte[]> record, String reason) {}
}
