package org.pathway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathway.deploy.access.DevTokens;
import org.pathway.deploy.demo.DashboardReadout;

/**
 * The README's demo as a commissioner sees it: after the demo, the dashboard counts the demo's
 * referral at every step of its funnel and pairs its entry and exit SWEMWBS scores into the
 * wellbeing change, while small numbers stay suppressed (dev mode publishes no count under 5).
 */
class DemoDashboardIT {

  /**
   * SWEMWBS metric scores of the raw totals the demo plays (Warwick's conversion table): the cohort
   * enters at 15, 17, 20, 14, 18 and leaves at 21, 22, 24, 19, 23; the demo's referral enters at 19
   * and leaves at 25.
   */
  private static final double[] COHORT_ENTRY = {15.84, 16.88, 18.59, 15.32, 17.43};

  private static final double[] COHORT_EXIT = {19.25, 19.98, 21.54, 17.98, 20.73};
  private static final double DEMO_ENTRY = 17.98;
  private static final double DEMO_EXIT = 22.35;

  @TempDir Path dataDir;

  @Test
  void afterTheDemoTheDashboardCountsItsReferralAndPairsItsScores() throws Exception {
    var settings =
        DevSettings.from(Map.of("PATHWAY_DATA_DIR", dataDir.toString())::get).withFreePorts();
    try (PathwayDev dev =
        PathwayDev.start(settings, DevDatabases.fresh(dataDir.resolve("postgres")), Map.of())) {
      Path repo = PathwayDev.repositoryRoot();
      Demo.Shown shown = Demo.play(dev, Demo.scenario(dev), false, System.out);

      DashboardReadout.Table before = shown.before().get(0);
      DashboardReadout.Table after = shown.after().get(0);
      for (String step :
          List.of(
              "Referred",
              "Accepted by a link worker",
              "First conversation",
              "Plan agreed",
              "Referred to a group",
              "First session attended",
              "Completed")) {
        assertThat(before.cell(step, "Reached")).as("before, " + step).hasValue("5");
        assertThat(after.cell(step, "Reached")).as("after, " + step).hasValue("6");
      }

      DashboardReadout.Table change = shown.after().get(1);
      List<List<String>> swemwbs = change.rowsWith("SWEMWBS");
      assertThat(swemwbs).as("the wellbeing change's SWEMWBS rows").isNotEmpty();
      List<String> all = swemwbs.get(0);
      List<String> columns = change.columns();
      assertThat(all.get(columns.indexOf("Pairs"))).isEqualTo("6");
      double entry =
          mean(DoubleStream.concat(DoubleStream.of(COHORT_ENTRY), DoubleStream.of(DEMO_ENTRY)));
      double exit =
          mean(DoubleStream.concat(DoubleStream.of(COHORT_EXIT), DoubleStream.of(DEMO_EXIT)));
      assertThat(number(all, columns, "Mean entry score")).isCloseTo(entry, within(0.011));
      assertThat(number(all, columns, "Mean exit score")).isCloseTo(exit, within(0.011));
      assertThat(number(all, columns, "Mean change")).isCloseTo(exit - entry, within(0.011));
      List<String> cohortOnly = shown.before().get(1).rowsWith("SWEMWBS").get(0);
      assertThat(cohortOnly.get(columns.indexOf("Pairs"))).as("pairs before").isEqualTo("5");

      // Suppression stays on in dev mode: three men and three women are too few to show.
      DashboardReadout dashboard =
          new DashboardReadout(
              dev.endpoints().reportingUrl(),
              new DevTokens(repo, dev.endpoints().access().tokenUrl()));
      assertThat(dashboard.table("equity-uptake").rows())
          .as("the uptake by sex, ethnic group, age band and deprivation")
          .anySatisfy(r -> assertThat(r).contains("suppressed"));
    }
  }

  private static double mean(DoubleStream values) {
    return values.average().orElseThrow();
  }

  private static double number(List<String> row, List<String> columns, String column) {
    return Double.parseDouble(row.get(columns.indexOf(column)));
  }
}
