package org.pathway.localkafka;

/** A cluster someone else runs, named by its bootstrap servers; we never stop it. */
record ExternalCluster(String bootstrapServers) implements KafkaCluster {

  @Override
  public String description() {
    return "external Kafka cluster at " + bootstrapServers;
  }

  @Override
  public void close() {}
}
