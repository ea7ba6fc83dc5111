package org.pathway.deadletters.inbox;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One record of a dead-letter topic, as it was written: where it sits, the dead-letter headers
 * ({@code pathway.dlq.reason/source/by}), the original key, headers and value bytes.
 *
 * @param id {@code partition-offset} on the service's dead-letter topic, the handle in the API
 * @param topic the dead-letter topic
 * @param time the record's timestamp (when it was dead-lettered)
 * @param source {@code topic-partition@offset} the original was read from, as written
 * @param headers every header, dead-letter ones included, in order
 */
public record DeadLetterEntry(
    String id,
    String topic,
    int partition,
    long offset,
    Instant time,
    String key,
    String reason,
    String source,
    String by,
    List<Header> headers,
    byte[] value) {

  /** A header as read: its name and raw bytes. */
  public record Header(String name, byte[] value) {}

  /** The API's handle for the record at {@code partition}, {@code offset}. */
  public static String id(int partition, long offset) {
    return partition + "-" + offset;
  }

  /** The partition and offset an API handle names, if it is one. */
  public static Optional<long[]> position(String id) {
    if (id == null || !id.matches("\\d{1,9}-\\d{1,18}")) {
      return Optional.empty();
    }
    int dash = id.indexOf('-');
    return Optional.of(
        new long[] {Long.parseLong(id.substring(0, dash)), Long.parseLong(id.substring(dash + 1))});
  }
}
