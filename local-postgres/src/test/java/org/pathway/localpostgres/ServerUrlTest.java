package org.pathway.localpostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerUrlTest {

  @Test
  void takesTheCredentialsOutOfTheUrlAndKeepsTheOtherParameters() {
    ServerUrl admin =
        ServerUrl.parse(
            "jdbc:postgresql://db.example:5433/postgres?user=pathway&password=s%26cret&ssl=true",
            "X");

    assertThat(admin.url()).isEqualTo("jdbc:postgresql://db.example:5433/postgres?ssl=true");
    assertThat(admin.username()).isEqualTo("pathway");
    assertThat(admin.password()).isEqualTo("s&cret");
    assertThat(admin.forDatabase("ledger"))
        .isEqualTo("jdbc:postgresql://db.example:5433/ledger?ssl=true");
    assertThat(admin.redacted()).doesNotContain("cret");
  }

  @Test
  void derivesDatabaseUrlsFromAUrlWithoutParameters() {
    ServerUrl admin =
        ServerUrl.parse("jdbc:postgresql://127.0.0.1:6543/postgres?user=postgres", "X");

    assertThat(admin.forDatabase("router")).isEqualTo("jdbc:postgresql://127.0.0.1:6543/router");
    assertThat(admin.password()).isEmpty();
  }

  @Test
  void namesTheSettingWhenTheUrlIsNotAPostgresJdbcUrl() {
    assertThatThrownBy(
            () -> ServerUrl.parse("postgres://127.0.0.1/postgres", "PATHWAY_POSTGRES_URL"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("PATHWAY_POSTGRES_URL must be a PostgreSQL JDBC URL");
    assertThatThrownBy(() -> ServerUrl.parse("jdbc:postgresql://127.0.0.1:6543", "S"))
        .hasMessageStartingWith("S must name a database");
  }

  @Test
  void anUnsetOrBlankSettingMeansEmbedded() {
    assertThat(PostgresServers.configured(Map.<String, String>of()::get)).isEmpty();
    assertThat(PostgresServers.configured(Map.of(PostgresServers.URL_ENV, " ")::get)).isEmpty();
    assertThat(
            PostgresServers.configured(
                Map.of(PostgresServers.URL_ENV, "jdbc:postgresql://h:1/postgres?user=u")::get))
        .hasValueSatisfying(u -> assertThat(u.username()).isEqualTo("u"));
  }
}
