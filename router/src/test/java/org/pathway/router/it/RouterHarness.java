package org.pathway.router.it;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.pathway.events.avro.EventEnvelope;
import org.pathway.events.serde.EventSerializer;
import org.pathway.events.topics.Topic;
import org.pathway.events.topics.Topics;
import org.pathway.localkafka.KafkaCluster;
import org.pathway.localkafka.KafkaClusters;
import org.pathway.testsupport.database.TestDatabase;
import org.pathway.testsupport.kafka.TopicTail;

/**
 * A real broker with the catalogue's topics, a throw-away PostgreSQL database, and producers that
 * write referral events as the fhir-adapter's outbox relay would.
 */
public final class RouterHarness implements AutoCloseable {

  public final KafkaCluster kafka;
  public final TestDatabase database;

  /** The issuer whose operator tokens the router's management port accepts. */
  public final OperatorTokens access;

  public final String groupId = "router-it-" + UUID.randomUUID();
  private final KafkaProducer<String, SpecificRecord> events;
  private final KafkaProducer<String, byte[]> raw;

  /** On the test JVM's shared broker, emptied for this class. */
  public RouterHarness() {
    this(KafkaClusters.forTestClass());
  }

  /**
   * On a broker of its own, for a test that kills a router: a killed member stays in its group
   * until its session times out, which would hold up the next class on a shared broker.
   */
  public static RouterHarness withOwnBroker() {
    return new RouterHarness(KafkaClusters.forTests());
  }

  private RouterHarness(KafkaCluster cluster) {
    try {
      access = new OperatorTokens();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the test token issuer", e);
    }
    kafka = cluster;
    kafka.createTopics(Topics.all().stream().map(t -> t.toNewTopic((short) 1)).toList());
    database = TestDatabase.create("router");
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true);
    events = new KafkaProducer<>(config, new StringSerializer(), new EventSerializer());
    raw = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
  }

  /** Settings for a router instance in this harness; callers may override any. */
  public Map<String, Object> routerProperties(String instanceId) {
    Map<String, Object> p = new HashMap<>();
    p.put("micronaut.server.port", -1);
    p.put("pathway.kafka.bootstrap-servers", kafka.bootstrapServers());
    p.put("pathway.kafka.group-id", groupId);
    p.put("pathway.kafka.instance-id", instanceId);
    p.put("pathway.kafka.session-timeout", "6s");
    p.put("pathway.redelivery.initial-delay", "20ms");
    p.put("pathway.redelivery.max-delay", "200ms");
    p.put("pathway.metrics.lag-interval", "1s");
    p.putAll(database.datasourceProperties());
    p.putAll(access.properties());
    p.putAll(org.pathway.router.TestLinks.properties());
    return p;
  }

  /** Starts a router instance with its HTTP server (health, metrics) on a free port. */
  public ApplicationContext startRouter(String instanceId) {
    return startRouter(routerProperties(instanceId));
  }

  public ApplicationContext startRouter(Map<String, Object> properties) {
    return ApplicationContext.run(EmbeddedServer.class, properties).getApplicationContext();
  }

  /** As {@link #startRouter(String)}, with beans of the test's own, e.g. a {@code TestClock}. */
  public ApplicationContext startRouter(String instanceId, Object... singletons) {
    ApplicationContext context =
        ApplicationContext.builder()
            .properties(routerProperties(instanceId))
            .singletons(singletons)
            .start();
    context.getBean(EmbeddedServer.class).start();
    return context;
  }

  /** Sends {@code event} keyed by its referral id and waits for the broker's acknowledgement. */
  public void send(SpecificRecord event) {
    EventEnvelope envelope =
        (EventEnvelope) event.get(event.getSchema().getField("envelope").pos());
    try {
      events
          .send(
              new ProducerRecord<>(Topics.REFERRAL_EVENTS.name(), envelope.getReferralId(), event))
          .get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sends bytes as they are: how a poison record reaches the router. */
  public void sendRaw(String key, byte[] value) {
    try {
      raw.send(new ProducerRecord<>(Topics.REFERRAL_EVENTS.name(), key, value)).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sends bytes with {@code headers} as they are, e.g. a replay record read back. */
  public void sendRaw(String key, byte[] value, Headers headers) {
    try {
      raw.send(new ProducerRecord<>(Topics.REFERRAL_EVENTS.name(), null, key, value, headers))
          .get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The router's management port (health, metrics, dead letters) in {@code router}. */
  public static java.net.URI managementBase(ApplicationContext router) {
    return router.getBean(EmbeddedServer.class).getURI();
  }

  public TopicTail tail(Topic topic) {
    return new TopicTail(kafka.bootstrapServers(), topic.name());
  }

  @Override
  public void close() {
    events.close();
    raw.close();
    try {
      kafka.close();
    } finally {
      database.close();
      access.close();
    }
  }
}
