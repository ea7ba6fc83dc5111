package org.pathway.deploy;

import java.util.concurrent.CountDownLatch;
import org.pathway.events.topics.Topic;
import org.pathway.events.topics.Topics;
import org.pathway.localkafka.KafkaCluster;
import org.pathway.localkafka.KafkaClusters;

/**
 * Pathway in dev mode: a real Kafka (in-process KRaft unless {@code KAFKA_BOOTSTRAP_SERVERS} or
 * Docker says otherwise) with every catalogue topic created. Stops cleanly on Ctrl-C.
 */
public final class PathwayDev implements AutoCloseable {

  private final KafkaCluster kafka;

  private PathwayDev(KafkaCluster kafka) {
    this.kafka = kafka;
  }

  /** Starts everything dev mode runs and returns once it is ready. */
  public static PathwayDev start(DevSettings settings) {
    KafkaCluster kafka =
        KafkaClusters.forDev(settings.dataDir().resolve("kafka"), settings.kafkaPort());
    try {
      kafka.createTopics(
          Topics.all().stream().map(t -> t.toNewTopic(settings.replicationFactor())).toList());
    } catch (RuntimeException e) {
      kafka.close();
      throw e;
    }
    return new PathwayDev(kafka);
  }

  /** The Kafka dev mode runs against. */
  public KafkaCluster kafka() {
    return kafka;
  }

  @Override
  public void close() {
    kafka.close();
  }

  public static void main(String[] args) throws InterruptedException {
    DevSettings settings = DevSettings.from(System::getenv);
    PathwayDev dev = start(settings);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("Pathway: stopping");
                  dev.close();
                  stopped.countDown();
                },
                "pathway-shutdown"));
    System.out.println();
    System.out.println("Pathway dev mode is up.");
    System.out.println("  Kafka:  " + dev.kafka().description());
    for (Topic topic : Topics.all()) {
      System.out.printf("  topic:  %-32s written by %s%n", topic.name(), topic.writer().id());
    }
    System.out.println("  Stop with Ctrl-C.");
    stopped.await();
  }
}
