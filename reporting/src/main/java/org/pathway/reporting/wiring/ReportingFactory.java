package org.pathway.reporting.wiring;

import ca.uhn.fhir.context.FhirContext;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.pathway.events.topics.Topics;
import org.pathway.kafkaedge.settings.KafkaClients;
import org.pathway.kafkameters.KafkaOffsetMeters;
import org.pathway.reporting.config.ExportConfig;
import org.pathway.reporting.config.MetricsConfig;
import org.pathway.reporting.config.StreamsConfig;
import org.pathway.reporting.export.ExportAudit;
import org.pathway.reporting.export.ExportJobs;

/** The beans reporting builds once. */
@Factory
final class ReportingFactory {

  /** One FhirContext per JVM: expensive to build, thread-safe. */
  @Singleton
  FhirContext fhirContext() {
    return FhirContext.forR4Cached();
  }

  @Singleton
  @Requires(missingBeans = Clock.class)
  Clock clock() {
    return Clock.systemUTC();
  }

  /**
   * The export's jobs, in memory (see {@link ExportJobs}); closed with the context. A test may
   * register its own (a worker it holds back, a clock it moves).
   */
  @Singleton
  @Bean(preDestroy = "close")
  @Requires(missingBeans = ExportJobs.class)
  ExportJobs exportJobs(Clock clock, ExportConfig config) {
    return new ExportJobs(clock, config.secret(), config.keep());
  }

  @Singleton
  ExportAudit exportAudit() {
    return new ExportAudit();
  }

  /**
   * The topology's lag on the referral events: its consumer group is the application id. Closed
   * with the context, or its admin client and schedule outlive it.
   */
  @Singleton
  @Bean(preDestroy = "close")
  KafkaOffsetMeters kafkaOffsetMeters(
      KafkaClients kafka, StreamsConfig streams, MetricsConfig metrics) {
    return new KafkaOffsetMeters(
        kafka.admin("offset-meters"),
        new KafkaOffsetMeters.Settings(
            Map.of(streams.applicationId(), List.of(Topics.REFERRAL_EVENTS.name())),
            List.of(),
            metrics.lagInterval()));
  }
}
