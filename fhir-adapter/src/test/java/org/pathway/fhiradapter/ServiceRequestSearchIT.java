package org.pathway.fhiradapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.events.topics.Topics;
import org.pathway.fhiradapter.support.Adapter;
import org.pathway.fhiradapter.support.Api;
import org.pathway.fhiradapter.support.Fixtures;
import org.pathway.localkafka.KafkaCluster;
import org.pathway.localkafka.KafkaClusters;
import org.pathway.testsupport.database.TestDatabase;

/**
 * A referrer finds its referral by the business identifier it sent, and creates one only if none is
 * held (FHIR conditional create), each narrowed to what the caller may see.
 */
class ServiceRequestSearchIT {

  static final String PRACTICE_A = "practice-a81001";
  static final String PRACTICE_B = "practice-b82002";

  static KafkaCluster kafka;
  static TestDatabase db;
  static Adapter adapter;

  @BeforeAll
  static void start() {
    kafka = KafkaClusters.forTestClass();
    kafka.createTopics(Topics.all().stream().map(t -> t.toNewTopic((short) 1)).toList());
    db = TestDatabase.create("fhir_adapter");
    adapter = Adapter.start(db, kafka.bootstrapServers());
  }

  @AfterAll
  static void stop() {
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
  void aReferrerFindsItsReferralByTheIdentifierItSentAndNoOneElseDoes() {
    // given: practice A's referral, to be worked by lw-city
    ServiceRequest sent = Fixtures.referral("A81001", "HealthcareService/lw-city");
    Identifier id = sent.getIdentifierFirstRep();
    String referralId = created(Api.as(adapter, PRACTICE_A).post("/ServiceRequest", sent));

    // then: by system and value, or by value in any system
    assertThat(ids(PRACTICE_A, "/ServiceRequest?identifier=" + token(id)))
        .containsExactly(referralId);
    assertThat(ids(PRACTICE_A, "/ServiceRequest?identifier=" + id.getValue()))
        .containsExactly(referralId);
    assertThat(
            ids(PRACTICE_A, "/ServiceRequest?identifier=" + encode("urn:other|") + id.getValue()))
        .isEmpty();
    // the link-worker service working it sees it; another practice's search is narrowed, not
    // refused
    assertThat(ids("lw-city", "/ServiceRequest?identifier=" + token(id)))
        .containsExactly(referralId);
    assertThat(ids(PRACTICE_B, "/ServiceRequest?identifier=" + token(id))).isEmpty();
    // a community group has no part in searching referrals
    assertThat(
            Api.as(adapter, "group-a").get("/ServiceRequest?identifier=" + token(id)).statusCode())
        .isEqualTo(403);
  }

  @Test
  void aSearchParameterWithAModifierOrChainItDoesNotAnswerIs400NamingIt() {
    var practice = Api.as(adapter, PRACTICE_A);
    for (String modified :
        List.of(
            "ServiceRequest?identifier:text=REF",
            "ServiceRequest?identifier:missing=true",
            // status:text=done is not status=done
            "Task?status:text=done",
            "Task?owner:missing=true",
            "Task?subject.name=Leyland")) {
      var res = practice.get("/" + modified);

      assertThat(res.statusCode()).as(modified + ": " + res.body()).isEqualTo(400);
      assertThat(Api.outcome(res).getIssueFirstRep().getExpression().get(0).getValue())
          .isEqualTo(modified.substring(modified.indexOf('?') + 1, modified.indexOf('=')));
    }
  }

  @Test
  void aConditionalCreateThatMatchesAnswersTheHeldReferralAndWritesNothing() {
    // given: a referral practice A holds
    var practice = Api.as(adapter, PRACTICE_A);
    ServiceRequest first = Fixtures.referral("A81001", "HealthcareService/lw-city");
    String firstId = created(practice.post("/ServiceRequest", first));

    // when: another body is sent, conditional on the first's identifier
    ServiceRequest second = Fixtures.referral("A81001", "HealthcareService/lw-city");
    var res =
        practice
            .with("If-None-Exist", "identifier=" + token(first.getIdentifierFirstRep()))
            .post("/ServiceRequest", second);

    // then: 200 with the held referral, and the second was not written
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    assertThat(Api.parse(ServiceRequest.class, res).getIdElement().getIdPart()).isEqualTo(firstId);
    assertThat(
            ids(PRACTICE_A, "/ServiceRequest?identifier=" + token(second.getIdentifierFirstRep())))
        .isEmpty();

    // and: conditional on an identifier no referral has, it is created
    ServiceRequest third = Fixtures.referral("A81001", "HealthcareService/lw-city");
    var made =
        practice
            .with(
                "If-None-Exist",
                "ServiceRequest?identifier=" + token(third.getIdentifierFirstRep()))
            .post("/ServiceRequest", third);
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);

    // and: another practice's condition does not see practice A's referral, so it creates its own
    ServiceRequest theirs = Fixtures.referral("B82002", "HealthcareService/lw-city");
    var elsewhere =
        Api.as(adapter, PRACTICE_B)
            .with("If-None-Exist", "identifier=" + token(first.getIdentifierFirstRep()))
            .post("/ServiceRequest", theirs);
    assertThat(elsewhere.statusCode()).as(elsewhere.body()).isEqualTo(201);
    assertThat(Api.parse(ServiceRequest.class, elsewhere).getIdElement().getIdPart())
        .isNotEqualTo(firstId);
  }

