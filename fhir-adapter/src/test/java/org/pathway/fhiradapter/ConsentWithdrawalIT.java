package org.pathway.fhiradapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pathway.fhiradapter.support.Links.assertRefused;
import static org.pathway.fhiradapter.support.Links.link;

import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Consent.ConsentState;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.access.links.LinkHeaders;
import org.pathway.access.links.LinkPurpose;
import org.pathway.events.avro.ReferralCancelled;
import org.pathway.events.topics.Topics;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.fhiradapter.ledger.InteractionLog;
import org.pathway.fhiradapter.ledger.RequestContext;
import org.pathway.fhiradapter.ledger.Visibility;
import org.pathway.fhiradapter.support.Adapter;
import org.pathway.fhiradapter.support.Api;
import org.pathway.fhiradapter.support.Fixtures;
import org.pathway.localkafka.KafkaCluster;
import org.pathway.localkafka.KafkaClusters;
import org.pathway.testsupport.database.TestDatabase;
import org.pathway.testsupport.kafka.TopicTail;

/**
 * S7 in the ledger: the person's withdrawal of consent, recorded by their link worker as a {@code
 * Consent} with status {@code inactive}, closes every open Task of the referral with the coded
 * reason in one transaction, revokes the signed links bound to them, announces it, and is audited;
 * nobody outside the referral may record it, and a Consent meaning anything else is refused.
 */
class ConsentWithdrawalIT {

  static final String PRACTICE = "practice-a81001";
  static final String SERVICE = "lw-city";
  static final String GROUP = "walking-group-ls6";
  static final Duration WAIT = Duration.ofSeconds(60);

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
  void closesEveryOpenTaskRevokesTheLinksAndAnnouncesItWhenThePersonWithdrawsConsent() {
    // given a referral accepted by lw-city and referred on to a walking group
    Task parent = referralAcceptedByTheService();
    String referralId = parent.getFocus().getReferenceElement().getIdPart();
    var onward =
        Api.as(adapter, SERVICE)
            .post(
                "/ServiceRequest",
                Fixtures.onward(referralId, parent.getFor().getReference(), SERVICE, GROUP));
    assertThat(onward.statusCode()).as(onward.body()).isEqualTo(201);
    Task child =
        (Task)
            Api.bundle(Api.as(adapter, SERVICE).get("/Task?part-of=Task/" + id(parent)))
                .getEntryFirstRep()
                .getResource();
    String linkWorkerLink = link(id(parent), SERVICE, LinkPurpose.LINK_WORKER);
    String facilitatorLink = link(id(child), GROUP, LinkPurpose.FACILITATOR);
    assertThat(portal(facilitatorLink).get("/Task/" + id(child)).statusCode()).isEqualTo(200);

    // when the link worker records that the person withdrew their consent
    var res = Api.as(adapter, SERVICE).post("/Consent", withdrawal(referralId));

    // then the Consent is kept
    assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
    Consent stored = Api.parse(Consent.class, res);
    assertThat(stored.getStatus()).isEqualTo(ConsentState.INACTIVE);
    // and both Tasks are cancelled with the coded reason, each with its provenance
    for (Task t : List.of(parent, child)) {
      Task now = adapter.ledger().readTask(id(t), Visibility.EVERYTHING).orElseThrow();
      assertThat(now.getStatus()).as(id(t)).isEqualTo(TaskStatus.CANCELLED);
      assertThat(now.getStatusReason().getCodingFirstRep().getSystem())
          .isEqualTo(CodeSystems.TASK_STATUS_REASON);
      assertThat(now.getStatusReason().getCodingFirstRep().getCode())
          .isEqualTo(CodeSystems.CONSENT_WITHDRAWN);
      assertThat(
              adapter
                  .ledger()
                  .count("provenance", "task_id = ? AND to_status = 'cancelled'", id(t)))
          .as(id(t))
          .isEqualTo(1);
    }
    // and the link worker's and the facilitator's links now answer "revoked"
    assertRefused(portal(linkWorkerLink).get("/Task/" + id(parent)), "revoked");
    assertRefused(portal(facilitatorLink).get("/Task/" + id(child)), "revoked");
    // and one ReferralCancelled announces it with the reason, naming the group's Task
    try (var events = new TopicTail(kafka.bootstrapServers(), Topics.REFERRAL_EVENTS.name())) {
      var cancelled =
          events
              .awaitEvents(evs -> evs.stream().anyMatch(e -> isCancellationOf(e, referralId)), WAIT)
              .stream()
              .filter(e -> isCancellationOf(e, referralId))
              .map(ReferralCancelled.class::cast)
              .toList();
      assertThat(cancelled).hasSize(1);
      assertThat(cancelled.get(0).getReason().getCode()).isEqualTo(CodeSystems.CONSENT_WITHDRAWN);
      assertThat(cancelled.get(0).getCascadedTaskIds()).containsExactly(id(child));
    }
    // and the withdrawal is audited
    audited("interaction = 'create' AND resource_type = 'Consent' AND resource_id = ?", stored);
  }

