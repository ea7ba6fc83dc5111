package org.pathway.notifier.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OutboundPolicyTest {

  private final OutboundPolicy production = new OutboundPolicy(false, List.of());
  private final OutboundPolicy dev = new OutboundPolicy(true, List.of());

  @Test
  void refusesPlainHttpOutsideDevModeForGood() {
    assertThatThrownBy(() -> production.destination("http://lw.example.org/hook"))
        .isInstanceOfSatisfying(
            SendFailure.class,
            f -> {
              assertThat(f.permanent()).isTrue();
              assertThat(f.getMessage()).contains("only https").contains("OUTBOUND_ALLOW_HTTP");
            });
  }

  @Test
  void allowsHttpsAlwaysAndHttpInDevMode() throws Exception {
    assertThat(production.destination("https://lw.example.org/hook").getHost())
        .isEqualTo("lw.example.org");
    assertThat(dev.destination("http://127.0.0.1:8089/hook").getPort()).isEqualTo(8089);
  }

  @Test
  void refusesOtherSchemesRelativeUrlsAndCredentialsInTheUrl() {
    for (String bad :
        List.of(
            "ftp://lw.example.org/x",
            "file:///etc/passwd",
            "/hooks/relative",
            "https://user:pw@lw.example.org/hook",
            "not a url at all")) {
      assertThatThrownBy(() -> dev.destination(bad))
          .as(bad)
          .isInstanceOfSatisfying(SendFailure.class, f -> assertThat(f.permanent()).isTrue());
    }
  }

  @Test
  void keepsToTheOperatorsAllowedHostsWhenListed() throws Exception {
    OutboundPolicy allowed = new OutboundPolicy(false, List.of("*.nhs.uk", "cms.example.org:8443"));
    assertThat(allowed.destination("https://gp.a81001.nhs.uk/fhir")).isNotNull();
    assertThat(allowed.destination("https://cms.example.org:8443/fhir")).isNotNull();
    assertThatThrownBy(() -> allowed.destination("https://cms.example.org/fhir"))
        .hasMessageContaining("OUTBOUND_ALLOWED_HOSTS");
    assertThatThrownBy(() -> allowed.destination("https://evil-nhs.uk/fhir"))
        .hasMessageContaining("not in OUTBOUND_ALLOWED_HOSTS");
    assertThatThrownBy(() -> allowed.destination("https://nhs.uk.evil.example/fhir"))
        .hasMessageContaining("not in OUTBOUND_ALLOWED_HOSTS");
  }
}
