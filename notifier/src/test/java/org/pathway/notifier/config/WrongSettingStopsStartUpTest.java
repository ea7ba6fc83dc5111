package org.pathway.notifier.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An operator's mistake in one environment variable stops the notifier as it starts, with a message
 * that names the setting, its variable and what is wrong, before anything connects.
 */
class WrongSettingStopsStartUpTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "NOTIFIER_RETRY_MULTIPLIER | abc | pathway.retry.multiplier (NOTIFIER_RETRY_MULTIPLIER) is 'abc', which is not a number",
        "NOTIFIER_RETRY_MULTIPLIER | 0.5 | pathway.retry.multiplier (NOTIFIER_RETRY_MULTIPLIER) must be at least 1.0, not 0.5",
        "NOTIFIER_WORKER_BATCH_SIZE | 0 | pathway.worker.batch-size (NOTIFIER_WORKER_BATCH_SIZE) must be at least 1, not 0",
        "NOTIFIER_WEBHOOK_TIMEOUT | soon | pathway.webhook.timeout (NOTIFIER_WEBHOOK_TIMEOUT) is 'soon', which is not a duration",
        "NOTIFIER_EMAIL_PROVIDER | pigeon | pathway.email.provider (NOTIFIER_EMAIL_PROVIDER) must be one of",
        "KAFKA_LAG_INTERVAL | 0s | pathway.metrics.lag-interval (KAFKA_LAG_INTERVAL) must be a duration longer than zero",
      })
  void aWrongSettingStopsStartUpNamingIt(String variable, String value, String message) {
    Map<String, Object> environment = new HashMap<>();
    environment.put("micronaut.server.port", -1);
    // Nothing listens here: start-up must stop at the setting, before reaching for the database.
    environment.put("datasources.default.url", "jdbc:postgresql://127.0.0.1:1/none");
    environment.put(variable, value);

    assertThatThrownBy(() -> ApplicationContext.run(EmbeddedServer.class, environment).close())
        .rootCause()
        .hasMessageStartingWith(message);
  }
}
