package org.pathway.reporting.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

class StreamsPropertiesTest {

  private static Properties serviceDefaults() {
    return StreamsProperties.of(
        Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092"),
        new org.pathway.reporting.config.StreamsConfig(
            "pathway-reporting", "/tmp/state", Duration.ofSeconds(1), 1, 4096),
        "");
  }

  @Test
  void taskIdlingIsOffBecauseEveryTaskReadsOnePartitionOfOneTopic() {
    // given the topology: idling could only order records across a task's several inputs
    TopologyDescription described = JourneyTopology.build(4096).describe();
    long sources =
        described.subtopologies().stream()
            .flatMap(s -> s.nodes().stream())
            .filter(TopologyDescription.Source.class::isInstance)
            .map(TopologyDescription.Source.class::cast)
            .mapToLong(s -> s.topicSet().size())
            .sum();

    // when the service's properties are made
    Properties props = serviceDefaults();

    // then one input topic in one sub-topology, and idling disabled
    assertThat(described.subtopologies()).hasSize(1);
    assertThat(sources).isEqualTo(1);
    assertThat(props.get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG))
        .isEqualTo(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
  }

  @Test
  void theServiceCommitsEverySecondAtLeastOnce() {
    // when the service's properties are made from its defaults
    Properties props = serviceDefaults();

    // then at-least-once (the fold is idempotent) and the configured commit interval
    assertThat(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
        .isEqualTo(StreamsConfig.AT_LEAST_ONCE);
    assertThat(props.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(1000L);
  }
}
