package org.pathway.localkafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One secured node for the class (each start costs seconds): SCRAM on SASL_PLAINTEXT and SASL_SSL,
 * ACLs on. The topic has one writer, and the broker, not the clients, keeps it so.
 */
class SecuredBrokerIT {

  private static final String TOPIC = "secured.events";
  private static final String GROUP = "secured-readers";
  // The reader writes a topic of its own, as every Pathway service does: a user with Write on no
  // topic at all is refused earlier, when its idempotent producer asks for an id.
  private static final String REPLIES = "secured.replies";
  private static final ScramUser ADMIN = new ScramUser("admin", "admin-" + UUID.randomUUID());
  private static final ScramUser WRITER = new ScramUser("writer", "writer-" + UUID.randomUUID());
  private static final ScramUser READER = new ScramUser("reader", "reader-" + UUID.randomUUID());

  private static KraftBroker broker;

  @BeforeAll
  static void startSecuredBroker() throws Exception {
    broker =
        KraftBroker.startTemporarySecured(
            BrokerSecurity.scram(ADMIN)
                .withUsers(List.of(WRITER, READER))
                .withAcls(
                    List.of(
                        allow(WRITER, ResourceType.TOPIC, TOPIC, AclOperation.WRITE),
                        allow(READER, ResourceType.TOPIC, TOPIC, AclOperation.READ),
                        allow(READER, ResourceType.TOPIC, REPLIES, AclOperation.WRITE),
                        allow(READER, ResourceType.GROUP, GROUP, AclOperation.READ)))
                .withTls());
    broker.createTopics(
        List.of(new NewTopic(TOPIC, 1, (short) 1), new NewTopic(REPLIES, 1, (short) 1)));
    try (var producer = producer(broker.clientConfig(WRITER))) {
      producer.send(new ProducerRecord<>(TOPIC, "k", "already there")).get();
    }
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void aClientWithoutCredentialsReceivesNoRecord() {
    Map<String, Object> anonymous = new HashMap<>();
    anonymous.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());

    assertThat(readFor(anonymous, Duration.ofSeconds(5))).isEmpty();
  }

  @Test
  void aClientWithAWrongPasswordIsRefused() {
    Map<String, Object> wrong = broker.clientConfig(READER.withPassword("not-the-password"));

    assertThatThrownBy(() -> readFor(wrong, Duration.ofSeconds(10)))
        .isInstanceOf(SaslAuthenticationException.class);
  }

  @Test
  void anUnknownUserIsRefused() {
    Map<String, Object> stranger = broker.clientConfig(new ScramUser("stranger", "whatever"));

    assertThatThrownBy(() -> readFor(stranger, Duration.ofSeconds(10)))
        .isInstanceOf(SaslAuthenticationException.class);
  }

  @Test
  void theReaderReadsWhatTheWriterWrote() {
    assertThat(readFor(broker.clientConfig(READER), Duration.ofSeconds(30)))
        .contains("already there");
  }

  @Test
  void aUserWithoutWriteOnTheTopicCannotWriteIt() throws Exception {
    try (var producer = producer(broker.clientConfig(READER))) {
      producer.send(new ProducerRecord<>(REPLIES, "k", "its own topic")).get();

      var sent = producer.send(new ProducerRecord<>(TOPIC, "k", "forged"));

      assertThatThrownBy(sent::get)
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(TopicAuthorizationException.class);
    }
    assertThat(readFor(broker.clientConfig(READER), Duration.ofSeconds(5)))
        .doesNotContain("forged");
  }

  @Test
  void theWriterWritesAndTheReaderReadsOverTls() throws Exception {
    String value = "over tls " + UUID.randomUUID();
    try (var producer = producer(broker.tlsClientConfig(WRITER))) {
      producer.send(new ProducerRecord<>(TOPIC, "k", value)).get();
    }

    assertThat(readFor(broker.tlsClientConfig(READER), Duration.ofSeconds(30))).contains(value);
  }

  @Test
  void aTlsClientThatDoesNotTrustTheBrokerReceivesNoRecord() {
    Map<String, Object> untrusting = broker.tlsClientConfig(READER);
    untrusting.remove("ssl.truststore.location");
    untrusting.remove("ssl.truststore.password");

    assertThatThrownBy(() -> readFor(untrusting, Duration.ofSeconds(10)))
        .hasMessageContaining("SSL");
  }

  private static AclBinding allow(
      ScramUser user, ResourceType type, String name, AclOperation operation) {
    return new AclBinding(
        new ResourcePattern(type, name, PatternType.LITERAL),
        new AccessControlEntry(user.principal(), "*", operation, AclPermissionType.ALLOW));
  }

  private static KafkaProducer<String, String> producer(Map<String, Object> config) {
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
  }

  /** Every value a fresh member of the readers' group sees within {@code time}. */
  private static List<String> readFor(Map<String, Object> config, Duration time) {
    config.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<String> values = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(TOPIC));
      long deadline = System.nanoTime() + time.toNanos();
      while (System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
        if (!values.isEmpty() && values.contains("already there")) {
          break;
        }
      }
    }
    return values;
  }
}
