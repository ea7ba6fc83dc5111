package org.pathway.router.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
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
        "PATHWAY_LINK_KEYS | k1:dG9vLXNob3J0 | pathway.links.keys (PATHWAY_LINK_KEYS) is wrong: link key 'k1' has 9 bytes; at least 32",
        "PATHWAY_LINK_KEYS | no-colon | pathway.links.keys (PATHWAY_LINK_KEYS) is wrong: link key entry 1 is not kid:secret",
        "PORTAL_URL | portal.example.org | pathway.links.portal-url (PORTAL_URL) must be an absolute http(s) URL",
        "LINK_LIFETIME | 0s | pathway.links.lifetime (LINK_LIFETIME) must be a duration longer than zero",
        "LINK_LIFETIME | a fortnight | pathway.links.lifetime (LINK_LIFETIME) is 'a fortnight', which is not a duration",
      })
  void aWrongSettingStopsStartUpNamingIt(String variable, String value, String message) {
    assertStartUpStops(variable, value, message);
  }

  @Test
  void noLinkKeyStopsStartUp() {
    // There is no default secret: a deployment that forgets the keys does not start.
    assertStartUpStops(
        "PATHWAY_LINK_KEYS",
        " ",
        "pathway.links.keys (PATHWAY_LINK_KEYS) is wrong: no link signing keys");
  }

  private static void assertStartUpStops(String variable, String value, String message) {
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