  @Test
  void thePersonWithdrawsConsentThemselvesThroughTheirStatusLinkWhichAllowsThatWriteAlone()
      throws Exception {
    // given a person's own referral, forwarded by the portal, and the status link it gave them
    ServiceRequest own =
        Fixtures.parse(ServiceRequest.class, "community/council-referral-without-nhs-number.json");
    own.getIdentifierFirstRep().setValue(java.util.UUID.randomUUID().toString());
    own.setRequester(new Reference("#pat"));
    var forwarded = Api.as(adapter, "portal").post("/ServiceRequest", own);
    assertThat(forwarded.statusCode()).as(forwarded.body()).isEqualTo(201);
    String referralId = Api.parse(ServiceRequest.class, forwarded).getIdElement().getIdPart();
    String statusLink = forwarded.headers().firstValue(LinkHeaders.STATUS_LINK).orElseThrow();
    Api person = portal(statusLink);
    String taskId = SignedJWT.parse(statusLink).getJWTClaimsSet().getSubject();
    Task task = Api.parse(Task.class, person.get("/Task/" + taskId));
    // (another referral, which their link must not reach)
    String otherReferral =
        referralAcceptedByTheService().getFocus().getReferenceElement().getIdPart();
    Consent mine = withdrawal(referralId);
    mine.setPatient(task.getFor().copy());

    // when the link is used for a withdrawal of someone else's referral, or a Consent that is not
    // a withdrawal: refused, and nothing changes
    assertRefused(person.post("/Consent", withdrawal(otherReferral)), "not-for-this");
    assertRefused(
        person.post("/Consent", mine.copy().setStatus(ConsentState.ACTIVE)), "not-for-this");
    assertThat(adapter.ledger().readTask(id(task), Visibility.EVERYTHING).orElseThrow().getStatus())
        .isNotEqualTo(TaskStatus.CANCELLED);

    // when the person stops sharing through their own link
    var res = person.post("/Consent", mine);

    // then the withdrawal is kept and their Task is closed with the coded reason
    assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
    Consent stored = Api.parse(Consent.class, res);
    Task now = adapter.ledger().readTask(id(task), Visibility.EVERYTHING).orElseThrow();
    assertThat(now.getStatus()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(now.getStatusReason().getCodingFirstRep().getCode())
        .isEqualTo(CodeSystems.CONSENT_WITHDRAWN);
    // and it is announced once, with the reason, as the referrer's withdrawal is
    try (var events = new TopicTail(kafka.bootstrapServers(), Topics.REFERRAL_EVENTS.name())) {
      var cancelled =
          events
              .awaitEvents(evs -> evs.stream().anyMatch(e -> isCancellationOf(e, referralId)), WAIT)
              .stream()
              .filter(e -> isCancellationOf(e, referralId))
              .map(ReferralCancelled.class::cast)
              .toList();
      assertThat(cancelled).hasSize(1);
      assertThat(cancelled.get(0).getReason().getCode()).isEqualTo(CodeSystems.CONSENT_WITHDRAWN);
    }
    // and it is audited with the person as the actor
    audited(
        "interaction = 'create' AND resource_type = 'Consent' AND resource_id = ?"
            + " AND actor LIKE '"
            + RequestContext.PERSON
            + " %'",
        stored);
    // and their link stops working: it answers "revoked", for reading as for writing
    assertRefused(person.get("/Task/" + id(task)), "revoked");
    assertRefused(person.post("/Consent", mine), "revoked");
    // and the other referral is untouched
    assertThat(
            adapter
                .ledger()
                .count(
                    "fhir_resource",
                    "resource_type = 'Consent' AND referral_id = ?",
                    otherReferral))
        .isZero();
  }

  @Test
  void refusesAWithdrawalFromOutsideTheReferralAndAConsentThatIsNotOne() {
    // given a referral held by lw-city
    Task parent = referralAcceptedByTheService();
    String referralId = parent.getFocus().getReferenceElement().getIdPart();

    // when another practice records a withdrawal for it: not found, its existence not revealed
    var otherPractice = Api.as(adapter, "practice-b82002").post("/Consent", withdrawal(referralId));
    assertThat(otherPractice.statusCode()).as(otherPractice.body()).isIn(403, 404);
    // when a community group tries: it has no part in consent
    var group = Api.as(adapter, "group-a").post("/Consent", withdrawal(referralId));
    assertThat(group.statusCode()).as(group.body()).isEqualTo(403);
    // when the link worker posts an active Consent: refused, naming Consent.status
    Consent active = withdrawal(referralId).setStatus(ConsentState.ACTIVE);
    var notAWithdrawal = Api.as(adapter, SERVICE).post("/Consent", active);
    assertThat(notAWithdrawal.statusCode()).as(notAWithdrawal.body()).isEqualTo(422);
    var issue = Api.outcome(notAWithdrawal).getIssueFirstRep();
    assertThat(issue.getCode()).isEqualTo(IssueType.BUSINESSRULE);
    assertThat(issue.getExpression().get(0).getValue()).isEqualTo("Consent.status");

    // then the referral is still open
    assertThat(adapter.ledger().readTask(id(parent), Visibility.EVERYTHING).orElseThrow())
        .extracting(Task::getStatus)
        .isEqualTo(TaskStatus.ACCEPTED);
  }

  private static Task referralAcceptedByTheService() {
    var created =
        Api.as(adapter, PRACTICE)
            .post("/ServiceRequest", Fixtures.referral("A81001", "HealthcareService/" + SERVICE));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String srId = Api.parse(ServiceRequest.class, created).getIdElement().getIdPart();
    Task task =
        (Task)
            Api.bundle(Api.as(adapter, PRACTICE).get("/Task?focus=ServiceRequest/" + srId))
                .getEntryFirstRep()
                .getResource();
    Task accept = task.copy();
    accept.setStatus(TaskStatus.ACCEPTED);
    var accepted = Api.as(adapter, SERVICE).put("/Task/" + id(task), accept, "1");
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
    return Api.parse(Task.class, accepted);
  }

  private static Consent withdrawal(String referralId) {
    Consent c = Fixtures.parse(Consent.class, "consent-withdrawn.json");
    c.getSourceReference().setReference("ServiceRequest/" + referralId);
    return c;
  }

  private static boolean isCancellationOf(Object e, String referralId) {
    return e instanceof ReferralCancelled c && c.getEnvelope().getReferralId().equals(referralId);
  }

  private static Api portal(String link) {
    return Api.as(adapter, "portal").with(LinkHeaders.LINK, link);
  }

  private static String id(Task task) {
    return task.getIdElement().getIdPart();
  }

  private static void audited(String where, Consent stored) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              adapter.context().getBean(InteractionLog.class).flush();
              assertThat(
                      adapter
                          .ledger()
                          .count("audit_event", where, stored.getIdElement().getIdPart()))
                  .isGreaterThanOrEqualTo(1);
            });
  }
}
