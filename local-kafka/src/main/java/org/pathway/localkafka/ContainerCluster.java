package org.pathway.localkafka;

import org.apache.kafka.common.utils.AppInfoParser;
import org.testcontainers.kafka.KafkaContainer;

/** Apache Kafka's own image under Testcontainers, for machines where a Docker engine answers. */
final class ContainerCluster implements KafkaCluster {

  private final KafkaContainer container;

  private ContainerCluster(KafkaContainer container) {
    this.container = container;
  }

  /** Starts the {@code apache/kafka} image of the same version as the clients on the classpath. */
  static ContainerCluster start() {
    var container = new KafkaContainer("apache/kafka:" + AppInfoParser.getVersion());
    container.start();
    return new ContainerCluster(container);
  }

  @Override
  public String bootstrapServers() {
    return container.getBootstrapServers();
  }

  @Override
  public String description() {
    return "Testcontainers Kafka (" + container.getDockerImageName() + ") at " + bootstrapServers();
  }

  @Override
  public void close() {
    container.stop();
  }
}
