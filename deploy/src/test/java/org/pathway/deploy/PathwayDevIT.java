package org.pathway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
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
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.pathway.deploy.access.DevTokens;
import org.pathway.deploy.demo.DashboardReadout;
import org.pathway.deploy.demo.PathwayScenario;
import org.pathway.events.topics.Topic;
import org.pathway.events.topics.Topics;
import org.pathway.testsupport.kafka.TopicTail;

/**
 * Dev mode as a newcomer gets it, on its own embedded PostgreSQL, the three services, the portal
 * and reporting each in their own JVM, on a broker, mail server and GP system of its own. In order,
 * on one dev mode (each start costs the run most of a minute):
 *
 * <ol>
 *   <li>everything starts with access control on: a call without a token is refused, SMART
 *       discovery is public;
 *   <li>the whole pathway walked by one referral, the link worker and facilitators answering only
 *       from the links their emails carried, on the portal's pages (accept, first conversation,
 *       scores, a facilitator who declines, the link worker told by email with the coded reason, a
 *       re-offer to another group, accept, two sessions, finish), and the outcome back at the GP.
 *       One correlation id from the GP's request to the GP's outcome, read from what each hop
 *       emitted: the {@code X-Correlation-ID} header of every event on the pathway's topics, of
 *       every email, and of every write the GP system received. It runs before anything else is
 *       referred, so everything on the broker, the mail server and the GP system is its own;
 *   <li>the README's demo played on it, as a commissioner then sees it: the dashboard counts the
 *       demo's referral at every step of its funnel and pairs its entry and exit SWEMWBS scores
 *       into the wellbeing change, while small numbers stay suppressed (dev mode publishes no count
 *       under 5).
 * </ol>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PathwayDevIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String CORRELATION = "X-Correlation-ID";
  private static final List<Topic> PATHWAY_TOPICS =
      List.of(
          Topics.REFERRAL_EVENTS,
          Topics.ROUTING_DECISIONS,
          Topics.NOTIFICATION_REQUESTS,
          Topics.NOTIFICATION_RECEIPTS);

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
  @Order(1)
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
  @Order(2)
  void walksTheWholePathwayIncludingADeclineAndReOffer() throws Exception {
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
                    .as("%s %s/%s version %s at the GP", w.method(), w.type(), w.id(), w.version())
                    .isEqualTo(sent));
    whereIsMyReferralIsAnswered(dev, scenario);
    assertThat(dev.services()).allSatisfy(s -> assertThat(s.isAlive()).as(s.name()).isTrue());
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

  @Test
  @Order(3)
  void afterTheDemoTheDashboardCountsItsReferralAndPairsItsScores() throws Exception {
    // The walk above (order 2) took one referral to completion first, scored as the demo's is.
    Demo.Shown shown = Demo.play(dev, Demo.scenario(dev), false, 1, System.out);

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
      assertThat(before.cell(step, "Reached")).as("before, " + step).hasValue("6");
      assertThat(after.cell(step, "Reached")).as("after, " + step).hasValue("7");
    }

    DashboardReadout.Table change = shown.after().get(1);
    List<List<String>> swemwbs = change.rowsWith("SWEMWBS");
    assertThat(swemwbs).as("the wellbeing change's SWEMWBS rows").isNotEmpty();
    List<String> all = swemwbs.get(0);
    List<String> columns = change.columns();
    assertThat(all.get(columns.indexOf("Pairs"))).isEqualTo("7");
    double entry =
        mean(
            DoubleStream.concat(
                DoubleStream.of(COHORT_ENTRY), DoubleStream.of(DEMO_ENTRY, DEMO_ENTRY)));
    double exit =
        mean(
            DoubleStream.concat(
                DoubleStream.of(COHORT_EXIT), DoubleStream.of(DEMO_EXIT, DEMO_EXIT)));
    assertThat(number(all, columns, "Mean entry score")).isCloseTo(entry, within(0.011));
    assertThat(number(all, columns, "Mean exit score")).isCloseTo(exit, within(0.011));
    assertThat(number(all, columns, "Mean change")).isCloseTo(exit - entry, within(0.011));
    List<String> cohortOnly = shown.before().get(1).rowsWith("SWEMWBS").get(0);
    assertThat(cohortOnly.get(columns.indexOf("Pairs"))).as("pairs before").isEqualTo("6");

    // Suppression stays on in dev mode: three men and four women are too few to show.
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
