package org.pathway.fhiradapter.applier;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.pathway.events.topics.Topics;
import org.pathway.fhiradapter.config.MetricsConfig;
import org.pathway.kafkameters.KafkaOffsetMeters;

/**
 * The applier's consumer lag and the adapter's dead letters on {@code /prometheus}, read from
 * Kafka's offsets: the applier's plain consumer reports to no registry. Here beside the applier,
 * which owns the group id; Micronaut binds every {@code MeterBinder} bean to its registry.
 */
@Factory
class ApplierMeters {

  @Singleton
  @Bean(preDestroy = "close")
  KafkaOffsetMeters applierOffsetMeters(
      @Value("${pathway.kafka.bootstrap-servers}") String bootstrapServers, MetricsConfig metrics) {
    return new KafkaOffsetMeters(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            AdminClientConfig.CLIENT_ID_CONFIG,
            "fhir-adapter-offset-meters"),
        new KafkaOffsetMeters.Settings(
            Map.of(
                LedgerApplier.GROUP_ID,
                List.of(Topics.ROUTING_DECISIONS.name(), Topics.NOTIFICATION_RECEIPTS.name())),
            List.of(Topics.FHIR_ADAPTER_DEAD_LETTERS.name()),
            metrics.lagInterval()));
  }
}
