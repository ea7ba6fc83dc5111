package org.pathway.fhiradapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.EvaluationFacts;
import org.pathway.events.avro.OutcomeRecorded;
import org.pathway.events.avro.ReferralReceived;
import org.pathway.events.avro.WellbeingInstrument;
import org.pathway.events.topics.Topics;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.fhiradapter.support.Adapter;
import org.pathway.fhiradapter.support.Api;
import org.pathway.fhiradapter.support.Fixtures;
import org.pathway.fhiradapter.support.Scores;
import org.pathway.localkafka.KafkaCluster;
import org.pathway.localkafka.KafkaClusters;
import org.pathway.testsupport.database.TestDatabase;
import org.pathway.testsupport.kafka.TopicTail;

/**
 * Issue 14 over HTTP with access control on, against real PostgreSQL and Kafka: every intake path
 * (plain POST, transaction Bundle, BaRS {@code $process-message}) announces {@code
 * ReferralReceived.evaluation} (sex, ethnic category, age band, LSOA and IMD decile from the test
 * lookup, pathway); a bad ethnic category or pathway is refused naming the element with nothing
 * written; a score outside its pathway's outcome set is refused saying what the pathway takes.
 */
class EvaluationIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String PRACTICE = "practice-a81001";
  private static final String LINK_WORKER = "lw-city";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  static KafkaCluster kafka;
  static TestDatabase db;
  static Adapter adapter;
  static TopicTail events;

  @BeforeAll
  static void start() throws Exception {
    kafka = KafkaClusters.forTestClass();
    kafka.createTopics(Topics.all().stream().map(t -> t.toNewTopic((short) 1)).toList());
    db = TestDatabase.create("fhir_adapter");
    Path lookup =
        Path.of(
            EvaluationIT.class
                .getClassLoader()
                .getResource("evaluation/deprivation-lookup.csv")
                .toURI());
    adapter =
        Adapter.start(
            db,
            kafka.bootstrapServers(),
            Map.of("pathway.evaluation.deprivation-lookup", lookup.toString()));
    events = new TopicTail(kafka.bootstrapServers(), Topics.REFERRAL_EVENTS.name());
  }

  @AfterAll
  static void stop() {
    if (events != null) {
      events.close();
    }
    if (adapter != null) {
      adapter.close();
    }
    if (kafka != null) {
      kafka.close();
    }
    if (db != null) {
      db.close();
    }
  }

  @Test
  void announcesEveryEvaluationFactOfATransactionReferral() {
    // given a transaction Bundle whose Patient is female, of ethnic category N (England), born
    // 1990-11-21 and living at a postcode of the lookup (any case), referred on 2026-11-20
    Bundle bundle = Fixtures.bundle("evaluation/referral-transaction-demographics.json");
    fresh(bundle);

    // when the practice sends it
    var res = Api.as(adapter, PRACTICE).post("", bundle);

    // then its ReferralReceived carries every fact
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    String referralId = createdServiceRequest(Api.bundle(res));
    EvaluationFacts facts = received(referralId).getEvaluation();
    assertThat(facts.getSex()).isEqualTo("female");
    assertThat(facts.getEthnicCategory()).isEqualTo("N");
    assertThat(facts.getAgeBand()).isEqualTo("35-44");
    assertThat(facts.getLsoaCode()).isEqualTo("E01099001");
    assertThat(facts.getDeprivationDecile()).isEqualTo(3);
    assertThat(facts.getPathway()).isEqualTo("adult");
  }

  @Test
  void aPlainPostOfASixteenYearOldFollowsTheYouthPathwayWithoutAnArea() {
    // given a plain ServiceRequest whose contained Patient is male, born 2010-05-02, coded in the
    // retired UK Core system as CP (Polish, under C) and living at a postcode not in the lookup
    ServiceRequest sr = youthReferral();

    // when the practice POSTs it
    var res = Api.as(adapter, PRACTICE).post("/ServiceRequest", sr);

    // then the age band places it on the youth pathway; the area is unknown
    assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
    EvaluationFacts facts = received(createdId(res)).getEvaluation();
    assertThat(facts.getSex()).isEqualTo("male");
    assertThat(facts.getEthnicCategory()).isEqualTo("C");
    assertThat(facts.getAgeBand()).isEqualTo("16-17");
    assertThat(facts.getLsoaCode()).isNull();
    assertThat(facts.getDeprivationDecile()).isNull();
    assertThat(facts.getPathway()).isEqualTo("youth");
  }

  @Test
  void aBarsMessageCarriesUkCoresEthnicCategoryExampleAndANamedPathway() throws Exception {
    // given the BaRS referral of a woman born 1948-03-12, carrying UK Core's own example of the
    // ethnic category extension (England, A) and naming the youth pathway as a category
    Bundle message =
        Fixtures.FHIR
            .newJsonParser()
            .parseResource(
                Bundle.class,
                Fixtures.text("bars-referral-20-supporting.json")
                    .replace(BarsMessageIT.FIXTURE_SR_ID, UUID.randomUUID().toString()));
    Patient example =
        Fixtures.FHIR
            .newXmlParser()
            .parseResource(
                Patient.class,
                Fixtures.text("uk-core/Extension-UKCore-EthnicCategory-Example.xml"));
    for (var e : message.getEntry()) {
      if (e.getResource() instanceof Patient p) {
        p.getExtension().addAll(example.getExtension());
      }
      if (e.getResource() instanceof ServiceRequest sr) {
        sr.addCategory(
            new CodeableConcept().addCoding(new Coding(CodeSystems.PATHWAY, "youth", "Youth")));
      }
    }

    // when the practice sends it to $process-message
    var res = processMessage(Fixtures.FHIR.newJsonParser().encodeResourceToString(message));

    // then the named pathway wins over the age band, and the example's code is carried
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    MessageHeader header = (MessageHeader) Api.bundle(res).getEntryFirstRep().getResource();
    String referralId = new IdType(header.getFocusFirstRep().getReference()).getIdPart();
    ReferralReceived received = received(referralId);
    EvaluationFacts facts = received.getEvaluation();
    assertThat(facts.getSex()).isEqualTo("female");
    assertThat(facts.getEthnicCategory()).isEqualTo("A");
    assertThat(facts.getAgeBand()).isEqualTo("75+");
    assertThat(facts.getLsoaCode()).isNull();
    assertThat(facts.getPathway()).isEqualTo("youth");
    // and the pathway is not taken for a need
    assertThat(received.getNeedCategories()).containsExactly("social-connection");
  }

  @Test
  void refusesAnEthnicCategoryOutsideTheCodeSystemAndWritesNothing() {
    // given a referral whose Patient's ethnic category is coded X in the England code system
    ServiceRequest sr = youthReferral();
    Patient p = (Patient) sr.getContained().get(0);
    p.getExtension()
        .get(0)
        .setValue(
            new CodeableConcept()
                .addCoding(
                    new Coding(
                        "https://fhir.hl7.org.uk/CodeSystem/UKCore-EthnicCategoryEngland",
                        "X",
                        null)));
    long referralsBefore = adapter.ledger().count("referral", "true");

    // when the practice POSTs it
    var res = Api.as(adapter, PRACTICE).post("/ServiceRequest", sr);

    // then it is 422 naming the code, and no referral is written
    assertThat(res.statusCode()).as(res.body()).isEqualTo(422);
    assertThat(expressions(Api.outcome(res)))
        .contains("Patient.extension[0].valueCodeableConcept.coding[0].code");
    assertThat(adapter.ledger().count("referral", "true")).isEqualTo(referralsBefore);
  }

  @Test
  void refusesAPathwayThatIsNotConfiguredAndWritesNothing() {
    // given a referral naming a pathway no one configured
    ServiceRequest sr = youthReferral();
    sr.addCategory(
        new CodeableConcept().addCoding(new Coding(CodeSystems.PATHWAY, "veterans", null)));
    long referralsBefore = adapter.ledger().count("referral", "true");

    // when the practice POSTs it
    var res = Api.as(adapter, PRACTICE).post("/ServiceRequest", sr);

    // then it is 422 naming the category and the pathways there are
    assertThat(res.statusCode()).as(res.body()).isEqualTo(422);
    var issue = Api.outcome(res).getIssueFirstRep();
    assertThat(issue.getExpression().get(0).getValue()).isEqualTo("ServiceRequest.category[0]");
    assertThat(issue.getDiagnostics()).contains("adult").contains("youth");
    assertThat(adapter.ledger().count("referral", "true")).isEqualTo(referralsBefore);
  }

  @Test
  void refusesAScoreOnAnInstrumentOutsideThePathwaysOutcomeSet() {
    // given an adult referral (SWEMWBS at entry and exit) and a youth one (adds LONELINESS3),
    // both owned by the link-worker service
    String adultTask = taskOf(Fixtures.referral("A81001", "HealthcareService/lw-city"));
    String youthTask = taskOf(youthReferral());
    Api lw = Api.as(adapter, LINK_WORKER);

    // when the link worker records a WEMWBS entry score for the adult
    var wemwbs = lw.post("/Observation", Scores.score("WEMWBS", "entry", 40, adultTask));

    // then it is refused saying what the adult pathway takes, and nothing is recorded
    assertThat(wemwbs.statusCode()).as(wemwbs.body()).isEqualTo(422);
    var issue = Api.outcome(wemwbs).getIssueFirstRep();
    assertThat(issue.getExpression().get(0).getValue()).isEqualTo("Observation.code");
    assertThat(issue.getDiagnostics())
        .contains("adult pathway")
        .contains("SWEMWBS at entry and SWEMWBS at exit");
    assertThat(adapter.ledger().count("outcome", "task_id = ?", adultTask)).isZero();

    // and MYCAW, which neither pathway takes, is refused for the youth referral too
    var mycaw = lw.post("/Observation", Scores.score("MYCAW", "entry", 3, youthTask));
    assertThat(mycaw.statusCode()).as(mycaw.body()).isEqualTo(422);
    assertThat(Api.outcome(mycaw).getIssueFirstRep().getDiagnostics())
        .contains("SWEMWBS, LONELINESS3 at entry");

    // while the youth pathway's LONELINESS3 (3-9) is recorded and announced, and 10 is out of range
    var lonely = lw.post("/Observation", Scores.score("LONELINESS3", "entry", 7, youthTask));
    assertThat(lonely.statusCode()).as(lonely.body()).isEqualTo(201);
    var tooLonely = lw.post("/Observation", Scores.score("LONELINESS3", "exit", 10, youthTask));
    assertThat(tooLonely.statusCode()).as(tooLonely.body()).isEqualTo(422);
    assertThat(expressions(Api.outcome(tooLonely))).contains("Observation.value[x]");
    OutcomeRecorded recorded =
        first(
            OutcomeRecorded.class,
            o ->
                o.getTaskId().equals(youthTask)
                    && o.getInstrument() == WellbeingInstrument.LONELINESS3);
    assertThat(recorded.getScore()).isEqualTo(7.0);
    // and the adult's SWEMWBS entry is recorded
    assertThat(
            lw.post("/Observation", Scores.score("SWEMWBS", "entry", 20, adultTask)).statusCode())
        .isEqualTo(201);
  }

  private static ServiceRequest youthReferral() {
    ServiceRequest sr =
        Fixtures.parse(ServiceRequest.class, "evaluation/referral-youth-servicerequest.json");
    sr.getIdentifierFirstRep().setValue(UUID.randomUUID().toString());
    return sr;
  }

  private static void fresh(Bundle bundle) {
    for (var e : bundle.getEntry()) {
      if (e.getResource() instanceof ServiceRequest sr) {
        sr.getIdentifierFirstRep().setValue(UUID.randomUUID().toString());
      }
    }
  }

  private static String taskOf(ServiceRequest sr) {
    var res = Api.as(adapter, PRACTICE).post("/ServiceRequest", sr);
    assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
    String id = createdId(res);
    Bundle found = Api.bundle(Api.as(adapter, PRACTICE).get("/Task?focus=ServiceRequest/" + id));
    return ((Task) found.getEntryFirstRep().getResource()).getIdPart();
  }

  private static String createdId(HttpResponse<String> res) {
    return new IdType(res.headers().firstValue("Location").orElseThrow()).getIdPart();
  }

  private static String createdServiceRequest(Bundle response) {
    return response.getEntry().stream()
        .map(e -> e.getResponse().getLocation())
        .filter(l -> l != null && l.startsWith("ServiceRequest/"))
        .map(l -> new IdType(l).getIdPart())
        .findFirst()
        .orElseThrow();
  }

  private static ReferralReceived received(String referralId) {
    return first(ReferralReceived.class, r -> r.getServiceRequestId().equals(referralId));
  }

  private static <T extends SpecificRecord> T first(
      Class<T> type, java.util.function.Predicate<T> which) {
    List<ConsumerRecord<String, SpecificRecord>> seen =
        events.until(rs -> rs.stream().anyMatch(r -> matches(r.value(), type, which)), WAIT);
    return seen.stream()
        .map(ConsumerRecord::value)
        .filter(v -> matches(v, type, which))
        .map(type::cast)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no such " + type.getSimpleName() + " on the topic"));
  }

  private static <T> boolean matches(
      SpecificRecord v, Class<T> type, java.util.function.Predicate<T> which) {
    return type.isInstance(v) && which.test(type.cast(v));
  }

  private static List<String> expressions(OperationOutcome oo) {
    return oo.getIssue().stream()
        .flatMap(i -> i.getExpression().stream())
        .map(x -> x.getValue())
        .toList();
  }

  private static HttpResponse<String> processMessage(String body) throws Exception {
    var req =
        HttpRequest.newBuilder(URI.create(adapter.fhirBase() + "/$process-message"))
            .header("Authorization", adapter.bearer(PRACTICE))
            .header("Content-Type", "application/fhir+json")
            .header("Accept", "application/fhir+json")
            .header("X-Request-ID", "req-" + UUID.randomUUID())
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return HTTP.send(req, HttpResponse.BodyHandlers.ofString());
  }
}
