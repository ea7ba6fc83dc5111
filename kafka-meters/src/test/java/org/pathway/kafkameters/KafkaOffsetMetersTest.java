package org.pathway.kafkameters;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

/** When the meters make their Kafka clients; no broker is needed (nothing answers on port 9). */
class KafkaOffsetMetersTest {

  @Test
  void buildingTheMetersMakesNoKafkaClientUntilTheFirstRead() throws Exception {
    // Given meters whose clients would register under this id (Kafka's app-info MBeans)
    String id = "offset-meters-lazy-" + System.nanoTime();
    var settings =
        new KafkaOffsetMeters.Settings(
            Map.of("group", List.of("topic")),
            List.of("dlq"),
            Duration.ofHours(1),
            Duration.ofMillis(300));
    try (var meters =
        new KafkaOffsetMeters(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                "127.0.0.1:9",
                AdminClientConfig.CLIENT_ID_CONFIG,
                id),
            settings)) {
      // When they are only built, then neither the admin client nor the dead-letter reader exists
      assertThat(registered("kafka.admin.client", id)).isFalse();
      assertThat(registered("kafka.consumer", id + "-dlq")).isFalse();

      // When the first read runs (and fails: nothing answers), then both exist
      assertThat(meters.refresh()).isFalse();
      assertThat(registered("kafka.admin.client", id)).isTrue();
      assertThat(registered("kafka.consumer", id + "-dlq")).isTrue();

      meters.close();
      // And closing them closes both
      assertThat(registered("kafka.admin.client", id)).isFalse();
      assertThat(registered("kafka.consumer", id + "-dlq")).isFalse();
    }
  }

  private static boolean registered(String domain, String clientId)
      throws MalformedObjectNameException {
    return ManagementFactory.getPlatformMBeanServer()
        .isRegistered(new ObjectName(domain + ":type=app-info,id=" + clientId));
  }
}
