package org.pathway.reporting.streams;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.pathway.events.topics.Topics;
import org.pathway.kafkaedge.settings.KafkaClients;
import org.pathway.reporting.config.PeersConfig;
import org.pathway.reporting.config.StreamsConfig;
import org.pathway.reporting.journey.Journey;

/**
 * Runs {@link JourneyTopology} for the life of the service and reads its store: this instance's
 * partitions' journeys, and who holds the others ({@code peers.AllJourneys} puts them together).
 * Starts with the service; a journeys store not ready yet (restoring from its changelog, or
 * rebalancing) answers {@link NotReadyException}, which the API turns into 503.
 */
@Context
public final class JourneyStreams {

  private static final Duration PARTITION_COUNT_TTL = Duration.ofSeconds(30);

  private final KafkaStreams streams;
  private final Admin admin;
  // host:port at which the other instances reach this one; empty without peers.
  private final String self;
  private volatile int partitionCount;
  private volatile long partitionCountAt;

  public JourneyStreams(
      KafkaClients kafka,
      StreamsConfig config,
      PeersConfig peers,
      @Property(name = "micronaut.server.port") @Nullable Integer httpPort) {
    self = peers.enabled() ? peers.hostAndPort(httpPort == null ? 8084 : httpPort) : "";
    Properties props = StreamsProperties.of(kafka.admin("streams"), config, self);
    admin = Admin.create(kafka.admin("partitions"));
    streams = new KafkaStreams(JourneyTopology.build(config.keptJourneys()), props);
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

  /** This instance's journeys, and the partitions of the referral events they were folded from. */
  public record Local(Set<Integer> partitions, List<Journey> journeys) {}

  /**
   * Every journey in this instance's store, with the partitions it holds; the partitions are read
   * before and after the store, so a rebalance in between answers {@link NotReadyException} rather
   * than a mix of two assignments.
   */
  public Local local() {
    if (!running()) {
      throw new NotReadyException(streams.state().name());
    }
    Set<Integer> before = activePartitions();
    List<Journey> all = new ArrayList<>();
    try {
      ReadOnlyKeyValueStore<String, Journey> store =
          streams.store(
              StoreQueryParameters.fromNameAndType(
                  JourneyTopology.JOURNEYS, QueryableStoreTypes.<String, Journey>keyValueStore()));
      try (KeyValueIterator<String, Journey> it = store.all()) {
        while (it.hasNext()) {
          KeyValue<String, Journey> kv = it.next();
          if (kv.value != null) {
            all.add(kv.value);
          }
        }
      }
    } catch (InvalidStateStoreException e) {
      throw new NotReadyException(KafkaStreams.State.REBALANCING.name());
    }
    if (!before.equals(activePartitions())) {
      throw new NotReadyException(KafkaStreams.State.REBALANCING.name());
    }
    return new Local(before, all);
  }

  /**
   * The {@code host:port} of every other instance that holds partitions, as each advertised itself
   * ({@code application.server}); empty when the instances advertise none.
   */
  public List<String> others() {
    return streams.metadataForAllStreamsClients().stream()
        .filter(m -> !m.topicPartitions().isEmpty())
        .map(m -> m.hostInfo().host() + ":" + m.hostInfo().port())
        .filter(address -> !address.equals(self))
        .distinct()
        .toList();
  }

  /** How many partitions the referral events topic has (read from the broker, kept a while). */
  public int partitions() {
    long now = System.nanoTime();
    if (partitionCount > 0 && now - partitionCountAt < PARTITION_COUNT_TTL.toNanos()) {
      return partitionCount;
    }
    try {
      String topic = Topics.REFERRAL_EVENTS.name();
      partitionCount =
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get(10, TimeUnit.SECONDS)
              .get(topic)
              .partitions()
              .size();
      partitionCountAt = now;
      return partitionCount;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NotReadyException("interrupted");
    } catch (ExecutionException | TimeoutException e) {
      throw new NotReadyException("unable to reach Kafka");
    }
  }

  private Set<Integer> activePartitions() {
    Set<Integer> partitions = new TreeSet<>();
    for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
      for (TaskMetadata task : thread.activeTasks()) {
        for (TopicPartition tp : task.topicPartitions()) {
          if (tp.topic().equals(Topics.REFERRAL_EVENTS.name())) {
            partitions.add(tp.partition());
          }
        }
      }
    }
    return partitions;
  }

  @PreDestroy
  void close() {
    streams.close(Duration.ofSeconds(30));
    admin.close(Duration.ofSeconds(5));
  }

  /** The journeys cannot all be read yet. */
  public static final class NotReadyException extends RuntimeException {
    public NotReadyException(String state) {
      super("reporting is " + state.toLowerCase(java.util.Locale.ROOT) + ", not running yet");
    }

    private NotReadyException(String why, boolean explained) {
      super(why);
    }

    /** Not ready, for the reason given in full. */
    public static NotReadyException because(String why) {
      return new NotReadyException(why, true);
    }
  }
}
