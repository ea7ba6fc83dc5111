package org.pathway.fhiradapter.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An operator's mistake in one environment variable stops the adapter as it starts, with a message
 * that names the setting, its variable and what is wrong, before anything listens or connects.
 */
class WrongSettingStopsStartUpTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "OUTBOX_BATCH_SIZE | 0 | pathway.outbox.batch-size (OUTBOX_BATCH_SIZE) must be at least 1, not 0",
        "OUTBOX_LINGER | 10 milliseconds | pathway.outbox.linger (OUTBOX_LINGER) is '10 milliseconds', which is not a duration",
        "FHIR_PORT | eighty | pathway.fhir.port (FHIR_PORT) is 'eighty', which is not a whole number",
        "FHIR_LIMITS_MAX_DEPTH | -1 | pathway.fhir.limits.max-depth (FHIR_LIMITS_MAX_DEPTH) must be at least 1, not -1",
        "SLA_ACCEPT_WITHIN | 0d | pathway.sla.accept-within (SLA_ACCEPT_WITHIN) must be a duration longer than zero",
        "SLA_SERVICE_DUE_TIMES | lw-north:accept=soon | pathway.sla.service-due-times (SLA_SERVICE_DUE_TIMES) 'soon' is not a duration",
        "SLA_SCAN_INTERVAL | 1 minute | pathway.sla.scan-interval (SLA_SCAN_INTERVAL) is '1 minute', which is not a duration",
        "DATASOURCE_CONNECTION_TIMEOUT | 100ms | pathway.datasource.connection-timeout (DATASOURCE_CONNECTION_TIMEOUT) must be at least 250ms (Hikari's minimum), not 100ms",
        "KAFKA_LAG_INTERVAL | 0s | pathway.metrics.lag-interval (KAFKA_LAG_INTERVAL) must be a duration longer than zero",
        "PATHWAY_DEPRIVATION_LOOKUP | /no/such/lookup.csv | pathway.evaluation.deprivation-lookup (PATHWAY_DEPRIVATION_LOOKUP) names /no/such/lookup.csv, which is not a readable file",
        "PATHWAY_OUTCOME_SETS | /no/such/pathways.yaml | pathway.evaluation.outcome-sets (PATHWAY_OUTCOME_SETS) is wrong: cannot read the pathways file /no/such/pathways.yaml",
        "PATHWAY_OUTCOME_SETS | classpath:evaluation/bad-pathways.yaml | pathway.evaluation.outcome-sets (PATHWAY_OUTCOME_SETS) is wrong: classpath:evaluation/bad-pathways.yaml: pathways.adult.entry: 'PHQ9' is not one of",
      })
  void aWrongSettingStopsStartUpNamingIt(String variable, String value, String message) {
    Map<String, Object> environment = new HashMap<>();
    environment.put("micronaut.server.port", -1);
    environment.put("FHIR_PORT", 0);
    // Nothing listens here: start-up must stop at the setting, before reaching for the database.
    environment.put("datasources.default.url", "jdbc:postgresql://127.0.0.1:1/none");
    environment.put(variable, value);

    assertThatThrownBy(() -> ApplicationContext.run(EmbeddedServer.class, environment).close())
        .rootCause()
        .hasMessageStartingWith(message);
  }
}
