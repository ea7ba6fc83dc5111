package org.pathway.router.wiring;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.pathway.directory.Directory;
import org.pathway.kafkaedge.settings.KafkaClients;
import org.pathway.router.camel.CamelPrerequisite;
import org.pathway.router.kafka.CapacityReportsReader;

/**
 * Groups' reported capacity laid over the directory, read to the end before Camel starts (a
 * prerequisite of the CamelContext), so the first onward referral sees the latest reports.
 */
@Factory
final class CapacityWiring {

  /** After the topics exist, so the capacity topic's partitions can be assigned. */
  @Singleton
  @Bean(preDestroy = "close")
  CapacityReportsReader capacityReports(
      @Named("topics") CamelPrerequisite topics, KafkaClients kafka, Directory directory) {
    return new CapacityReportsReader(kafka, directory, Duration.ofSeconds(30));
  }

  @Singleton
  @Named("capacityReports")
  CamelPrerequisite capacityReportsRead(CapacityReportsReader reader) {
    return new CamelPrerequisite() {};
  }
}
