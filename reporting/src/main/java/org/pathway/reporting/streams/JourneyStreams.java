package org.pathway.reporting.streams;

import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.pathway.kafkaedge.settings.KafkaClients;
import org.pathway.reporting.config.StreamsConfig;
import org.pathway.reporting.journey.Journey;

/**
 * Runs {@link JourneyTopology} for the life of the service and reads its store. Starts with the
 * service; a journeys store not ready yet (restoring from its changelog) answers {@link
 * NotReadyException}, which the API turns into 503.
 */
@Context
public final class JourneyStreams {

  private final KafkaStreams streams;

  public JourneyStreams(KafkaClients kafka, StreamsConfig config) {
    Properties props = StreamsProperties.of(kafka.admin("streams"), config);
    streams = new KafkaStreams(JourneyTopology.build(), props);
    streams.start();
  }

  /** Whether the topology is running (its store queryable). */
  public boolean running() {
    return streams.state() == KafkaStreams.State.RUNNING;
  }

  /** The topology's state, for health. */
  public KafkaStreams.State state() {
    return streams.state();
  }

  /** Every journey in this instance's store. */
  public List<Journey> journeys() {
    if (!running()) {
      throw new NotReadyException(streams.state().name());
    }
    ReadOnlyKeyValueStore<String, Journey> store =
        streams.store(
            StoreQueryParameters.fromNameAndType(
                JourneyTopology.JOURNEYS, QueryableStoreTypes.<String, Journey>keyValueStore()));
    List<Journey> all = new ArrayList<>();
    try (KeyValueIterator<String, Journey> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<String, Journey> kv = it.next();
        if (kv.value != null) {
          all.add(kv.value);
        }
      }
    }
    return all;
  }

  @PreDestroy
  void close() {
    streams.close(Duration.ofSeconds(30));
  }

  /** The store cannot be read yet. */
  public static final class NotReadyException extends RuntimeException {
    public NotReadyException(String state) {
      super("reporting is " + state.toLowerCase(java.util.Locale.ROOT) + ", not running yet");
    }
  }
}
