package org.pathway.reporting.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.MeasurementTiming;
import org.pathway.events.avro.WellbeingInstrument;
import org.pathway.events.topics.Topics;
import org.pathway.localkafka.KafkaCluster;
import org.pathway.localkafka.KafkaClusters;
import org.pathway.reporting.fhir.Measures;
import org.pathway.reporting.support.DashboardVisit;
import org.pathway.reporting.support.ExportVisit;
import org.pathway.reporting.support.JourneyScript;
import org.pathway.reporting.support.ReportingApp;
import org.pathway.reporting.support.TestIssuer;

/**
 * A known set of journeys on a real broker: every figure over HTTP, in the MeasureReports and on
 * the commissioner's dashboard in Chromium; the evaluation export pseudonymised per study; then the
 * state directory deleted, the service restarted, and the same figures rebuilt from Kafka.
 */
class ReportingRebuildIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant MARCH = Instant.parse("2026-03-02T09:00:00Z");

  private static KafkaCluster kafka;
  private static TestIssuer issuer;
  private static Path stateDir;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    kafka = KafkaClusters.forTests();
    kafka.createTopics(List.of(new NewTopic(Topics.REFERRAL_EVENTS.name(), 3, (short) 1)));
    issuer = new TestIssuer();
    stateDir = Files.createTempDirectory("reporting-state");
    ReportingApp.publish(kafka.bootstrapServers(), journeys());
  }

  @AfterAll
  static void stop() throws Exception {
    issuer.close();
    kafka.close();
  }

  /**
   * Six completed journeys (A81001, women, white, 45-64, decile 3: accepted after 2 days, first
   * conversation 3 days later, SWEMWBS 20 → 25 and completed on day 40) and three declined on day 1
   * (A81002, men, black, 65-74, decile 8).
   */
  private static List<JourneyScript> journeys() {
    List<JourneyScript> all = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      all.add(
          JourneyScript.referral(
                  "done-" + i,
                  MARCH.plusSeconds(i * 3600L),
                  "A81001",
                  "U1",
                  "wellbeing",
                  "female",
                  "A",
                  "45-64",
                  3)
              .accepted(2, "lw-north")
              .business(5, "first-conversation-held", "lw-north")
              .score(5, WellbeingInstrument.SWEMWBS, MeasurementTiming.ENTRY, 20)
              .score(40, WellbeingInstrument.SWEMWBS, MeasurementTiming.EXIT, 25)
              .completed(40, "lw-north"));
    }
    for (int i = 0; i < 3; i++) {
      all.add(
          JourneyScript.referral(
                  "declined-" + i,
                  MARCH.plusSeconds(i * 3600L),
                  "A81002",
                  "U1",
                  "wellbeing",
                  "male",
                  "N",
                  "65-74",
                  8)
              .declined(1, "lw-north"));
    }
    return all;
  }

  private HttpResponse<String> get(String url, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesEveryFigureAndRebuildsThemAfterTheStateIsLost() throws Exception {
    String commissioner = issuer.token("commissioner");
    ApplicationContext first =
        ReportingApp.start(kafka.bootstrapServers(), stateDir, "pathway-reporting-it", issuer);
    String before;
    String reportsBefore;
    try {
      String base = ReportingApp.base(first);
      before = ReportingApp.awaitFigures(first, commissioner, 9);
      JsonNode figures = JSON.readTree(before);
      checkFigures(figures);
      reportsBefore = checkMeasureReports(base, issuer.token("evaluator"));
      checkRefusals(base);
      new DashboardVisit(
              "http://localhost:" + first.getBean(EmbeddedServer.class).getPort(), issuer)
          .checkNineJourneys();
      new ExportVisit(base, issuer).checkNineJourneys();
    } finally {
      first.close();
    }

    ReportingApp.deleteRecursively(stateDir);
    assertThat(stateDir).doesNotExist();

    ApplicationContext second =
        ReportingApp.start(kafka.bootstrapServers(), stateDir, "pathway-reporting-it", issuer);
    try {
      String base = ReportingApp.base(second);
      String after = ReportingApp.awaitFigures(second, commissioner, 9);
      assertThat(JSON.readTree(after)).isEqualTo(JSON.readTree(before));
      assertThat(stripDates(measureReports(base, issuer.token("evaluator"), "")))
          .isEqualTo(stripDates(reportsBefore));
      assertThat(stateDir).exists();
    } finally {
      second.close();
    }
  }

  private static void checkFigures(JsonNode f) {
    JsonNode funnel = f.get("funnel");
    assertThat(funnel.get(0).get("step").asText()).isEqualTo("referred");
    assertThat(funnel.get(0).get("reached").asLong()).isEqualTo(9);
    // Three declines: under five, suppressed.
    assertThat(funnel.get(0).get("declined").isNull()).isTrue();
    assertThat(funnel.get(1).get("reached").asLong()).isEqualTo(6);
    assertThat(funnel.get(2).get("reached").asLong()).isEqualTo(6);
    assertThat(funnel.get(6).get("step").asText()).isEqualTo("completed");
    assertThat(funnel.get(6).get("reached").asLong()).isEqualTo(6);

    JsonNode all = f.get("stepTimes").get("all");
    assertThat(row(all, "accepted").get("journeys").asLong()).isEqualTo(6);
    assertThat(row(all, "accepted").get("medianDays").asDouble()).isEqualTo(2.0);
    assertThat(row(all, "accepted").get("p90Days").asDouble()).isEqualTo(2.0);
    assertThat(row(all, "first-conversation").get("medianDays").asDouble()).isEqualTo(3.0);
    assertThat(row(all, "completed").get("medianDays").asDouble()).isEqualTo(35.0);
    JsonNode byPractice = f.get("stepTimes").get("practice");
    // A81002's three declines never reached a timed step; A81001 has all six.
    assertThat(byPractice.findValuesAsText("value")).containsOnly("A81001");
    JsonNode byService = f.get("stepTimes").get("link-worker-service");
    assertThat(byService.get(0).get("value").asText()).isEqualTo("lw-north");

    JsonNode swemwbs = f.get("outcomes").get("all").get(0);
    assertThat(swemwbs.get("instrument").asText()).isEqualTo("SWEMWBS");
    assertThat(swemwbs.get("pairs").asLong()).isEqualTo(6);
    assertThat(swemwbs.get("meanEntry").asDouble()).isEqualTo(18.59);
    assertThat(swemwbs.get("meanExit").asDouble()).isEqualTo(22.35);
    assertThat(swemwbs.get("meanChange").asDouble()).isEqualTo(3.76);
    assertThat(swemwbs.get("improved").asLong()).isEqualTo(6);
    assertThat(swemwbs.get("shareImproved").asDouble()).isEqualTo(1.0);
    assertThat(f.get("outcomes").get("pathway").get(0).get("value").asText())
        .isEqualTo("wellbeing");

    JsonNode uptakeBySex = equity(f, "uptake", "sex");
    assertThat(uptakeBySex.get("values").toString()).isEqualTo("[\"female\",\"male\"]");
    JsonNode table = uptakeBySex.get("table");
    assertThat(table.get("cells").get(0).get(0).asLong()).isEqualTo(6);
    // The men's three refusals: hidden, and neither their row total nor grand minus the women's.
    assertThat(table.get("cells").get(1).get(1).isNull()).isTrue();
    assertThat(table.get("rowTotals").get(1).isNull()).isTrue();
    assertThat(table.get("total").isNull() || table.get("rowTotals").get(0).isNull()).isTrue();
    assertThat(table.get("columnTotals").get(1).isNull()).isTrue();
    JsonNode completionByDeprivation = equity(f, "completion", "deprivation-quintile");
    assertThat(completionByDeprivation.get("values").toString()).isEqualTo("[\"2\",\"4\"]");
    assertThat(completionByDeprivation.get("table").get("cells").get(0).get(0).asLong())
        .isEqualTo(6);
    JsonNode outcomeByEthnicity = equity(f, "outcome", "ethnic-group");
    assertThat(outcomeByEthnicity.get("values").toString()).isEqualTo("[\"white\"]");
    assertThat(outcomeByEthnicity.get("table").get("cells").get(0).get(0).asLong()).isEqualTo(6);
  }

  private String checkMeasureReports(String base, String evaluator) throws Exception {
    String all = measureReports(base, evaluator, "");
    JsonNode bundle = JSON.readTree(all);
    assertThat(bundle.get("resourceType").asText()).isEqualTo("Bundle");
    assertThat(bundle.get("type").asText()).isEqualTo("searchset");
    assertThat(bundle.get("entry")).hasSize(Measures.all().size());

    JsonNode funnel =
        JSON.readTree(measureReports(base, evaluator, "&measure=" + Measures.FUNNEL))
            .get("entry")
            .get(0)
            .get("resource");
    assertThat(funnel.get("type").asText()).isEqualTo("summary");
    assertThat(funnel.get("measure").asText()).isEqualTo(Measures.FUNNEL);
    JsonNode referred = funnel.get("group").get(0);
    assertThat(referred.get("code").get("coding").get(0).get("code").asText())
        .isEqualTo("referred");
    assertThat(referred.get("population").get(0).get("count").asInt()).isEqualTo(9);
    // The suppressed declines: no count, data-absent-reason masked.
    assertThat(referred.get("population").get(1).has("count")).isFalse();
    assertThat(referred.get("population").get(1).toString()).contains("masked");

    JsonNode change =
        JSON.readTree(measureReports(base, evaluator, "&measure=" + Measures.WELLBEING_CHANGE))
            .get("entry")
            .get(0)
            .get("resource")
            .get("group")
            .get(0);
    assertThat(change.get("measureScore").get("value").asDouble()).isEqualTo(3.76);
    assertThat(change.get("population").get(1).get("count").asInt()).isEqualTo(6);

    // A period with no referrals: the funnel counts nobody.
    JsonNode empty =
        JSON.readTree(
                measureReports(base, evaluator, "&measure=" + Measures.FUNNEL + "&period=2026-04"))
            .get("entry")
            .get(0)
            .get("resource");
    assertThat(empty.get("group").get(0).get("population").get(0).get("count").asInt())
        .isEqualTo(0);
    assertThat(empty.get("period").get("start").asText()).startsWith("2026-04-01");

    HttpResponse<String> metadata = get(base + "/fhir/metadata", null);
    assertThat(metadata.statusCode()).isEqualTo(200);
    assertThat(metadata.body()).contains("CapabilityStatement").contains("MeasureReport");
    return all;
  }

  private String measureReports(String base, String token, String query) throws Exception {
    HttpResponse<String> r =
        get(base + "/fhir/MeasureReport?_format=json" + query.replace("|", "%7C"), token);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  private void checkRefusals(String base) throws Exception {
    HttpResponse<String> anonymous = get(base + "/api/figures", null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
        .get()
        .asString()
        .startsWith("Bearer");
    HttpResponse<String> practice = get(base + "/api/figures", issuer.token("practice-a81001"));
    assertThat(practice.statusCode()).isEqualTo(403);
    HttpResponse<String> fhirPractice =
        get(base + "/fhir/MeasureReport", issuer.token("practice-a81001"));
    assertThat(fhirPractice.statusCode()).isEqualTo(403);
    assertThat(fhirPractice.body()).contains("OperationOutcome").contains("forbidden");
    HttpResponse<String> forged = get(base + "/api/figures", "not-a-token");
    assertThat(forged.statusCode()).isEqualTo(401);
    HttpResponse<String> badPeriod =
        get(base + "/fhir/MeasureReport?period=xx2026", issuer.token("evaluator"));
    assertThat(badPeriod.statusCode()).isEqualTo(400);
    assertThat(badPeriod.body()).contains("OperationOutcome").contains("period");
  }

  private static JsonNode row(JsonNode rows, String step) {
    for (JsonNode r : rows) {
      if (r.get("step").asText().equals(step)) {
        return r;
      }
    }
    throw new AssertionError("no row for " + step + " in " + rows);
  }

  private static JsonNode equity(JsonNode f, String measure, String dimension) {
    for (JsonNode t : f.get("equity")) {
      if (t.get("measure").asText().equals(measure)
          && t.get("dimension").asText().equals(dimension)) {
        return t;
      }
    }
    throw new AssertionError("no equity table " + measure + " by " + dimension);
  }

  private static String stripDates(String bundle) {
    return bundle
        .replaceAll("\"date\":\"[^\"]*\"", "")
        .replaceAll("\"lastUpdated\":\"[^\"]*\"", "");
  }
}
