package org.pathway.fhiradapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.access.links.LinkHeaders;
import org.pathway.events.avro.ActorKind;
import org.pathway.events.avro.ContactMethod;
import org.pathway.events.avro.ReferralReceived;
import org.pathway.events.avro.ReferralSource;
import org.pathway.events.topics.Topics;
import org.pathway.fhiradapter.fhir.NhsNumber;
import org.pathway.fhiradapter.support.Adapter;
import org.pathway.fhiradapter.support.Api;
import org.pathway.fhiradapter.support.Fixtures;
import org.pathway.localkafka.KafkaCluster;
import org.pathway.localkafka.KafkaClusters;
import org.pathway.testsupport.database.TestDatabase;
import org.pathway.testsupport.kafka.TopicTail;

/**
 * Referrals from anyone, over HTTP with access on: the source is the calling client's registered
 * kind, never the body; a referrer other than a GP may identify the person without an NHS number
 * (then marked unverified), a GP may not; a child under 16 needs a parent or guardian contact, who
 * is the one told.
 */
class CommunityReferralIT {

  static final String COUNCIL = "council-leeds";
  static final String POLICE = "police-west-yorkshire";
  static final String PRACTICE = "practice-a81001";
  static final String SELF_REFERRAL = "self-referral-form";

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

  /** The community fixture {@code name} with a fresh business identifier. */
  static ServiceRequest fixture(String name) {
    ServiceRequest sr = Fixtures.parse(ServiceRequest.class, "community/" + name + ".json");
    sr.getIdentifierFirstRep().setValue(UUID.randomUUID().toString());
    return sr;
  }

  static String created(HttpResponse<String> res) {
    assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
    return Api.parse(ServiceRequest.class, res).getIdElement().getIdPart();
  }

  static ReferralReceived announced(String referralId) {
    try (var events = new TopicTail(kafka.bootstrapServers(), Topics.REFERRAL_EVENTS.name())) {
      return events
          .until(
              rs ->
                  rs.stream()
                      .anyMatch(
                          r ->
                              r.value() instanceof ReferralReceived e
                                  && e.getServiceRequestId().equals(referralId)),
              Duration.ofSeconds(60))
          .stream()
          .map(r -> r.value())
          .filter(ReferralReceived.class::isInstance)
          .map(ReferralReceived.class::cast)
          .filter(e -> e.getServiceRequestId().equals(referralId))
          .findFirst()
          .orElseThrow();
    }
  }

  static void assertRefusedAt(HttpResponse<String> res, String expression) {
    assertThat(res.statusCode()).as(res.body()).isEqualTo(422);
    OperationOutcome outcome = Api.outcome(res);
    assertThat(outcome.getIssue())
        .anySatisfy(i -> assertThat(i.getExpression().get(0).getValue()).isEqualTo(expression));
  }

  @Test
  void acceptsACouncilReferralWithoutNhsNumberAndMarksThePersonUnverified() {
    // given the council's referral naming the person by name, date of birth and postcode, their
    // own GP practice, and their consent that the practice be told
    var referral = fixture("council-referral-without-nhs-number");

    // when the council sends it
    String referralId = created(Api.as(adapter, COUNCIL).post("/ServiceRequest", referral));

    // then it is announced as the council's, the person unverified, their practice named
    ReferralReceived received = announced(referralId);
    assertThat(received.getSource()).isEqualTo(ReferralSource.COUNCIL);
    assertThat(received.getRequester().getKind()).isEqualTo(ActorKind.UNKNOWN);
    assertThat(received.getPerson().getNhsNumber()).isNull();
    assertThat(received.getPerson().getIdentityUnverified()).isTrue();
    assertThat(received.getPerson().getFamilyName()).isEqualTo("Okafor");
    assertThat(received.getPerson().getBirthDate()).isEqualTo(LocalDate.of(1961, 7, 14));
    assertThat(received.getPerson().getPostcodeDistrict()).isEqualTo("LS6");
    assertThat(received.getPracticeOdsCode()).isEqualTo("A81001");
  }