  @Test
  void aTransactionWhoseServiceRequestEntryIsConditionalAnswersTheHeldReferralAndWritesNothing() {
    // given: a referral practice A holds, sent as a transaction
    var practice = Api.as(adapter, PRACTICE_A);
    Bundle sent = Fixtures.bundle("referral-transaction.json");
    ServiceRequest first = (ServiceRequest) sent.getEntry().get(1).getResource();
    var firstAnswer = practice.post("", sent);
    assertThat(firstAnswer.statusCode()).as(firstAnswer.body()).isEqualTo(200);
    String firstId =
        new IdType(
                Api.parse(Bundle.class, firstAnswer).getEntry().get(1).getResponse().getLocation())
            .getIdPart();

    // when: a transaction Bundle whose ServiceRequest entry is conditional on its identifier
    Bundle tx = Fixtures.bundle("referral-transaction.json");
    var entry = tx.getEntry().get(1);
    var sr = (ServiceRequest) entry.getResource();
    sr.getIdentifierFirstRep().setValue(UUID.randomUUID().toString());
    entry.getRequest().setIfNoneExist("identifier=" + token(first.getIdentifierFirstRep()));
    var res = practice.post("", tx);

    // then: every entry 200, the ServiceRequest's naming the held referral; nothing written
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    var answer = Api.parse(Bundle.class, res);
    assertThat(answer.getEntry())
        .extracting(e -> e.getResponse().getStatus())
        .containsOnly("200 OK");
    assertThat(answer.getEntry().get(1).getResponse().getLocation())
        .startsWith("ServiceRequest/" + firstId + "/_history/");
    // the Patient entry: the person the held referral is for, where a client can read them
    String heldPerson =
        Api.parse(ServiceRequest.class, practice.get("/ServiceRequest/" + firstId))
            .getSubject()
            .getReference();
    assertThat(answer.getEntry().get(0).getResponse().getLocation()).isEqualTo(heldPerson);
    assertThat(practice.get("/" + heldPerson).statusCode()).isEqualTo(200);
    assertThat(ids(PRACTICE_A, "/ServiceRequest?identifier=" + token(sr.getIdentifierFirstRep())))
        .isEmpty();

    // and: criteria it cannot answer are 400 naming the entry
    entry.getRequest().setIfNoneExist("subject=Patient/1");
    var refused = practice.post("", tx);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    assertThat(Api.outcome(refused).getIssueFirstRep().getExpression().get(0).getValue())
        .isEqualTo("Bundle.entry[1].request.ifNoneExist");
  }

