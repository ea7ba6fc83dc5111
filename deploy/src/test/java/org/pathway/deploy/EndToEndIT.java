package org.pathway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathway.deploy.demo.PathwayScenario;
import org.pathway.localpostgres.Database;
import org.pathway.testsupport.database.TestDatabase;

/**
 * The whole pathway with the three services in their own JVMs on real Kafka and real PostgreSQL
 * (each service its own database): GP referral, link worker, a facilitator who declines, a re-offer
 * to another group, attendance, entry and exit scores, and the outcome back at the GP.
 */
class EndToEndIT {

  private final List<TestDatabase> databases = new ArrayList<>();

  @TempDir Path dataDir;

  @Test
  void walksTheWholePathwayIncludingADeclineAndReOffer() throws Exception {
    var settings =
        DevSettings.from(Map.of("PATHWAY_DATA_DIR", dataDir.toString())::get).withFreePorts();
    var perTest = DevDatabases.of("a database per service for this test", this::database);

    try (PathwayDev dev = PathwayDev.start(settings, perTest, Map.of())) {
      var scenario =
          new PathwayScenario(
              dev.endpoints().fhirBase(),
              dev.endpoints().gpBase(),
              dev.mail(),
              PathwayDev.repositoryRoot().resolve("deploy/demo/referral.json"));

      scenario.play(true);

      var timeline = scenario.timeline();
      assertThat(timeline.stream().map(PathwayScenario.Hop::hop))
          .containsSubsequence(
              "GP referral received",
              "routed to link-worker service",
              "link worker notified by email",
              "link worker accepted",
              "GP endpoint updated: accepted",
              "SWEMWBS entry score 19",
              "referred on to debt-advice-drop-in",
              "facilitator declined",
              "referred on to walk-and-talk",
              "attendance recorded",
              "SWEMWBS exit score 25",
              "referral completed with entry and exit SWEMWBS",
              "GP endpoint holds completed Task, outcomes, Communication");
      assertThat(timeline.stream().map(PathwayScenario.Hop::correlationId).distinct())
          .as("one correlation id from the GP's request to the GP's outcome")
          .singleElement()
          .isNotEqualTo("?");
      assertThat(dev.services()).allSatisfy(s -> assertThat(s.isAlive()).as(s.name()).isTrue());
    }
  }

  private Database database(String service) {
    TestDatabase database = TestDatabase.create("e2e_" + service.replace('-', '_'));
    databases.add(database);
    return database.database();
  }

  @AfterEach
  void dropDatabases() {
    databases.forEach(TestDatabase::close);
  }
}