  @Test
  void refusesAGpReferralWithoutNhsNumberNamingTheElement() {
    // given the practice's referral with the NHS number taken out
    var referral = Fixtures.referral();
    ((org.hl7.fhir.r4.model.Patient) referral.getContained().get(0)).getIdentifier().clear();

    // when the practice sends it, then it is refused at the identifier
    assertRefusedAt(
        Api.as(adapter, PRACTICE).post("/ServiceRequest", referral), "Patient.identifier");
  }

  @Test
  void refusesACouncilReferralWithoutNhsNumberOrPostcode() {
    var referral = fixture("council-referral-without-nhs-number");
    ((org.hl7.fhir.r4.model.Patient) referral.getContained().get(0)).getAddress().clear();

    assertRefusedAt(
        Api.as(adapter, COUNCIL).post("/ServiceRequest", referral), "Patient.address.postalCode");
  }

  @Test
  void refusesACouncilReferralWithAnNhsNumberFailingItsCheck() {
    var referral = fixture("council-referral-without-nhs-number");
    ((org.hl7.fhir.r4.model.Patient) referral.getContained().get(0))
        .addIdentifier(new Identifier().setSystem(NhsNumber.SYSTEM).setValue("9434765918"));

    assertRefusedAt(
        Api.as(adapter, COUNCIL).post("/ServiceRequest", referral), "Patient.identifier");
  }

  @Test
  void takesThePoliceSourceFromTheClientNotFromTheBody() {
    // given a police referral whose requester is an Organization (once taken for a GP), and the
    // person's practice named without their consent to tell it
    var referral = fixture("police-referral");

    String referralId = created(Api.as(adapter, POLICE).post("/ServiceRequest", referral));

    ReferralReceived received = announced(referralId);
    assertThat(received.getSource()).isEqualTo(ReferralSource.POLICE);
    assertThat(received.getPerson().getIdentityUnverified()).isTrue();
    assertThat(received.getPracticeOdsCode()).as("no consent to tell the practice").isNull();
  }

  @Test
  void aGpReferralIsTheGpsEvenWhenTheBodySaysThePersonAsked() {
    // given the practice's referral whose requester is the person themselves
    var referral = Fixtures.referral();
    referral.setRequester(new org.hl7.fhir.r4.model.Reference("#pat"));

    // then only the calling organisation may be the requester: a GP client cannot pass it off as
    // a self-referral (which would let it skip the NHS number)
    var res = Api.as(adapter, PRACTICE).post("/ServiceRequest", referral);
    assertThat(res.statusCode()).as(res.body()).isEqualTo(403);
  }

  @Test
  void refusesAnUnder16WithoutParentOrGuardianContact() {
    assertRefusedAt(
        Api.as(adapter, COUNCIL).post("/ServiceRequest", fixture("under-16-without-guardian")),
        "Patient.contact");
  }

  @Test
  void tellsAnUnder16sGuardianInsteadOfThem() {
    String referralId =
        created(
            Api.as(adapter, COUNCIL).post("/ServiceRequest", fixture("under-16-with-guardian")));

    ReferralReceived received = announced(referralId);
    assertThat(received.getPerson().getGuardianRelationship()).isEqualTo("mother");
    assertThat(received.getPerson().getEmail()).isEqualTo("efua.mensah@example.org");
    assertThat(received.getPerson().getPhone()).as("the child's own number").isNull();
    assertThat(received.getPerson().getContactPreference()).isEqualTo(ContactMethod.EMAIL);
  }

  @Test
  void acceptsA16YearOldsGpReferralWithoutGuardian() {
    String referralId =
        created(
            Api.as(adapter, PRACTICE).post("/ServiceRequest", fixture("gp-referral-16-year-old")));

    ReferralReceived received = announced(referralId);
    assertThat(received.getSource()).isEqualTo(ReferralSource.GP);
    assertThat(received.getPerson().getBirthDate()).isEqualTo(LocalDate.of(2010, 5, 17));
    assertThat(received.getPerson().getIdentityUnverified()).isFalse();
    assertThat(received.getPerson().getGuardianRelationship()).isNull();
  }