  @Test
  void criteriaOtherThanOneIdentifierAre400NamingTheHeaderAndNothingIsWritten() {
    ServiceRequest sent = Fixtures.referral("A81001", "HealthcareService/lw-city");
    for (String criteria :
        List.of("status=active", "identifier=a|1&status=active", "identifier=x|")) {
      var res =
          Api.as(adapter, PRACTICE_A).with("If-None-Exist", criteria).post("/ServiceRequest", sent);

      assertThat(res.statusCode()).as(criteria + ": " + res.body()).isEqualTo(400);
      var issue = Api.outcome(res).getIssueFirstRep();
      assertThat(issue.getExpression().get(0).getValue()).isEqualTo("If-None-Exist");
      assertThat(issue.getCode()).isIn(IssueType.NOTSUPPORTED, IssueType.INVALID);
    }
    assertThat(ids(PRACTICE_A, "/ServiceRequest?identifier=" + token(sent.getIdentifierFirstRep())))
        .isEmpty();
  }

  @Test
  void anUnknownParameterIsRefusedUnlessTheCallerAsksForLenientHandlingThenItIsLeftOutAndSaid() {
    // given: two of practice A's referrals
    ServiceRequest wanted = Fixtures.referral("A81001", "HealthcareService/lw-city");
    String wantedId = created(Api.as(adapter, PRACTICE_A).post("/ServiceRequest", wanted));
    created(
        Api.as(adapter, PRACTICE_A)
            .post("/ServiceRequest", Fixtures.referral("A81001", "HealthcareService/lw-city")));
    String search = "/ServiceRequest?identifier=" + token(wanted.getIdentifierFirstRep());

    // when: a search names a parameter no ServiceRequest search takes
    var byDefault = Api.as(adapter, PRACTICE_A).get(search + "&colour=blue");
    var strict =
        Api.as(adapter, PRACTICE_A).with("Prefer", "handling=strict").get(search + "&colour=blue");
    var lenient =
        Api.as(adapter, PRACTICE_A).with("Prefer", "handling=lenient").get(search + "&colour=blue");

    // then: by default and when asked to be strict it is 400, saying what it is
    for (var refused : List.of(byDefault, strict)) {
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
      assertThat(Api.outcome(refused).getIssueFirstRep().getDiagnostics()).contains("colour");
    }
    // and: asked to be lenient, the search runs without it, still narrowed by what it knows, and
    // says it left something out
    assertThat(lenient.statusCode()).as(lenient.body()).isEqualTo(200);
    Bundle found = Api.bundle(lenient);
    assertThat(found.getEntry())
        .extracting(e -> e.getResource().getIdElement().getIdPart())
        .containsExactly(wantedId);
    assertThat(found.getLink(Bundle.LINK_SELF).getUrl())
        .contains("identifier=")
        .doesNotContain("colour");
    assertThat(lenient.headers().firstValue("Preference-Applied")).hasValue("handling=lenient");

    // and: a lenient search with nothing to leave out is answered as any other
    var nothingLeftOut = Api.as(adapter, PRACTICE_A).with("Prefer", "handling=lenient").get(search);
    assertThat(nothingLeftOut.statusCode()).isEqualTo(200);
    assertThat(nothingLeftOut.headers().firstValue("Preference-Applied")).isEmpty();
  }

  @Test
  void theCapabilityStatementSaysServiceRequestIsSearchedByIdentifierAndCreatedConditionally() {
    var res = Api.as(adapter, PRACTICE_A).get("/metadata");
    var capability = Api.parse(CapabilityStatement.class, res);

    var serviceRequest =
        capability.getRestFirstRep().getResource().stream()
            .filter(r -> r.getType().equals("ServiceRequest"))
            .findFirst()
            .orElseThrow();
    assertThat(serviceRequest.getConditionalCreate()).isTrue();
    assertThat(serviceRequest.getSearchParam()).extracting(p -> p.getName()).contains("identifier");
  }

  private static String created(HttpResponse<String> res) {
    assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
    return Api.parse(ServiceRequest.class, res).getIdElement().getIdPart();
  }

  private static List<String> ids(String client, String path) {
    var res = Api.as(adapter, client).get(path);
    assertThat(res.statusCode()).as(path + ": " + res.body()).isEqualTo(200);
    return Api.bundle(res).getEntry().stream()
        .map(e -> e.getResource().getIdElement().getIdPart())
        .toList();
  }

  private static String token(Identifier id) {
    return encode(id.getSystem() + "|" + id.getValue());
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
