package org.pathway.fhiradapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pathway.fhiradapter.support.Links.assertRefused;
import static org.pathway.fhiradapter.support.Links.link;
import static org.pathway.fhiradapter.support.Links.linkId;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.access.links.LinkHeaders;
import org.pathway.access.links.LinkKeys;
import org.pathway.access.links.LinkPurpose;
import org.pathway.access.links.LinkSigner;
import org.pathway.access.links.SignedLink;
import org.pathway.events.avro.ActorKind;
import org.pathway.events.avro.TaskStatusChanged;
import org.pathway.events.topics.Topics;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.fhiradapter.ledger.InteractionLog;
import org.pathway.fhiradapter.support.Adapter;
import org.pathway.fhiradapter.support.Api;
import org.pathway.fhiradapter.support.Fixtures;
import org.pathway.fhiradapter.support.Links;
import org.pathway.fhiradapter.support.Scores;
import org.pathway.localkafka.KafkaCluster;
import org.pathway.localkafka.KafkaClusters;
import org.pathway.testsupport.database.TestDatabase;
import org.pathway.testsupport.kafka.TopicTail;

/**
 * S9 at the API: the portal answers for a link's recipient only through a valid signed link, on
 * that link's Task, through the same ledger path as any other caller (version, provenance, event,
 * audit); a forged, altered, expired, revoked, misdirected or replayed link changes nothing and is
 * audited.
 */
class SignedLinkIT {

  static final String PRACTICE = "practice-a81001";
  static final String SERVICE = "lw-city";
  static final String GROUP = "walking-group-ls6";

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

  /** A referral from the practice to lw-city; returns its first Task. */
  static Task referral() {
    var created =
        Api.as(adapter, PRACTICE)
            .post("/ServiceRequest", Fixtures.referral("A81001", "HealthcareService/" + SERVICE));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String srId = Api.parse(ServiceRequest.class, created).getIdElement().getIdPart();
    var found = Api.bundle(Api.as(adapter, PRACTICE).get("/Task?focus=ServiceRequest/" + srId));
    assertThat(found.getEntry()).hasSize(1);
    return (Task) found.getEntryFirstRep().getResource();
  }

  static Api portal(String link) {
    return Api.as(adapter, "portal").with(LinkHeaders.LINK, link);
  }

  static String id(Task task) {
    return task.getIdElement().getIdPart();
  }

  static Task accepted(Task task) {
    Task accept = task.copy();
    accept.setStatus(TaskStatus.ACCEPTED);
    return accept;
  }

  static int version(String taskId) {
    Task t = adapter.ledger().readTask(taskId, ledgerEverything()).orElseThrow();
    return Integer.parseInt(t.getMeta().getVersionId());
  }

  static org.pathway.fhiradapter.ledger.Visibility ledgerEverything() {
    return org.pathway.fhiradapter.ledger.Visibility.EVERYTHING;
  }

