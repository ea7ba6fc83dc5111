package org.pathway.notifier.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretsTest {

  private final Secrets secrets =
      new Secrets(
          Map.of(
                  "PATHWAY_SECRET_YOUTH_LW_WEBHOOK", "from-env",
                  "PATHWAY_SECRET_YOUTH_LW_WEBHOOK_HOST", "youth-lw.example.org")
              ::get,
          Map.of(
                  "pathway.secrets.money-lw-fhir", "from-config",
                  "pathway.secret-hosts.money-lw-fhir", "cms.money-lw.example.org",
                  "pathway.secrets.unbound", "no-host")
              ::get);

  @Test
  void handsASecretOutOnlyForTheHostItWasIssuedFor() throws Exception {
    assertThat(
            secrets.forHost(
                "youth-lw-webhook", URI.create("https://youth-lw.example.org/hooks/referrals")))
        .contains("from-env");
    assertThat(
            secrets.forHost("money-lw-fhir", URI.create("https://cms.money-lw.example.org/fhir")))
        .contains("from-config");
  }

  @Test
  void refusesASecretForAnotherHostForGood() {
    assertThatThrownBy(
            () ->
                secrets.forHost(
                    "youth-lw-webhook", URI.create("https://attacker.example.net/hooks")))
        .isInstanceOfSatisfying(
            SendFailure.class,
            f -> {
              assertThat(f.permanent()).isTrue();
              assertThat(f.getMessage())
                  .contains("youth-lw.example.org")
                  .contains("attacker.example.net")
                  .doesNotContain("from-env");
            });
  }

  @Test
  void refusesASecretBoundToNoHost() {
    assertThatThrownBy(() -> secrets.forHost("unbound", URI.create("https://any.example.org")))
        .isInstanceOfSatisfying(
            SendFailure.class,
            f -> assertThat(f.getMessage()).contains("PATHWAY_SECRET_UNBOUND_HOST"));
  }

  @Test
  void hasNothingForNoRefOrAnUnprovisionedOne() throws Exception {
    assertThat(secrets.forHost(null, URI.create("https://a.example.org"))).isEmpty();
    assertThat(secrets.forHost("missing", URI.create("https://a.example.org"))).isEmpty();
  }
}
