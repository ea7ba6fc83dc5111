package org.pathway.fhiradapter.applier;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import org.pathway.events.topics.Topics;
import org.pathway.fhiradapter.config.MetricsConfig;
import org.pathway.kafkaedge.settings.KafkaClients;
import org.pathway.kafkameters.KafkaOffsetMeters;

/**
 * The applier's consumer lag and the adapter's dead letters on {@code /prometheus}, read from
 * Kafka's offsets: the applier's plain consumer reports to no registry. Here beside the applier,
 * whose group is {@code pathway.kafka.group-id}; Micronaut binds every {@code MeterBinder} bean to
 * its registry.
 */
@Factory
class ApplierMeters {

  @Singleton
  @Bean(preDestroy = "close")
  KafkaOffsetMeters applierOffsetMeters(KafkaClients kafka, MetricsConfig metrics) {
    return new KafkaOffsetMeters(
        kafka.admin("offset-meters"),
        new KafkaOffsetMeters.Settings(
            Map.of(
                kafka.settings().groupId(),
                List.of(Topics.ROUTING_DECISIONS.name(), Topics.NOTIFICATION_RECEIPTS.name())),
            List.of(Topics.FHIR_ADAPTER_DEAD_LETTERS.name()),
            metrics.lagInterval()));
  }
}
