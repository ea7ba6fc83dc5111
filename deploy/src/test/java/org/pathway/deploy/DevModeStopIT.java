package org.pathway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathway.testsupport.process.ServiceJvm;

/**
 * Dev mode stopped as a person stops it (Ctrl-C, or {@code kill}: SIGTERM to its JVM), once up or
 * while still starting, stops every service while the embedded PostgreSQL still runs, and the
 * database last: no service loses its database half-way through its own stop.
 */
class DevModeStopIT {

  // What a service's log says when the database goes while the service still uses it: the
  // server's "terminating connection due to administrator command", or the driver's closed
  // connection.
  private static final List<String> DATABASE_GONE =
      List.of("57P01", "administrator command", "This connection has been closed");

  @Test
  void aSigtermStopsTheServicesBeforeTheirDatabase(@TempDir Path data) throws Exception {
    Path devLog = data.resolve("dev-mode.log");
    ServiceJvm dev = startDevMode(data, devLog);
    try {
      awaitLine(dev, devLog, "Pathway dev mode is up");
      assertThat(read(devLog)).as("dev mode is up (see %s)", devLog).contains("dev mode is up");
      assertThat(dev.isAlive()).as("dev mode started (see %s)", devLog).isTrue();
    } finally {
      // SIGTERM, as `kill` sends; SIGKILL only if the stop hangs.
      dev.close(Duration.ofMinutes(2));
    }

    assertThat(read(devLog)).contains("Pathway: stopping");
    assertThat(dev.exitValue())
        .as("stopped within its grace after SIGTERM, not killed")
        .isEqualTo(143);
    for (String service : List.of("fhir-adapter", "router", "notifier", "portal", "reporting")) {
      String log = read(data.resolve("logs").resolve(service + ".log"));
      assertThat(log).as(service + "'s log").contains("shutting down");
      for (String gone : DATABASE_GONE) {
        assertThat(log).as(service + " lost its database while stopping").doesNotContain(gone);
      }
    }
  }

  @Test
  void aSigtermWhileStartingStopsWhatHasStartedWithoutReportingAFailedStart(@TempDir Path data)
      throws Exception {
    Path devLog = data.resolve("dev-mode.log");
    Path adapterLog = data.resolve("logs").resolve("fhir-adapter.log");
    ServiceJvm dev = startDevMode(data, devLog);
    try {
      // given dev mode still starting, its services already using their databases
      awaitLine(dev, adapterLog, "Successfully applied");
      assertThat(read(adapterLog))
          .as("the adapter has its ledger")
          .contains("Successfully applied");
    } finally {
      // when it is told to stop, as `kill` does (SIGKILL only if the stop hangs)
      dev.close(Duration.ofMinutes(2));
    }

    // then it stopped from its start-up, in order, not killed
    assertThat(read(devLog)).contains("Pathway: stopping before start-up finished");
    assertThat(read(devLog))
        .doesNotContain("dev mode is up")
        .as("a stop the person asked for is not reported as a failed start")
        .doesNotContain("Exception")
        .doesNotContain("while starting");
    assertThat(dev.exitValue()).isEqualTo(143);
    for (String service : List.of("fhir-adapter", "router", "notifier")) {
      String log = read(data.resolve("logs").resolve(service + ".log"));
      for (String gone : DATABASE_GONE) {
        assertThat(log).as(service + " lost its database while stopping").doesNotContain(gone);
      }
    }
  }

  /** Dev mode in a JVM of its own, on ports of its own, with the embedded PostgreSQL. */
  private static ServiceJvm startDevMode(Path data, Path devLog) throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("PATHWAY_DATA_DIR", data.toString());
    env.put("PATHWAY_POSTGRES_URL", ""); // the embedded server, whose own exit hook is the hazard
    for (String port :
        List.of(
            "PATHWAY_KAFKA_PORT",
            "PATHWAY_FHIR_PORT",
            "PATHWAY_GP_PORT",
            "PATHWAY_SMTP_PORT",
            "PATHWAY_IMAP_PORT",
            "PATHWAY_PORTAL_PORT",
            "PATHWAY_MAILBOX_PORT",
            "PATHWAY_REPORTING_PORT")) {
      env.put(port, Integer.toString(PathwayDev.freePort()));
    }
    return ServiceJvm.of(PathwayDev.class.getName())
        .classpathOfThisJvm()
        .name("dev-mode")
        .env(env)
        .log(devLog)
        .start();
  }

  /** Waits up to four minutes, while dev mode runs, for {@code log} to hold {@code line}. */
  private static void awaitLine(ServiceJvm dev, Path log, String line) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
    while (dev.isAlive() && !read(log).contains(line) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file) : "";
  }
}
