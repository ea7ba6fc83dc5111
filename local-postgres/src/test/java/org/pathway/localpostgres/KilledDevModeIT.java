package org.pathway.localpostgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dev mode killed with SIGKILL runs no shutdown hook, so its PostgreSQL keeps running on the kept
 * data directory: the next start stops it and carries on with the data.
 */
class KilledDevModeIT {

  @TempDir Path dataDir;

  @Test
  void theNextStartStopsThePostgresAKilledJvmLeftRunningAndKeepsItsData() throws Exception {
    Process devMode =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                KeptServerMain.class.getName(),
                dataDir.toString())
            .redirectErrorStream(true)
            .start();
    try (var out =
        new BufferedReader(
            new InputStreamReader(devMode.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null && !line.equals("READY")) {
        // the child's log, until it says the row is written
      }
      assertThat(line).as("the child JVM started its server").isEqualTo("READY");
      devMode.destroyForcibly(); // SIGKILL: no shutdown hook runs
      assertThat(devMode.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    long leftRunning = Long.parseLong(firstLine(dataDir.resolve("postmaster.pid")));
    assertThat(ProcessHandle.of(leftRunning).map(ProcessHandle::isAlive))
        .as("the killed JVM's PostgreSQL is still running")
        .hasValue(true);

    try (EmbeddedServer again = EmbeddedServer.start(dataDir);
        Connection c = again.createDatabase("ledger").connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM referral")) {
      assertThat(ProcessHandle.of(leftRunning).map(ProcessHandle::isAlive))
          .isNotEqualTo(Optional.of(true));
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("r-1");
    }
  }

  private static String firstLine(Path file) throws Exception {
    return Files.readAllLines(file).get(0).trim();
  }
}