  @Test
  void forwardsAPersonsOwnReferralAsSelfWithThePersonAsRequester() {
    // given a person's own referral, forwarded by the self-referral client: requester the Patient
    var referral = fixture("council-referral-without-nhs-number");
    referral.setRequester(new org.hl7.fhir.r4.model.Reference("#pat"));

    String referralId = created(Api.as(adapter, SELF_REFERRAL).post("/ServiceRequest", referral));

    ReferralReceived received = announced(referralId);
    assertThat(received.getSource()).isEqualTo(ReferralSource.SELF);
    assertThat(received.getRequester().getKind()).isEqualTo(ActorKind.PATIENT);
    assertThat(received.getPerson().getIdentityUnverified()).isTrue();

    // and a plain POST naming that stored Patient as subject and requester is resolved too
    var stored =
        Api.parse(
            ServiceRequest.class,
            Api.as(adapter, SELF_REFERRAL).get("/ServiceRequest/" + referralId));
    // (the contained Patient stays the subject; the requester points at the Patient kept of them)
    assertThat(stored.getSubject().getReference()).isEqualTo("#pat");
    String patient = stored.getRequester().getReference();
    assertThat(patient).startsWith("Patient/");
    var again = fixture("council-referral-without-nhs-number");
    again.getContained().clear();
    again.getSupportingInfo().clear();
    again.setSubject(new org.hl7.fhir.r4.model.Reference(patient));
    again.setRequester(new org.hl7.fhir.r4.model.Reference(patient));
    String secondId = created(Api.as(adapter, SELF_REFERRAL).post("/ServiceRequest", again));
    assertThat(announced(secondId).getSource()).isEqualTo(ReferralSource.SELF);
  }

  @Test
  void thePortalForwardsAPersonsOwnReferralWithNoLinkAndGivesThemAStatusLink() throws Exception {
    // given a person's own referral from the portal's public form: requester the person, their
    // practice named with their consent
    var referral = fixture("council-referral-without-nhs-number");
    referral.setRequester(new org.hl7.fhir.r4.model.Reference("#pat"));

    // when the portal forwards it as itself, with no link
    var res = Api.as(adapter, "portal").post("/ServiceRequest", referral);

    // then it is the same intake: source SELF, the person as requester, unverified, GP told
    String referralId = created(res);
    ReferralReceived received = announced(referralId);
    assertThat(received.getSource()).isEqualTo(ReferralSource.SELF);
    assertThat(received.getRequester().getKind()).isEqualTo(ActorKind.PATIENT);
    assertThat(received.getPerson().getIdentityUnverified()).isTrue();
    assertThat(received.getPracticeOdsCode()).isEqualTo("A81001");

    // and the answer carries a status link bound to the referral's Task, which reads that Task
    String link = res.headers().firstValue(LinkHeaders.STATUS_LINK).orElseThrow();
    var claims = com.nimbusds.jwt.SignedJWT.parse(link).getJWTClaimsSet();
    assertThat(claims.getStringClaim("pur")).isEqualTo("referral-status");
    String taskId = claims.getSubject();
    var person = Api.as(adapter, "portal").with(LinkHeaders.LINK, link);
    var task = person.get("/Task/" + taskId);
    assertThat(task.statusCode()).as(task.body()).isEqualTo(200);
    assertThat(Api.parse(Task.class, task).getFocus().getReference())
        .endsWith("ServiceRequest/" + referralId);

    // and nothing else: not the referral itself, not another change
    assertThat(person.get("/ServiceRequest/" + referralId).statusCode()).isEqualTo(403);
    var accept = Api.parse(Task.class, task);
    accept.setStatus(Task.TaskStatus.ACCEPTED);
    assertThat(person.put("/Task/" + taskId, accept, "1").statusCode()).isEqualTo(403);
    // and the portal with no link still reads no Task
    assertThat(Api.as(adapter, "portal").get("/Task/" + taskId).statusCode()).isEqualTo(403);
  }
}
