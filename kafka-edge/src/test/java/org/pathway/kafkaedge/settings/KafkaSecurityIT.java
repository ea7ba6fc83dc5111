package org.pathway.kafkaedge.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.events.topics.Service;
import org.pathway.events.topics.Topic;
import org.pathway.events.topics.Topics;
import org.pathway.kafkaedge.acl.WriterAcls;
import org.pathway.kafkaedge.consume.DurableConsumer;
import org.pathway.kafkaedge.consume.PoisonRecordException;
import org.pathway.localkafka.BrokerSecurity;
import org.pathway.localkafka.KraftBroker;
import org.pathway.localkafka.ScramUser;

/**
 * Pathway's clients, configured only through {@code pathway.kafka.*} ({@link KafkaSettings}), on a
 * broker that authenticates (SCRAM-SHA-512 over SASL_PLAINTEXT and SASL_SSL) and enforces the
 * catalogue's one-writer rule with ACLs. One broker for the class: each start costs seconds.
 */
class KafkaSecurityIT {

  private static final String SCRAM = "SCRAM-SHA-512";
  private static final String READERS = "security-it-router";
  private static final ScramUser ADMIN = user("admin");
  private static final ScramUser ADAPTER = user(Service.FHIR_ADAPTER.id());
  private static final ScramUser ROUTER = user(Service.ROUTER.id());
  private static final ScramUser NOTIFIER = user(Service.NOTIFIER.id());
  private static final String NOTIFIERS = "security-it-notifier";

  private static KraftBroker broker;

