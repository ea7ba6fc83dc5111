package org.pathway.fhiradapter.applier;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;
import javax.sql.DataSource;
import org.pathway.deadletters.office.DeadLetterOffice;
import org.pathway.events.topics.Service;
import org.pathway.kafkaedge.settings.KafkaClients;

/**
 * The operator's API over the records the applier gave up on ({@code /dead-letters} on the
 * management port, from the dead-letters module); handlings and audit in the ledger's database.
 */
@Factory
public class ApplierDeadLetters {

  @Singleton
  @Bean(preDestroy = "close")
  DeadLetterOffice deadLetterOffice(KafkaClients kafka, DataSource dataSource) {
    return DeadLetterOffice.of(Service.FHIR_ADAPTER, kafka, dataSource, Clock.systemUTC());
  }
}
