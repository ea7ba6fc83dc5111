package org.pathway.router.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.pathway.kafkaedge.settings.KafkaClients;
import org.pathway.kafkaedge.settings.KafkaSettings;

class CamelKafkaSettingsTest {

  @Test
  void camelKafkaConsumersGetTheSharedConnectionAndSecuritySettings() {
    // given SASL over TLS in pathway.kafka.*
    var settings =
        new KafkaSettings(
            "broker-1:9093",
            "router",
            "pathway-router",
            Duration.ofSeconds(15),
            "SASL_SSL",
            "SCRAM-SHA-512",
            "org.apache.kafka.common.security.scram.ScramLoginModule required;",
            "/etc/kafka/truststore.p12",
            "trust-secret",
            null,
            null);
    var router = new RouterKafkaSettings("router-7", 3, 200, (short) 1, Duration.ofSeconds(30));

    // when the kafka component builds a consumer's properties the way its endpoints do
    var component = new RouterFactory().kafkaComponent(new KafkaClients(settings), router);
    var properties = component.getConfiguration().copy().createConsumerProperties();

    // then Camel's own defaults (PLAINTEXT, auto-commit) are overridden by the shared settings
    assertThat(properties)
        .containsEntry("bootstrap.servers", "broker-1:9093")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12")
        .containsEntry("group.id", "pathway-router")
        .containsEntry("client.id", "router-referral-events-router-7")
        .containsEntry("isolation.level", "read_committed")
        .containsEntry("enable.auto.commit", false)
        .containsEntry("max.poll.records", 200)
        .containsEntry("session.timeout.ms", 15_000);
  }
}
