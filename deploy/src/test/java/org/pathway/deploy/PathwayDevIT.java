package org.pathway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.DoubleStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathway.deploy.access.DevTokens;
import org.pathway.deploy.demo.DashboardReadout;
import org.pathway.events.topics.Topic;
import org.pathway.events.topics.Topics;

/**
 * Dev mode as a newcomer gets it, on its own embedded PostgreSQL: everything starts with access
 * control on (a call without a token is refused, SMART discovery is public), and the README's demo
 * played on it as a commissioner then sees it: the dashboard counts the demo's referral at every
 * step of its funnel and pairs its entry and exit SWEMWBS scores into the wellbeing change, while
 * small numbers stay suppressed (dev mode publishes no count under 5).
 *
 * <p>One dev mode serves both tests (each start costs the run about half a minute); the first
 * changes nothing, so the demo's counts are the demo's alone whichever runs first.
 */
class PathwayDevIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /**
   * SWEMWBS metric scores of the raw totals the demo plays (Warwick's conversion table): the cohort
   * enters at 15, 17, 20, 14, 18 and leaves at 21, 22, 24, 19, 23; the demo's referral enters at 19
   * and leaves at 25.
   */
  private static final double[] COHORT_ENTRY = {15.84, 16.88, 18.59, 15.32, 17.43};

  private static final double[] COHORT_EXIT = {19.25, 19.98, 21.54, 17.98, 20.73};
  private static final double DEMO_ENTRY = 17.98;
  private static final double DEMO_EXIT = 22.35;

  @TempDir static Path dataDir;

  private static PathwayDev dev;

  @BeforeAll
  static void startDevMode() throws Exception {
    var settings = DevSettings.from(Map.of("PATHWAY_DATA_DIR", dataDir.toString())::get);
    dev =
        PathwayDev.start(
            settings.withFreePorts(), DevDatabases.fresh(dataDir.resolve("postgres")), Map.of());
  }

  @AfterAll
  static void stopDevMode() {
    if (dev != null) {
      dev.close();
    }
  }

  @Test
  void everyTopicExistsAndNothingButDiscoveryAnswersWithoutAToken() throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, dev.kafka().bootstrapServers()))) {
      var described =
          admin
              .describeTopics(Topics.all().stream().map(Topic::name).toList())
              .allTopicNames()
              .get();
      assertThat(described.keySet())
          .containsExactlyInAnyOrderElementsOf(Topics.all().stream().map(Topic::name).toList());
    }
    var access = dev.endpoints().access();

    // SMART discovery is public and names dev mode's token endpoint
    HttpResponse<String> discovery =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(access.discoveryUrl())).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(discovery.statusCode()).isEqualTo(200);
    JsonNode smart = new ObjectMapper().readTree(discovery.body());
    assertThat(smart.path("token_endpoint").asText()).isEqualTo(access.tokenUrl());

    // the README's curl without a token is refused
    String sample =
        Files.readString(PathwayDev.repositoryRoot().resolve("deploy/demo/referral.json"));
    HttpResponse<String> anonymous =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(dev.endpoints().fhirBase()))
                .header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(sample))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
  }

  @Test
  void afterTheDemoTheDashboardCountsItsReferralAndPairsItsScores() throws Exception {
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
            new DevTokens(PathwayDev.repositoryRoot(), dev.endpoints().access().tokenUrl()));
    assertThat(dashboard.table("equity-uptake").rows())
        .as("the uptake by sex, ethnic group, age band and deprivation")
        .anySatisfy(r -> assertThat(r).contains("suppressed"));
    assertThat(dev.services()).allSatisfy(s -> assertThat(s.isAlive()).as(s.name()).isTrue());
  }

  private static double mean(DoubleStream values) {
    return values.average().orElseThrow();
  }

  private static double number(List<String> row, List<String> columns, String column) {
    return Double.parseDouble(row.get(columns.indexOf(column)));
  }
}