  /**
   * Waits for the interaction audit (written in batches off the request thread) to hold {@code
   * expected} rows matching {@code where}, at least or exactly.
   */
  static void audited(boolean atLeast, long expected, String where, Object... args) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              adapter.context().getBean(InteractionLog.class).flush();
              long rows = adapter.ledger().count("audit_event", where, args);
              if (atLeast) {
                assertThat(rows).as(where).isGreaterThanOrEqualTo(expected);
              } else {
                assertThat(rows).as(where).isEqualTo(expected);
              }
            });
  }

  @Test
  void linkWorkerAcceptsThroughTheLinkAsTheRecipient() {
    // given a referral routed to lw-city and a link-worker link for its Task
    Task task = referral();
    String link = link(id(task), SERVICE, LinkPurpose.LINK_WORKER);

    // when the portal reads the Task and accepts it through the link
    var read = portal(link).get("/Task/" + id(task));
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    var res =
        portal(link)
            .with("X-Request-ID", UUID.randomUUID().toString())
            .put("/Task/" + id(task), accepted(Api.parse(Task.class, read)), "1");

    // then the Task is accepted as a new version, by lw-city via the link
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    assertThat(Api.parse(Task.class, res).getStatus()).isEqualTo(TaskStatus.ACCEPTED);
    assertThat(version(id(task))).isEqualTo(2);
    assertThat(
            adapter
                .ledger()
                .count(
                    "provenance",
                    "task_id = ? AND to_status = 'accepted' AND actor LIKE ?",
                    id(task),
                    SERVICE + " via signed link " + linkId(link) + "%"))
        .isEqualTo(1);
    // and the event names lw-city as the one who changed it
    try (var events = new TopicTail(kafka.bootstrapServers(), Topics.REFERRAL_EVENTS.name())) {
      var changed =
          events
              .until(
                  rs ->
                      rs.stream()
                          .anyMatch(
                              r ->
                                  r.value() instanceof TaskStatusChanged c
                                      && c.getTaskId().equals(id(task))),
                  Duration.ofSeconds(60))
              .stream()
              .map(r -> r.value())
              .filter(TaskStatusChanged.class::isInstance)
              .map(TaskStatusChanged.class::cast)
              .filter(c -> c.getTaskId().equals(id(task)))
              .findFirst()
              .orElseThrow();
      assertThat(changed.getChangedBy().getKind()).isEqualTo(ActorKind.LINK_WORKER_SERVICE);
      assertThat(changed.getChangedBy().getReference()).isEqualTo("HealthcareService/" + SERVICE);
      assertThat(changed.getChangedBy().getDisplay()).contains("via signed link");
    }
    // and the audit names the portal, the recipient and the link
    audited(
        false,
        1,
        "kind = 'interaction' AND interaction = 'update' AND client_id = 'portal'"
            + " AND organization = ? AND role = 'link-worker-service' AND link_id = ?"
            + " AND status = 200",
        SERVICE,
        linkId(link));
    // and the operator's AuditEvent names lw-city as the requestor, via the portal, with the link
    var audit = Api.as(adapter, "operator").get("/AuditEvent?agent=portal&_count=500");
    assertThat(audit.statusCode()).as(audit.body()).isEqualTo(200);
    var event =
        Api.bundle(audit).getEntry().stream()
            .map(e -> (AuditEvent) e.getResource())
            .filter(
                e ->
                    e.getEntityFirstRep().getDetail().stream()
                        .anyMatch(
                            d ->
                                "link".equals(d.getType())
                                    && linkId(link).equals(d.getValue().primitiveValue())))
            .filter(e -> e.getAction() == AuditEvent.AuditEventAction.U)
            .findFirst()
            .orElseThrow();
    assertThat(event.getAgent().get(0).getRequestor()).isTrue();
    assertThat(event.getAgent().get(0).getWho().getIdentifier().getValue()).isEqualTo(SERVICE);
    assertThat(event.getAgent().get(1).getWho().getIdentifier().getValue()).isEqualTo("portal");
    assertThat(event.getAgent().get(1).getName()).isEqualTo("via signed link");
  }

  @Test
  void replayedAnswerIsAnsweredWithTheOriginalResultAndAppliedOnce() {
    // given a link and an answer with its own X-Request-ID
    Task task = referral();
    String link = link(id(task), SERVICE, LinkPurpose.LINK_WORKER);
    var answer = portal(link).with("X-Request-ID", UUID.randomUUID().toString());

    // when the same answer is submitted twice
    var first = answer.put("/Task/" + id(task), accepted(task), "1");
    var second = answer.put("/Task/" + id(task), accepted(task), "1");

    // then both are answered with version 2, and only one change was made
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
    assertThat(Api.parse(Task.class, second).getMeta().getVersionId()).isEqualTo("2");
    assertThat(version(id(task))).isEqualTo(2);
    assertThat(adapter.ledger().count("provenance", "task_id = ?", id(task))).isEqualTo(2);
  }

  @Test
  void tamperedForgedExpiredAndMisdirectedLinksChangeNothingAndAreAudited() {
    Task task = referral();
    Task other = referral();
    String good = link(id(task), SERVICE, LinkPurpose.LINK_WORKER);
    String[] parts = good.split("\\.");
    // the payload altered (a different Task id), the signature kept
    String altered =
        parts[0]
            + "."
            + java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    new String(java.util.Base64.getUrlDecoder().decode(parts[1]))
                        .replace(id(task), id(other))
                        .getBytes())
            + "."
            + parts[2];
    String forged =
        new LinkSigner(LinkKeys.parse(LinkKeys.generate("forger-1")))
            .sign(
                new SignedLink(
                    "forged",
                    id(task),
                    SERVICE,
                    LinkPurpose.LINK_WORKER,
                    Instant.now(),
                    Instant.now().plusSeconds(600)));
    String expired =
        Links.SIGNER.sign(
            new SignedLink(
                UUID.randomUUID().toString(),
                id(task),
                SERVICE,
                LinkPurpose.LINK_WORKER,
                Instant.now().minus(Duration.ofDays(15)),
                Instant.now().minus(Duration.ofDays(1))));
    String otherRecipient = link(id(task), "lw-youth", LinkPurpose.LINK_WORKER);
    String forOtherTask = link(id(other), SERVICE, LinkPurpose.LINK_WORKER);

    assertRefused(portal(altered).put("/Task/" + id(other), accepted(other), "1"), "bad-signature");
    assertRefused(portal(forged).put("/Task/" + id(task), accepted(task), "1"), "unknown-key");
    assertRefused(portal(expired).put("/Task/" + id(task), accepted(task), "1"), "expired");
    assertRefused(
        portal(otherRecipient).put("/Task/" + id(task), accepted(task), "1"), "not-for-this");
    assertRefused(
        portal(forOtherTask).put("/Task/" + id(task), accepted(task), "1"), "not-for-this");
    assertRefused(portal(forOtherTask).get("/Task/" + id(task)), "not-for-this");

    // nothing changed
    assertThat(version(id(task))).isEqualTo(1);
    assertThat(version(id(other))).isEqualTo(1);
    // each attempt is audited with its refusal
    for (String code : new String[] {"bad-signature", "unknown-key", "expired"}) {
      audited(true, 1, "client_id = 'portal' AND status = 403 AND link_refusal = ?", code);
    }
    audited(
        false,
        1,
        "client_id = 'portal' AND status = 403 AND link_refusal = 'not-for-this' AND link_id = ?",
        linkId(otherRecipient));
    audited(
        false,
        2,
        "client_id = 'portal' AND status = 403 AND link_refusal = 'not-for-this' AND link_id = ?",
        linkId(forOtherTask));
  }

  @Test
  void cancellingTheReferralRevokesItsLinks() {
    // given a link for a referral, which the practice then cancels
    Task task = referral();
    String link = link(id(task), SERVICE, LinkPurpose.LINK_WORKER);
    Task cancel = task.copy();
    cancel.setStatus(TaskStatus.CANCELLED);
    cancel.setStatusReason(new CodeableConcept().setText("patient moved away"));
    var cancelled = Api.as(adapter, PRACTICE).put("/Task/" + id(task), cancel, "1");
    assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);

    // when the link is used to read or accept
    assertRefused(portal(link).get("/Task/" + id(task)), "revoked");
    assertRefused(portal(link).put("/Task/" + id(task), accepted(task), "2"), "revoked");

    // then nothing changed, and the attempts are audited
    assertThat(version(id(task))).isEqualTo(2);
    audited(false, 2, "link_refusal = 'revoked' AND link_id = ?", linkId(link));
  }

  @Test
  void aTaskMovedToAnotherServiceRevokesTheFormerOwnersLink() {
    // given lw-city's link, and the hub moving the Task to lw-youth
    Task task = referral();
    String link = link(id(task), SERVICE, LinkPurpose.LINK_WORKER);
    Task moved = Api.parse(Task.class, Api.as(adapter, "hub-city").get("/Task/" + id(task)));
    moved.setOwner(new org.hl7.fhir.r4.model.Reference("HealthcareService/lw-youth"));
    var reassigned = Api.as(adapter, "hub-city").put("/Task/" + id(task), moved, "1");
    assertThat(reassigned.statusCode()).as(reassigned.body()).isEqualTo(200);

    // then lw-city's link is revoked, and a fresh one for lw-youth works
    assertRefused(portal(link).put("/Task/" + id(task), accepted(task), "2"), "revoked");
    assertThat(version(id(task))).isEqualTo(2);
    String youth = link(id(task), "lw-youth", LinkPurpose.LINK_WORKER);
    assertThat(portal(youth).get("/Task/" + id(task)).statusCode()).isEqualTo(200);
  }

  @Test
  void thePortalWithoutALinkReachesNothing() {
    Task task = referral();
    var portalAlone = Api.as(adapter, "portal");
    assertRefused(portalAlone.get("/Task/" + id(task)), "malformed");
    assertRefused(portalAlone.get("/Task?_count=10"), "malformed");
    assertRefused(
        portalAlone.get("/ServiceRequest/" + task.getFocus().getReferenceElement().getIdPart()),
        "malformed");
    assertRefused(portalAlone.put("/Task/" + id(task), accepted(task), "1"), "malformed");
    assertRefused(
        Api.as(adapter, "portal").with(LinkHeaders.LINK, "not-a-link").get("/Task/" + id(task)),
        "malformed");
    assertThat(version(id(task))).isEqualTo(1);
    audited(true, 5, "client_id = 'portal' AND link_refusal = 'malformed'");
  }

  @Test
  void aLinkReachesOnlyItsOwnTaskAndReferral() {
    // given lw-city's link for one referral, and another referral lw-city also owns
    Task task = referral();
    Task other = referral();
    String link = link(id(task), SERVICE, LinkPurpose.LINK_WORKER);
    String srId = task.getFocus().getReferenceElement().getIdPart();
    String otherSr = other.getFocus().getReferenceElement().getIdPart();

    // then its own Task and referral are readable, and searches narrowed to it answer
    assertThat(portal(link).get("/ServiceRequest/" + srId).statusCode()).isEqualTo(200);
    var byId = portal(link).get("/Task?_id=" + id(task));
    assertThat(byId.statusCode()).as(byId.body()).isEqualTo(200);
    assertThat(Api.bundle(byId).getEntry()).hasSize(1);
    assertThat(portal(link).get("/Task?part-of=Task/" + id(task)).statusCode()).isEqualTo(200);
    // and everything else is not for this link, though lw-city itself could reach it
    assertRefused(portal(link).get("/Task/" + id(other)), "not-for-this");
    assertRefused(portal(link).get("/ServiceRequest/" + otherSr), "not-for-this");
    assertRefused(portal(link).get("/Task?owner=HealthcareService/" + SERVICE), "not-for-this");
    assertRefused(portal(link).get("/Task?_id=" + id(other)), "not-for-this");
    assertThat(Api.as(adapter, SERVICE).get("/Task/" + id(other)).statusCode()).isEqualTo(200);
  }

  @Test
  void declineNeedsACodeTheDeclineReasonValueSetHas() {
    Task task = referral();
    String link = link(id(task), SERVICE, LinkPurpose.LINK_WORKER);
    Task decline = task.copy();
    decline.setStatus(TaskStatus.REJECTED);
    decline.setStatusReason(
        new CodeableConcept(new Coding(CodeSystems.DECLINE_REASON, "bored", null)));

    var refused = portal(link).put("/Task/" + id(task), decline, "1");
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
    assertThat(Api.outcome(refused).getIssueFirstRep().getExpression().get(0).getValue())
        .isEqualTo("Task.statusReason");
    assertThat(version(id(task))).isEqualTo(1);
    // a reason only a group may give is not the link worker's
    decline.setStatusReason(
        new CodeableConcept(new Coding(CodeSystems.DECLINE_REASON, "group-closed", null)));
    assertThat(portal(link).put("/Task/" + id(task), decline, "1").statusCode()).isEqualTo(422);

    decline.setStatusReason(
        new CodeableConcept(new Coding(CodeSystems.DECLINE_REASON, "outside-area", null)));
    var declined = portal(link).put("/Task/" + id(task), decline, "1");
    assertThat(declined.statusCode()).as(declined.body()).isEqualTo(200);
    assertThat(Api.parse(Task.class, declined).getStatus()).isEqualTo(TaskStatus.REJECTED);
  }

  @Test
  void linkWorkerRecordsAScoreAndRefersOnAndTheFacilitatorAcceptsThroughTheirLinks() {
    // given lw-city's link, with which the referral is accepted
    Task task = referral();
    String srId = task.getFocus().getReferenceElement().getIdPart();
    String worker = link(id(task), SERVICE, LinkPurpose.LINK_WORKER);
    assertThat(portal(worker).put("/Task/" + id(task), accepted(task), "1").statusCode())
        .isEqualTo(200);

    // when the link worker records an entry score and refers on to the LS6 walking group
    var score = portal(worker).post("/Observation", Scores.score("SWEMWBS", "entry", 18, id(task)));
    assertThat(score.statusCode()).as(score.body()).isEqualTo(201);
    var onward =
        portal(worker)
            .post(
                "/ServiceRequest",
                Fixtures.onward(srId, task.getFor().getReference(), SERVICE, GROUP));
    assertThat(onward.statusCode()).as(onward.body()).isEqualTo(201);
    String onwardSrId = Api.parse(ServiceRequest.class, onward).getIdElement().getIdPart();

    // then the child Task is the group's, found through the link worker's link
    var children = Api.bundle(portal(worker).get("/Task?part-of=Task/" + id(task)));
    assertThat(children.getEntry()).hasSize(1);
    Task child = (Task) children.getEntryFirstRep().getResource();

    // and with the facilitator's link the group reads and accepts its Task, and sees no referral
    String facilitator = link(id(child), GROUP, LinkPurpose.FACILITATOR);
    var read = portal(facilitator).get("/Task/" + id(child));
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    assertThat(portal(facilitator).get("/ServiceRequest/" + onwardSrId).statusCode())
        .isEqualTo(404);
    var accept =
        portal(facilitator).put("/Task/" + id(child), accepted(Api.parse(Task.class, read)), "1");
    assertThat(accept.statusCode()).as(accept.body()).isEqualTo(200);
    assertThat(
            adapter
                .ledger()
                .count(
                    "provenance",
                    "task_id = ? AND to_status = 'accepted' AND actor LIKE ?",
                    id(child),
                    GROUP + " via signed link%"))
        .isEqualTo(1);
    // but the facilitator's link reaches neither the parent Task nor scores
    assertRefused(portal(facilitator).get("/Task/" + id(task)), "not-for-this");
    assertRefused(
        portal(facilitator).post("/Observation", Scores.score("SWEMWBS", "exit", 20, id(child))),
        "not-for-this");
  }

  @Test
  void theDeclineReasonValueSetIsPublishedToEveryAuthenticatedCaller() {
    var read = Api.as(adapter, PRACTICE).get("/ValueSet/decline-reason");
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    var vs = Api.parse(ValueSet.class, read);
    assertThat(vs.getExpansion().getContains())
        .anyMatch(c -> "871711000000103".equals(c.getCode()));
    // a group's token carries no ValueSet scope, and still reads it
    var byUrl =
        Api.as(adapter, "group-a")
            .get("/ValueSet?url=https://pathway.example.org/ValueSet/decline-reason");
    assertThat(byUrl.statusCode()).as(byUrl.body()).isEqualTo(200);
    assertThat(Api.bundle(byUrl).getEntry()).hasSize(1);
    assertThat(Api.as(adapter, PRACTICE).get("/ValueSet/other").statusCode()).isEqualTo(404);
    // and the CapabilityStatement lists it
    var metadata = Api.as(adapter, PRACTICE).get("/metadata");
    assertThat(
            Api.parse(CapabilityStatement.class, metadata).getRestFirstRep().getResource().stream()
                .map(r -> r.getType()))
        .contains("ValueSet");
  }
}
