package org.pathway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathway.deploy.demo.PathwayScenario;

/**
 * The whole pathway with the three services in their own JVMs on real Kafka and real PostgreSQL
 * (each service its own database): GP referral, link worker, a facilitator who declines, a re-offer
 * to another group, attendance, entry and exit scores, and the outcome back at the GP.
 */
class EndToEndIT {

  private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/test";
  private final List<String> databases = new ArrayList<>();

  @TempDir Path dataDir;

  @Test
  void walksTheWholePathwayIncludingADeclineAndReOffer() throws Exception {
    Map<String, Map<String, String>> postgres =
        Map.of(
            "fhir-adapter",
            Map.of("DATASOURCE_URL", database("ledger"), "DATASOURCE_USERNAME", "postgres"),
            "router",
            Map.of("ROUTER_DB_URL", database("router"), "ROUTER_DB_USER", "postgres"),
            "notifier",
            Map.of("NOTIFIER_DB_URL", database("notifier"), "NOTIFIER_DB_USER", "postgres"));
    var settings =
        DevSettings.from(Map.of("PATHWAY_DATA_DIR", dataDir.toString())::get).withFreePorts();

    try (PathwayDev dev = PathwayDev.start(settings, postgres)) {
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

  private String database(String service) throws Exception {
    String name = "pathway_e2e_" + service + "_" + UUID.randomUUID().toString().substring(0, 8);
    try (var admin = DriverManager.getConnection(ADMIN_URL, "postgres", "");
        var statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    }
    databases.add(name);
    return "jdbc:postgresql://127.0.0.1:5432/" + name;
  }

  @AfterEach
  void dropDatabases() throws Exception {
    try (var admin = DriverManager.getConnection(ADMIN_URL, "postgres", "");
        var statement = admin.createStatement()) {
      for (String name : databases) {
        statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      }
    }
  }
}
