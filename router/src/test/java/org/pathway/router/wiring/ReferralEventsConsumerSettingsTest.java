package org.pathway.router.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.pathway.kafkaedge.settings.KafkaClients;
import org.pathway.kafkaedge.settings.KafkaSettings;

class ReferralEventsConsumerSettingsTest {

  @Test
  void referralEventsConsumersGetTheSharedConnectionAndSecuritySettings() {
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

    // when the second consumer thread's properties are built
    var properties = router.referralEventsConsumer(new KafkaClients(settings), 1);

    // then they carry the shared settings, the group, no auto-commit, and a client id of its own
    assertThat(properties)
        .containsEntry("bootstrap.servers", "broker-1:9093")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12")
        .containsEntry("group.id", "pathway-router")
        .containsEntry("client.id", "router-referral-events-router-7-1")
        .containsEntry("isolation.level", "read_committed")
        .containsEntry("enable.auto.commit", false)
        .containsEntry("max.poll.records", 200)
        .containsEntry("session.timeout.ms", 15_000);
  }
}
