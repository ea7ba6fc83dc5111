package org.pathway.deploy;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.pathway.deploy.access.DevTokens;
import org.pathway.deploy.demo.DashboardReadout;
import org.pathway.deploy.demo.DemoCohort;
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
      var scenario = scenario(dev);
      Shown shown = null;
      try {
        shown = play(dev, scenario, declineFirst, 0, System.out);
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
      if (shown != null) {
        System.out.println();
        DashboardReadout.print(
            System.out,
            "The commissioner's dashboard ("
                + dev.endpoints().reportingUrl()
                + "/dashboard) before the demo's referral:",
            shown.before());
        DashboardReadout.print(
            System.out, "and after it, the referral counted and its change paired:", shown.after());
      }
    }
    System.exit(status);
  }

  /**
   * The demo's referral ({@code deploy/demo/referral.json}) played on {@code dev}: each actor calls
   * as its own demo client, with a token from dev mode's token endpoint.
   */
  public static PathwayScenario scenario(PathwayDev dev) {
    Path repo = PathwayDev.repositoryRoot();
    return new PathwayScenario(
        dev.endpoints().fhirBase(),
        new DevTokens(repo, dev.endpoints().access().tokenUrl()),
        dev.gp(),
        dev.mail(),
        dev.endpoints().access().portalUrl(),
        repo.resolve("deploy/demo/referral.json"));
  }

  /** The dashboard's funnel and wellbeing change before and after the demo's referral. */
  public record Shown(List<DashboardReadout.Table> before, List<DashboardReadout.Table> after) {}

  /**
   * The demo on a running dev mode: first a small cohort of earlier referrals ({@link DemoCohort}),
   * because the dashboard never publishes a count under 5 and one referral alone would show
   * nothing; then the demo's own referral through every hop; and what the commissioner's dashboard
   * shows before and after it.
   *
   * @param earlier referrals the platform already took to completion before this demo (none on the
   *     fresh data the README's demo starts with), which the dashboard counts too
   */
  public static Shown play(
      PathwayDev dev, PathwayScenario scenario, boolean declineFirst, long earlier, PrintStream out)
      throws Exception {
    Path repo = PathwayDev.repositoryRoot();
    DevTokens tokens = new DevTokens(repo, dev.endpoints().access().tokenUrl());
    int cohort = DemoCohort.PEOPLE.size();
    out.println(
        "Playing "
            + cohort
            + " earlier referrals first, so the dashboard has enough to publish (it never shows a"
            + " count under 5):");
    new DemoCohort(
            dev.endpoints().fhirBase(),
            tokens,
            dev.gp(),
            dev.mail(),
            repo.resolve("deploy/demo/referral.json"))
        .play(line -> out.println("  " + line));
    DashboardReadout dashboard = new DashboardReadout(dev.endpoints().reportingUrl(), tokens);
    List<DashboardReadout.Table> before =
        List.of(
            dashboard.funnelOnce(COMPLETED, earlier + cohort),
            dashboard.outcomesOnce(INSTRUMENT, earlier + cohort));
    out.println("Now the demo's referral:");
    scenario.play(declineFirst);
    List<DashboardReadout.Table> after =
        List.of(
            dashboard.funnelOnce(COMPLETED, earlier + cohort + 1),
            dashboard.outcomesOnce(INSTRUMENT, earlier + cohort + 1));
    return new Shown(before, after);
  }

  /** The funnel's last row as the dashboard labels it. */
  public static final String COMPLETED = "Completed";

  /**
   * The wellbeing instrument every demo person is scored on. Its pairs are waited for as the
   * funnel's count is: the dashboard's figures follow the events, not the demo's steps.
   */
  public static final String INSTRUMENT = "SWEMWBS";
}
