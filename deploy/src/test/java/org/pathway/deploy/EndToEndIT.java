package org.pathway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathway.deploy.access.DevTokens;
import org.pathway.deploy.demo.PathwayScenario;
import org.pathway.events.topics.Topic;
import org.pathway.events.topics.Topics;
import org.pathway.localpostgres.Database;
import org.pathway.testsupport.database.TestDatabase;
import org.pathway.testsupport.kafka.TopicTail;

/**
 * The whole pathway with the three services and the portal in their own JVMs on real Kafka and real
 * PostgreSQL (each service its own database): GP referral, then the link worker and facilitators
 * answering only from the links their emails carried, on the portal's pages (accept, first
 * conversation, scores, a facilitator who declines (the link worker told by email with the coded
 * reason), a re-offer to another group, accept, two sessions, finish), and the outcome back at the
 * GP.
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

  private final List<TestDatabase> databases = new ArrayList<>();

  @TempDir Path dataDir;

  @Test
  void walksTheWholePathwayIncludingADeclineAndReOffer() throws Exception {
    var settings =
        DevSettings.from(Map.of("PATHWAY_DATA_DIR", dataDir.toString())::get).withFreePorts();
    var perTest = DevDatabases.of("a database per service for this test", this::database);

    try (PathwayDev dev = PathwayDev.start(settings, perTest, Map.of())) {
      var scenario = Demo.scenario(dev);

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
              "link worker held the first conversation",
              "SWEMWBS entry score 19",
              "referred on to debt-advice-drop-in",
              "facilitator declined",
              "link worker told of the decline and its coded reason",
              "referred on to walk-and-talk",
              "facilitator accepted",
              "link worker told of the group's answer by email",
              "attendance recorded",
              "did not attend recorded",
              "facilitator said the person has finished",
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
      whereIsMyReferralIsAnswered(dev, scenario);
      assertThat(dev.services()).allSatisfy(s -> assertThat(s.isAlive()).as(s.name()).isTrue());
    }
  }

  /**
   * After the demo, the GP's system finds the messages about its referral and every status change
   * of its Task through FHIR, and the link worker's page tells what has happened, in words.
   */
  private static void whereIsMyReferralIsAnswered(PathwayDev dev, PathwayScenario scenario)
      throws Exception {
    var tokens = new DevTokens(PathwayDev.repositoryRoot(), dev.endpoints().access().tokenUrl());
    IGenericClient gp =
        FhirContext.forR4Cached().newRestfulGenericClient(dev.endpoints().fhirBase());
    gp.registerInterceptor(new BearerTokenAuthInterceptor(tokens.token("practice-a81001")));
    Task referral =
        gp.search().forResource(Task.class).returnBundle(Bundle.class).execute().getEntry().stream()
            .map(e -> (Task) e.getResource())
            .filter(t -> !t.hasPartOf())
            .findFirst()
            .orElseThrow();
    String srId = referral.getFocus().getReferenceElement().getIdPart();

    Bundle messages =
        gp.search()
            .byUrl("Communication?based-on=ServiceRequest/" + srId)
            .returnBundle(Bundle.class)
            .execute();
    assertThat(messages.getTotal()).as("Communications about the referral").isPositive();
    assertThat(messages.getEntry())
        .allSatisfy(
            e ->
                assertThat(((Communication) e.getResource()).getPartOfFirstRep().getReference())
                    .isEqualTo("Task/" + referral.getIdPart()));
    Bundle changes =
        gp.search()
            .byUrl("Provenance?target=Task/" + referral.getIdPart())
            .returnBundle(Bundle.class)
            .execute();
    assertThat(changes.getEntry())
        .extracting(
            e ->
                ((Provenance) e.getResource())
                    .getActivity().getCoding().stream()
                        .filter(c -> "http://hl7.org/fhir/task-status".equals(c.getSystem()))
                        .findFirst()
                        .orElseThrow()
                        .getCode())
        .as("the referral's status changes")
        .containsExactly("requested", "accepted", "in-progress", "completed");

    List<String> lines =
        scenario.linkWorker().open().document().select("li.timeline-line").eachText();
    assertThat(lines).as("the link worker's timeline").isNotEmpty();
    assertThat(lines).anySatisfy(l -> assertThat(l).endsWith("sent the referral"));
    assertThat(lines)
        .anySatisfy(l -> assertThat(l).endsWith("Pathway delivered an email about this referral"));
    assertThat(lines.stream().filter(l -> l.contains(" You ")).toList())
        .extracting(l -> l.substring(l.indexOf(" You ") + 1))
        .containsExactly(
            "You accepted the referral",
            "You started working with the person",
            "You finished the referral");
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