  @BeforeAll
  static void startSecuredBroker() {
    List<AclBinding> acls = new ArrayList<>(WriterAcls.forCatalogue(s -> "User:" + s.id()));
    // The router reads referral events in its own group, as deployed.
    acls.add(allow(ROUTER, ResourceType.TOPIC, Topics.REFERRAL_EVENTS.name(), AclOperation.READ));
    acls.add(allow(ROUTER, ResourceType.GROUP, READERS, AclOperation.READ));
    // The notifier reads notification requests in its group; its dead-letter Write is the writer's.
    acls.add(
        allow(
            NOTIFIER, ResourceType.TOPIC, Topics.NOTIFICATION_REQUESTS.name(), AclOperation.READ));
    acls.add(allow(NOTIFIER, ResourceType.GROUP, NOTIFIERS, AclOperation.READ));
    broker =
        KraftBroker.startTemporarySecured(
            BrokerSecurity.scram(ADMIN)
                .withUsers(List.of(ADAPTER, ROUTER, NOTIFIER))
                .withAcls(acls)
                .withTls());
    broker.createTopics(Topics.all().stream().map(t -> t.toNewTopic((short) 1)).toList());
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void clientsBuiltFromSaslSettingsProduceAndConsume() throws Exception {
    String value = "sasl " + UUID.randomUUID();

    send(sasl(ADAPTER), Topics.REFERRAL_EVENTS, value);

    assertThat(read(sasl(ROUTER), Duration.ofSeconds(30), value)).contains(value);
  }

  @Test
  void clientsBuiltFromSaslSslSettingsProduceAndConsume() throws Exception {
    String value = "sasl-ssl " + UUID.randomUUID();

    send(saslSsl(ADAPTER), Topics.REFERRAL_EVENTS, value);

    assertThat(read(saslSsl(ROUTER), Duration.ofSeconds(30), value)).contains(value);
  }

  @Test
  void aClientWithoutCredentialsReadsNothing() throws Exception {
    String value = "unseen " + UUID.randomUUID();
    send(sasl(ADAPTER), Topics.REFERRAL_EVENTS, value);
    var anonymous = KafkaSettings.plaintext(broker.bootstrapServers(), "anonymous", READERS);

    assertThat(read(anonymous, Duration.ofSeconds(5), value)).isEmpty();
  }

  @Test
  void aClientWithAWrongPasswordIsRefused() {
    var wrong = settings(ROUTER.withPassword("not-the-password"), "SASL_PLAINTEXT", false);

    assertThatThrownBy(() -> read(wrong, Duration.ofSeconds(10), "anything"))
        .isInstanceOf(SaslAuthenticationException.class);
  }

  @Test
  void onlyTheCatalogueWriterMayWriteATopic() throws Exception {
    // The router writes its own topics...
    send(sasl(ROUTER), Topics.ROUTING_DECISIONS, "decided");

    // ...but not the notifier's, which it does not read (deployed, a service may also write the
    // topics it reads, for an operator's replay): the broker refuses, whatever the router tries.
    assertThatThrownBy(() -> send(sasl(ROUTER), Topics.NOTIFICATION_RECEIPTS, "forged"))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(TopicAuthorizationException.class);
    assertThatThrownBy(() -> send(sasl(ADAPTER), Topics.NOTIFICATION_REQUESTS, "forged"))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(TopicAuthorizationException.class);
  }

  @Test
  void theDurableConsumerLoopRunsOnTheNotifiersGrantsAlone() throws Exception {
    String key = "referral-" + UUID.randomUUID();
    send(sasl(ROUTER), Topics.NOTIFICATION_REQUESTS, key, "deliver me");
    send(sasl(ROUTER), Topics.NOTIFICATION_REQUESTS, key, "poison");
    List<String> handled = Collections.synchronizedList(new ArrayList<>());
    var notifier = new KafkaClients(sasl(NOTIFIER).withGroupId(NOTIFIERS));

    try (var deadLetters =
            new KafkaProducer<>(
                notifier.producer("dlq"), new StringSerializer(), new ByteArraySerializer());
        var loop =
            new DurableConsumer(
                notifier.consumer("requests"),
                deadLetters,
                new DurableConsumer.Settings(
                    "security-it",
                    List.of(Topics.NOTIFICATION_REQUESTS.name()),
                    Service.NOTIFIER,
                    Duration.ofMillis(200),
                    Duration.ofMillis(50),
                    Duration.ofMillis(200)),
                r -> {
                  String value = new String(r.value(), StandardCharsets.UTF_8);
                  if (value.equals("poison")) {
                    throw new PoisonRecordException("refused in the test");
                  }
                  handled.add(value);
                },
                Clock.systemUTC())) {
      loop.start();

      // the good record is handled, the poison one dead-lettered, and the group's offsets committed
      await().atMost(Duration.ofSeconds(60)).until(() -> committed(NOTIFIERS) == 2);
      assertThat(handled).containsExactly("deliver me");
      assertThat(loop.lastError()).isNull();
    }
    assertThat(readAsAdmin(Topics.NOTIFIER_DEAD_LETTERS, key)).containsExactly("poison");
  }

  private static long committed(String group) throws Exception {
    try (Admin admin = Admin.create(broker.adminConfig())) {
      return admin
          .listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata()
          .get()
          .values()
          .stream()
          .filter(o -> o != null)
          .mapToLong(OffsetAndMetadata::offset)
          .sum();
    }
  }

  /** The values with {@code key} on {@code topic}, read as the super user from the beginning. */
  private static List<String> readAsAdmin(Topic topic, String key) {
    Map<String, Object> config = broker.adminConfig();
    List<String> values = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(topic.name())
          .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline
          && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        consumer
            .poll(Duration.ofMillis(200))
            .forEach(
                r -> {
                  if (key.equals(r.key())) {
                    values.add(r.value());
                  }
                });
      }
    }
    return values;
  }

  private static KafkaSettings sasl(ScramUser user) {
    return settings(user, "SASL_PLAINTEXT", false);
  }

  private static KafkaSettings saslSsl(ScramUser user) {
    return settings(user, "SASL_SSL", true);
  }

  /** What a service's application.yml binds from KAFKA_SECURITY_PROTOCOL and its companions. */
  private static KafkaSettings settings(ScramUser user, String protocol, boolean tls) {
    return new KafkaSettings(
        tls ? broker.tlsBootstrapServers() : broker.bootstrapServers(),
        user.name(),
        READERS,
        null,
        protocol,
        SCRAM,
        user.jaasConfig(),
        tls ? broker.trustStore().toString() : null,
        tls ? broker.trustStorePassword() : null,
        null,
        null);
  }

  private static void send(KafkaSettings settings, Topic topic, String value) throws Exception {
    send(settings, topic, "referral-1", value);
  }

  private static void send(KafkaSettings settings, Topic topic, String key, String value)
      throws Exception {
    Map<String, Object> config = new KafkaClients(settings).producer("it");
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    try (var producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic.name(), key, value)).get();
    }
  }

  /** What a fresh member of the readers' group sees of referral events within {@code time}. */
  private static List<String> read(KafkaSettings settings, Duration time, String awaited) {
    List<String> values = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(
            new KafkaClients(settings).consumer("it"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of(Topics.REFERRAL_EVENTS.name()));
      long deadline = System.nanoTime() + time.toNanos();
      while (System.nanoTime() < deadline && !values.contains(awaited)) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
      }
    }
    return values;
  }

  private static AclBinding allow(
      ScramUser user, ResourceType type, String name, AclOperation operation) {
    return new AclBinding(
        new ResourcePattern(type, name, PatternType.LITERAL),
        new AccessControlEntry(user.principal(), "*", operation, AclPermissionType.ALLOW));
  }

  private static ScramUser user(String name) {
    return new ScramUser(name, name + "-" + UUID.randomUUID());
  }
}
