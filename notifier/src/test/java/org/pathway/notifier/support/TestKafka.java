package org.pathway.notifier.support;

import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.pathway.events.topics.Topics;
import org.pathway.localkafka.KafkaCluster;
import org.pathway.localkafka.KafkaClusters;
import org.pathway.testsupport.kafka.TopicTail;

/** A real broker with the catalogue's topics, and a producer standing in for the router. */
public final class TestKafka implements AutoCloseable {

  public final KafkaCluster cluster;
  public final Producer<String, byte[]> router;

  /** On the test JVM's shared broker, emptied for this class: for a class that shares nothing. */
  public TestKafka() {
    this(KafkaClusters.forTestClass());
  }

  /**
   * On a broker of its own, for a test that kills a notifier: a killed consumer stays in its group
   * until its session times out, which would hold up the next class on a shared broker.
   */
  public static TestKafka ownBroker() {
    return new TestKafka(KafkaClusters.forTests());
  }

  private TestKafka(KafkaCluster cluster) {
    this.cluster = cluster;
    cluster.createTopics(Topics.all().stream().map(t -> t.toNewTopic((short) 1)).toList());
    router =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new ByteArraySerializer());
  }

  public String bootstrap() {
    return cluster.bootstrapServers();
  }

  /** A transactional producer, as the router's; the caller closes it. */
  public Producer<String, byte[]> transactionalRouter() {
    Producer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                "router-" + UUID.randomUUID()),
            new StringSerializer(),
            new ByteArraySerializer());
    producer.initTransactions();
    return producer;
  }

  public TopicTail probe(String topic) {
    return new TopicTail(bootstrap(), topic);
  }

  @Override
  public void close() {
    router.close();
    cluster.close();
  }
}
