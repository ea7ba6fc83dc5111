package org.pathway.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.pathway.deploy.access.DevTokens;
import org.pathway.deploy.demo.HopFailed;
import org.pathway.deploy.demo.PathwayScenario;

/**
 * The README's Demo: starts dev mode on free ports with fresh data, plays one referral through
 * every hop, prints its timeline and exits non-zero if any hop fails.
 */
public final class Demo {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private Demo() {}

  public static void main(String[] args) throws Exception {
    boolean declineFirst = java.util.List.of(args).contains("--decline-first");
    Path data = Files.createTempDirectory("pathway-demo-");
    var settings =
        DevSettings.from(Map.of("PATHWAY_DATA_DIR", data.toString())::get).withFreePorts();
    System.out.println("Pathway demo: starting dev mode (data in " + data + ")");
    int status;
    try (PathwayDev dev =
        PathwayDev.start(settings, DevDatabases.fresh(data.resolve("postgres")), Map.of())) {
      Path repo = PathwayDev.repositoryRoot();
      // Each actor calls as its own demo client, with a token from dev mode's token endpoint.
      var scenario =
          new PathwayScenario(
              dev.endpoints().fhirBase(),
              new DevTokens(repo, dev.endpoints().access().tokenUrl()),
              dev.gp(),
              dev.mail(),
              dev.endpoints().access().portalUrl(),
              repo.resolve("deploy/demo/referral.json"));
      try {
        scenario.play(declineFirst);
        status = 0;
      } catch (HopFailed e) {
        System.out.println(
            "FAILED: " + e.getMessage() + " (service logs in " + data.resolve("logs") + ")");
        status = 1;
      }
      System.out.println();
      System.out.printf(
          "%-3s %-12s %-70s %-34s %s%n", "#", "time (UTC)", "hop", "actor", "correlation id");
      int n = 1;
      for (var hop : scenario.timeline()) {
        System.out.printf(
            "%-3d %-12s %-70s %-34s %s%n",
            n++, TIME.format(hop.at()), hop.hop(), hop.actor(), hop.correlationId());
      }
      System.out.println(
          status == 0 ? "\nEvery hop succeeded." : "\nThe pathway broke; see above.");
    }
    System.exit(status);
  }
}
