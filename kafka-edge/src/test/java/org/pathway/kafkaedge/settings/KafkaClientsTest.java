package org.pathway.kafkaedge.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {

  private static final String JAAS =
      "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"p\";";

  private static KafkaSettings secured() {
    return new KafkaSettings(
        "broker-1:9093,broker-2:9093",
        "fhir-adapter",
        "fhir-adapter-ledger-applier",
        Duration.ofSeconds(45),
        "sasl_ssl",
        "SCRAM-SHA-512",
        JAAS,
        "/etc/kafka/truststore.p12",
        "trust-secret",
        "/etc/kafka/keystore.p12",
        "key-secret");
  }

  private static final Map<String, Object> SECURITY =
      Map.of(
          "bootstrap.servers", "broker-1:9093,broker-2:9093",
          "security.protocol", "SASL_SSL",
          "sasl.mechanism", "SCRAM-SHA-512",
          "sasl.jaas.config", JAAS,
          "ssl.truststore.location", "/etc/kafka/truststore.p12",
          "ssl.truststore.password", "trust-secret",
          "ssl.keystore.location", "/etc/kafka/keystore.p12",
          "ssl.keystore.password", "key-secret");

  @Test
  void saslAndTlsSettingsReachEveryClientKind() {
    var clients = new KafkaClients(secured());

    var producer = clients.producer("outbox");
    var transactional = clients.transactionalProducer("router", "pathway-router-router-1-0");
    var consumer = clients.consumer("applier");
    var admin = clients.admin("offset-meters");

    for (var config : java.util.List.of(producer, transactional, consumer, admin)) {
      assertThat(config).containsAllEntriesOf(SECURITY);
    }
    // and every key is one the client kind knows, so Kafka does not ignore it with a warning
    assertThat(ProducerConfig.configNames()).containsAll(producer.keySet());
    assertThat(ProducerConfig.configNames()).containsAll(transactional.keySet());
    assertThat(ConsumerConfig.configNames()).containsAll(consumer.keySet());
    assertThat(AdminClientConfig.configNames()).containsAll(admin.keySet());
  }

  @Test
  void producersAreAcknowledgedByAllReplicasAndIdempotent() {
    var clients = new KafkaClients(secured());

    var producer = clients.producer("outbox");
    var transactional = clients.transactionalProducer("router", "tx-0");

    assertThat(producer)
        .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
        .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
        .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "fhir-adapter-outbox")
        .doesNotContainKey(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    assertThat(transactional)
        .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
        .containsEntry(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-0");
  }

  @Test
  void consumersCommitOnlyWhenToldAndReadOnlyCommittedTransactions() {
    var consumer = new KafkaClients(secured()).consumer("applier");

    assertThat(consumer)
        .containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "fhir-adapter-ledger-applier")
        .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
        .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
        .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
        .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 45_000)
        .containsEntry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 15_000);
  }

  @Test
  void aPlaintextClusterGetsNoSecuritySettings() {
    var clients = new KafkaClients(KafkaSettings.plaintext("127.0.0.1:9092", "router", null));

    assertThat(clients.admin("health").keySet())
        .isEqualTo(Set.of("bootstrap.servers", "client.id"));
    assertThatThrownBy(() -> clients.consumer("in"))
        .hasMessage("pathway.kafka.group-id must be set to consume");
  }

  @Test
  void aBlankBootstrapIsRefusedNamingTheSetting() {
    assertThatThrownBy(() -> KafkaSettings.plaintext(" ", "router", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pathway.kafka.bootstrap-servers (KAFKA_BOOTSTRAP_SERVERS) must not be blank");
  }

  @Test
  void saslWithoutAMechanismOrLoginIsRefused() {
    assertThatThrownBy(
            () ->
                new KafkaSettings(
                    "b:9093", "n", null, null, "SASL_SSL", "", JAAS, null, null, null, null))
        .hasMessageStartingWith("pathway.kafka.sasl-mechanism (KAFKA_SASL_MECHANISM)");
    assertThatThrownBy(
            () ->
                new KafkaSettings(
                    "b:9093", "n", null, null, "SASL_SSL", "PLAIN", null, null, null, null, null))
        .hasMessageStartingWith("pathway.kafka.sasl-jaas-config (KAFKA_SASL_JAAS_CONFIG)");
  }

  @Test
  void settingsThatWouldBeIgnoredAreRefused() {
    assertThatThrownBy(
            () ->
                new KafkaSettings(
                    "b:9092", "n", null, null, null, null, null, "/t.p12", "x", null, null))
        .hasMessage(
            "pathway.kafka.ssl-truststore-location (KAFKA_SSL_TRUSTSTORE_LOCATION) needs security"
                + " protocol SSL or SASL_SSL, not PLAINTEXT");
    assertThatThrownBy(
            () ->
                new KafkaSettings(
                    "b:9092", "n", null, null, "TLS", null, null, null, null, null, null))
        .hasMessageStartingWith("pathway.kafka.security-protocol (KAFKA_SECURITY_PROTOCOL)");
  }

  @Test
  void secretsStayOutOfToString() {
    assertThat(secured().toString())
        .contains("SASL_SSL", "broker-1:9093")
        .doesNotContain("trust-secret", "key-secret", "password=\"p\"");
  }
}
