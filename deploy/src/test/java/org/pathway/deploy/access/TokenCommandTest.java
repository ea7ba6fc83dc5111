package org.pathway.deploy.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pathway.localkafka.FreePorts;

/**
 * The token command's answers when it cannot print a token: nothing on stdout (so {@code
 * TOKEN=$(...)} stays empty), the reason on stderr, and a non-zero exit. Its success is shown
 * against a running dev mode in {@code PathwayDevIT} and by {@code smoke.sh}.
 */
class TokenCommandTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void anUnknownClientIsNamedWithTheDemoClientsOnOffer() {
    int status = run(Map.of(), "practice-z99999");

    assertThat(status).isEqualTo(2);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("no demo client 'practice-z99999'")
        .contains(DemoClients.PRACTICE);
  }

  @Test
  void withoutAClientIdItPrintsUsage() {
    assertThat(run(Map.of())).isEqualTo(2);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: " + TokenCommand.COMMAND);
  }

  @Test
  void noDevModeRunningIsSaidOnStderr() throws Exception {
    int closedPort = FreePorts.next();

    int status = run(Map.of("PATHWAY_FHIR_PORT", "" + closedPort), DemoClients.PRACTICE);

    assertThat(status).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("http://localhost:" + closedPort + "/oauth/token")
        .contains("is dev mode running?");
  }

  @Test
  void thePublicUrlComesFromPublicUrlThenTheFhirPort() {
    assertThat(TokenCommand.publicUrl(Map.<String, String>of()::get))
        .isEqualTo("http://localhost:8080");
    assertThat(TokenCommand.publicUrl(Map.of("PATHWAY_FHIR_PORT", "9191")::get))
        .isEqualTo("http://localhost:9191");
    assertThat(
            TokenCommand.publicUrl(
                Map.of("PUBLIC_URL", "https://pathway.example/", "PATHWAY_FHIR_PORT", "9191")::get))
        .isEqualTo("https://pathway.example");
    assertThat(TokenCommand.line("http://localhost:8080", "lw-east"))
        .isEqualTo(TokenCommand.COMMAND + " -Dexec.args=lw-east");
    assertThat(TokenCommand.line("http://localhost:9191", "lw-east"))
        .startsWith("PUBLIC_URL=http://localhost:9191 " + TokenCommand.COMMAND);
  }

  private int run(Map<String, String> env, String... args) {
    return TokenCommand.run(
        args,
        env::get,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }
}
