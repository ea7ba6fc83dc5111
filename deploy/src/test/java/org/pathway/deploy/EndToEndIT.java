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
import org.pathway.events.topics.Topic;
import org.pathway.events.topics.Topics;
import org.pathway.testsupport.kafka.TopicTail;

/**
 * The whole pathway with the three services in their own JVMs on real Kafka and real PostgreSQL
 * (each service its own database): GP referral, link worker, a facilitator who declines, a re-offer
 * to another group, attendance, entry and exit scores, and the outcome back at the GP.
 *
 * <p>One correlation id from the GP's request to the GP's outcome, read from what each hop emitted:
 * the {@code X-Correlation-ID} header of every event on the pathway's topics, of every email, and
 * of every write the GP system received. The run has a broker, mail server and GP system of its
 * own, so everything on them belongs to this referral.
 */
class EndToEndIT {

  private static final String CORRELATION = "X-Correlation-ID";
  private static final List<Topic> PATHWAY_TOPICS =
      List.of(
          Topics.REFERRAL_EVENTS,
          Topics.ROUTING_DECISIONS,
          Topics.NOTIFICATION_REQUESTS,
          Topics.NOTIFICATION_RECEIPTS);

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
              dev.gp(),
              dev.mail(),
              PathwayDev.repositoryRoot().resolve("deploy/demo/referral.json"));

      scenario.play(true);
      String sent = scenario.sentCorrelationId();

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
      assertThat(timeline)
          .as("each hop's evidence carries the correlation id the GP sent")
          .allSatisfy(hop -> assertThat(hop.correlationId()).as(hop.hop()).isEqualTo(sent));
      for (Topic topic : PATHWAY_TOPICS) {
        try (TopicTail tail = new TopicTail(dev.kafka().bootstrapServers(), topic.name())) {
          var records = tail.toEnd();
          assertThat(records).as("events on " + topic.name()).isNotEmpty();
          assertThat(records)
              .extracting(
                  r ->
                      r.value().getSchema().getName()
                          + " "
                          + TopicTail.header(r, CORRELATION).orElse("(no header)"))
              .as("X-Correlation-ID of every event on " + topic.name())
              .allSatisfy(typeAndId -> assertThat(typeAndId).endsWith(" " + sent));
        }
      }
      assertThat(dev.mail().received()).as("emails").isNotEmpty();
      assertThat(dev.mail().received())
          .allSatisfy(
              m ->
                  assertThat(m.getHeader(CORRELATION, null))
                      .as("email '%s'", m.getSubject())
                      .isEqualTo(sent));
      assertThat(dev.gp().writes())
          .as("the GP system's copies of the Task")
          .filteredOn(w -> w.type().equals("Task"))
          .hasSizeGreaterThanOrEqualTo(2);
      assertThat(dev.gp().writes())
          .allSatisfy(
              w ->
                  assertThat(w.correlationId())
                      .as(
                          "%s %s/%s version %s at the GP",
                          w.method(), w.type(), w.id(), w.version())
                      .isEqualTo(sent));
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
