package org.pathway.router.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An operator's mistake in one environment variable stops the router as it starts, with a message
 * that names the setting, its variable and what is wrong, before anything connects.
 */
class WrongSettingStopsStartUpTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "ROUTER_REDELIVERY_MAX_REDELIVERIES | many | pathway.redelivery.max-redeliveries (ROUTER_REDELIVERY_MAX_REDELIVERIES) is 'many', which is not a whole number",
        "ROUTER_REDELIVERY_MAX_DELAY | 10ms | pathway.redelivery.max-delay (ROUTER_REDELIVERY_MAX_DELAY) must be at least pathway.redelivery.initial-delay",
        "DIRECTORY_REFRESH_INTERVAL | 5 minutes | pathway.directory.refresh-interval (DIRECTORY_REFRESH_INTERVAL) is '5 minutes', which is not a duration",
        "ROUTER_GP_FEEDBACK_NOTIFY_ON | accepted,closed | pathway.gp-feedback.notify-on (ROUTER_GP_FEEDBACK_NOTIFY_ON) holds 'closed'",
        "ROUTER_ESCALATION_ESCALATE_AFTER | 0s | pathway.escalation.escalate-after (ROUTER_ESCALATION_ESCALATE_AFTER) must be a duration longer than zero",
        "KAFKA_LAG_INTERVAL | often | pathway.metrics.lag-interval (KAFKA_LAG_INTERVAL) is 'often', which is not a duration",
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
