package org.pathway.reporting.streams;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/**
 * The Kafka Streams properties the journeys topology runs with, made from the service's settings in
 * one place, so benchmark B10 measures exactly what the service runs.
 */
public final class StreamsProperties {

  private StreamsProperties() {}

  /**
   * Properties for {@code connection} (bootstrap servers, security) and the service's settings;
   * {@code applicationServer} is this instance's {@code host:port} for its peers, or empty.
   */
  public static Properties of(
      Map<String, Object> connection,
      org.pathway.reporting.config.StreamsConfig settings,
      String applicationServer) {
    Properties props = new Properties();
    props.putAll(connection);
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
    props.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir());
    // Each commit flushes the store's cache to RocksDB and the changelog and waits for the
    // changelog's acks: under B10 a 100 ms interval kept the stream thread parked on that flush
    // several times a second. The interval is also how stale a restart can make the figures
    // (at-least-once: the events since the last commit are folded again, which changes nothing).
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.commitInterval().toMillis());
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.threads());
    // The fold is idempotent (first mark wins, scores by observation id): at-least-once suffices.
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
    // A record no shipped schema reads is the adapter's bug, logged; it must not stop every figure.
    props.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        LogAndContinueExceptionHandler.class);
    // Task idling orders records across a task's input partitions (joins, merges); each of this
    // topology's tasks reads one partition of one topic, so there is nothing to order. Left at
    // its default (0), Kafka Streams 4.3 builds a String.format log line per partition on every
    // readiness check, logged or not (KAFKA-19682): 4.5 % of the stream thread under B10.
    props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
    props.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
    if (!applicationServer.isEmpty()) {
      // Shared with the group, so each instance learns where the others are and what they hold.
      props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
    }
    return props;
  }
}
