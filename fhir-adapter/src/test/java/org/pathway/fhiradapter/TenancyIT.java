package org.pathway.fhiradapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.events.topics.Topics;
import org.pathway.fhiradapter.ledger.InteractionLog;
import org.pathway.fhiradapter.support.Adapter;
import org.pathway.fhiradapter.support.Api;
import org.pathway.fhiradapter.support.Fixtures;
import org.pathway.fhiradapter.support.Scores;
import org.pathway.localkafka.KafkaCluster;
import org.pathway.localkafka.KafkaClusters;
import org.pathway.testsupport.database.TestDatabase;

/**
 * S2 over the API: each organisation sees only its own referrals. Another tenant's resource is not
 * found (its existence is not revealed) on every interaction; searches are narrowed, never refused;
 * a community group sees its own Tasks without clinical content.
 */
class TenancyIT {

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

  static Api as(String clientId) {
    return Api.as(adapter, clientId);
  }

  /** A referral from {@code practice} (ODS {@code ods}) to lw-city; returns its first Task. */
  static Task referral(String practice, String ods) {
    var created =
        as(practice).post("/ServiceRequest", Fixtures.referral(ods, "HealthcareService/lw-city"));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String srId =
        Api.parse(org.hl7.fhir.r4.model.ServiceRequest.class, created).getIdElement().getIdPart();
    Bundle found = Api.bundle(as(practice).get("/Task?focus=ServiceRequest/" + srId));
    assertThat(found.getEntry()).hasSize(1);
    return (Task) found.getEntryFirstRep().getResource();
  }

  static void assertNotFound(HttpResponse<String> res) {
    assertThat(res.statusCode()).as(res.body()).isEqualTo(404);
    assertThat(Api.outcome(res).getIssueFirstRep().getCode())
        .isIn(IssueType.NOTFOUND, IssueType.PROCESSING);
  }

  static List<String> ids(HttpResponse<String> searchset) {
    assertThat(searchset.statusCode()).as(searchset.body()).isEqualTo(200);
    return Api.bundle(searchset).getEntry().stream()
        .map(e -> e.getResource().getIdElement().getIdPart())
        .toList();
  }

  @Test
  void practiceCannotReachAnotherPracticesReferralByAnyInteraction() {
    // given practice A's referral, and one of practice B's own
    Task a = referral(PRACTICE_A, "A81001");
    Task b = referral(PRACTICE_B, "B82002");
    String taskA = a.getIdElement().getIdPart();
    String srA = a.getFocus().getReferenceElement().getIdPart();
    var practiceB = as(PRACTICE_B);

    // then for practice B, A's referral is not found: read, vread, history, ServiceRequest read
    assertNotFound(practiceB.get("/Task/" + taskA));
    assertNotFound(practiceB.get("/Task/" + taskA + "/_history/1"));
    assertNotFound(practiceB.get("/Task/" + taskA + "/_history"));
    assertNotFound(practiceB.get("/ServiceRequest/" + srA));
    // update, with the right version
    Task cancel = a.copy();
    cancel.setStatus(TaskStatus.CANCELLED);
    cancel.setStatusReason(new CodeableConcept().setText("not mine"));
    assertNotFound(practiceB.put("/Task/" + taskA, cancel, "1"));
    // a score on it
    var score = practiceB.post("/Observation", Scores.score("SWEMWBS", "entry", 18, taskA));
    assertNotFound(score);
    assertThat(Api.outcome(score).getIssueFirstRep().getExpression().get(0).getValue())
        .isEqualTo("Observation.focus");
    // an onward referral based on it (made as itself, naming the person afresh, so only the
    // tenancy of the referral it is based on can refuse it)
    var basedOnA = Fixtures.onward(srA, "#pat", "B82002", "walking-group-ls6");
    basedOnA.setContained(Fixtures.referral().getContained());
    var onward = practiceB.post("/ServiceRequest", basedOnA);
    assertNotFound(onward);
    assertThat(Api.outcome(onward).getIssueFirstRep().getExpression().get(0).getValue())
        .isEqualTo("ServiceRequest.basedOn");

    // and searches are narrowed, not refused: B finds its own and never A's
    assertThat(ids(practiceB.get("/Task?focus=ServiceRequest/" + srA))).isEmpty();
    assertThat(ids(practiceB.get("/Task?_count=500")))
        .contains(b.getIdElement().getIdPart())
        .doesNotContain(taskA);
    assertThat(ids(practiceB.get("/Task?patient=" + a.getFor().getReference()))).isEmpty();
    assertThat(ids(as(PRACTICE_A).get("/Task?_count=500")))
        .contains(taskA)
        .doesNotContain(b.getIdElement().getIdPart());

    // and each refusal is audited with the caller that was refused
    var log = adapter.context().getBean(org.pathway.fhiradapter.ledger.InteractionLog.class);
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              log.flush();
              assertThat(
                      adapter
                          .ledger()
                          .count(
                              "audit_event",
                              "kind = 'interaction' AND client_id = ? AND organization = ?"
                                  + " AND resource_id = ? AND status = 404",
                              PRACTICE_B,
                              "B82002",
                              taskA))
                  .isGreaterThanOrEqualTo(4);
            });

    // and nothing was changed or recorded on A's Task
    assertThat(as(PRACTICE_A).get("/Task/" + taskA + "/_history").body())
        .doesNotContain("not mine");
    assertThat(adapter.ledger().count("outcome", "task_id = ?", taskA)).isZero();
  }

  @Test
  void aPracticeRefersOnlyAsItself() {
    var asSomeoneElse = as(PRACTICE_A).post("/ServiceRequest", Fixtures.referral("B82002", null));
    assertThat(asSomeoneElse.statusCode()).as(asSomeoneElse.body()).isEqualTo(403);
    var issue = Api.outcome(asSomeoneElse).getIssueFirstRep();
    assertThat(issue.getCode()).isEqualTo(IssueType.FORBIDDEN);
    assertThat(issue.getExpression().get(0).getValue()).isEqualTo("ServiceRequest.requester");
  }

  @Test
  void linkWorkerSeesItsTasksAndTheirChildrenAndGroupsOnlyTheirOwnWithoutClinicalContent() {
    // given practice A's referral to lw-city, accepted, and referred on to the LS6 walking group
    Task parent = referral(PRACTICE_A, "A81001");
    String parentId = parent.getIdElement().getIdPart();
    String srId = parent.getFocus().getReferenceElement().getIdPart();
    Task accepted = parent.copy();
    accepted.setStatus(TaskStatus.ACCEPTED);
    assertThat(as("lw-city").put("/Task/" + parentId, accepted, "1").statusCode()).isEqualTo(200);
    var onward =
        as("lw-city")
            .post(
                "/ServiceRequest",
                Fixtures.onward(
                    srId, parent.getFor().getReference(), "lw-city", "walking-group-ls6"));
    assertThat(onward.statusCode()).as(onward.body()).isEqualTo(201);
    String onwardSrId =
        Api.parse(org.hl7.fhir.r4.model.ServiceRequest.class, onward).getIdElement().getIdPart();
    List<String> children = ids(as("lw-city").get("/Task?part-of=Task/" + parentId));
    assertThat(children).hasSize(1);
    String childId = children.get(0);

    // then the link worker sees its Task and the child; another service sees neither
    assertThat(ids(as("lw-city").get("/Task?_count=500"))).contains(parentId, childId);
    assertThat(ids(as("lw-youth").get("/Task?_count=500"))).doesNotContain(parentId, childId);
    assertNotFound(as("lw-youth").get("/Task/" + parentId));
    assertThat(as("lw-city").get("/ServiceRequest/" + srId).statusCode()).isEqualTo(200);

    // and the group sees only its own Task: not the parent, not another group's
    assertThat(ids(as("group-a").get("/Task?_count=500"))).containsExactly(childId);
    assertNotFound(as("group-a").get("/Task/" + parentId));
    assertNotFound(as("group-b").get("/Task/" + childId));
    assertThat(ids(as("group-b").get("/Task?_count=500"))).doesNotContain(childId);

    // and the group, as owner, accepts its Task without echoing what it was not shown
    Task groupView = Api.parse(Task.class, as("group-a").get("/Task/" + childId));
    groupView.setStatus(TaskStatus.ACCEPTED);
    var groupAccepts =
        as("group-a").put("/Task/" + childId, groupView, groupView.getMeta().getVersionId());
    assertThat(groupAccepts.statusCode()).as(groupAccepts.body()).isEqualTo(200);

    // when the practice cancels the referral with a clinical reason, cascading to the child
    Task current = Api.parse(Task.class, as(PRACTICE_A).get("/Task/" + parentId));
    current.setStatus(TaskStatus.CANCELLED);
    current.setStatusReason(new CodeableConcept().setText("admitted to hospital with chest pain"));
    var cancelled =
        as(PRACTICE_A).put("/Task/" + parentId, current, current.getMeta().getVersionId());
    assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);

    // then the group's view of its Task says it is cancelled, and nothing clinical
    var view = as("group-a").get("/Task/" + childId);
    assertThat(Api.parse(Task.class, view).getStatus()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(view.body())
        .doesNotContain("chest pain", "bereavement", "9434765919", "\"note\"", "reasonCode");
    assertThat(as("lw-city").get("/Task/" + childId).body()).contains("chest pain");
    // and its ServiceRequest, though its Task's focus, is not the group's to read: refused by
    // scope (groups are registered without ServiceRequest scopes), else not found by tenancy
    var groupReadsReferral = as("group-a").get("/ServiceRequest/" + onwardSrId);
    assertThat(groupReadsReferral.statusCode()).isIn(403, 404);
    assertThat(groupReadsReferral.body()).doesNotContain("bereavement");
    assertThat(as("lw-city").get("/ServiceRequest/" + onwardSrId).body()).contains("bereavement");
  }

  @Test
  void hubSeesItsAreaAndReassignsTheOwner() {
    Task task = referral(PRACTICE_A, "A81001");
    String id = task.getIdElement().getIdPart();
    assertThat(ids(as("hub-city").get("/Task?_count=500"))).contains(id);

    Task moved = Api.parse(Task.class, as("hub-city").get("/Task/" + id));
    moved.setOwner(new Reference("HealthcareService/lw-youth"));
    var reassigned = as("hub-city").put("/Task/" + id, moved, moved.getMeta().getVersionId());
    assertThat(reassigned.statusCode()).as(reassigned.body()).isEqualTo(200);

    assertThat(as("lw-youth").get("/Task/" + id).statusCode()).isEqualTo(200);
    assertNotFound(as("lw-city").get("/Task/" + id));
  }

  @Test
  void reportingRolesHaveNoReferralApi() {
    for (String client : List.of("commissioner", "evaluator", "operator")) {
      var res = as(client).get("/Task");
      assertThat(res.statusCode()).as(client + " " + res.body()).isEqualTo(403);
      assertThat(Api.outcome(res).getIssueFirstRep().getCode()).isEqualTo(IssueType.FORBIDDEN);
    }
  }

  @Test
  void aLinkWorkerPagesThroughItsQueueWhileAcceptingAndMissesNoTask() {
    // given: five referrals for lw-city, made after this moment
    String since = java.time.Instant.now().minusMillis(1).toString();
    List<String> made = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      made.add(referral(PRACTICE_A, "A81001").getIdElement().getIdPart());
    }
    var worker = as("lw-city");
    String queue = "/Task?owner=HealthcareService/lw-city&status=requested&_lastUpdated=ge" + since;

    // when: it reads its queue two at a time
    Bundle first = Api.bundle(worker.get(queue + "&_count=2"));

    // then: every match counted, two given, and a next link
    assertThat(first.getTotal()).isEqualTo(5);
    assertThat(first.getEntry()).hasSize(2);
    assertThat(first.getLink(Bundle.LINK_NEXT)).isNotNull();

    // when: it accepts the first Task of the page (so it leaves the queue) and follows the links
    Task accepted = (Task) first.getEntryFirstRep().getResource();
    accepted.setStatus(TaskStatus.ACCEPTED);
    assertThat(
            worker
                .put(
                    "/Task/" + accepted.getIdElement().getIdPart(),
                    accepted,
                    accepted.getMeta().getVersionId())
                .statusCode())
        .isEqualTo(200);
    List<String> seen = new java.util.ArrayList<>(ids(first));
    Bundle page = first;
    int pages = 1;
    while (page.getLink(Bundle.LINK_NEXT) != null) {
      String next = page.getLink(Bundle.LINK_NEXT).getUrl();
      assertThat(next).startsWith(adapter.fhirBase() + "/Task?").contains("owner=", "_count=2");
      page = Api.bundle(worker.get(next.substring(adapter.fhirBase().length())));
      assertThat(page.getEntry()).hasSizeLessThanOrEqualTo(2);
      seen.addAll(ids(page));
      pages++;
    }

    // then: every Task was met, none twice, though one left the queue between pages (an offset
    // would have skipped the one that moved up into the first page)
    assertThat(seen).containsExactlyInAnyOrderElementsOf(made);
    assertThat(pages).isEqualTo(3);
    assertThat(Api.bundle(worker.get(queue + "&_summary=count")).getTotal()).isEqualTo(4);

    // and newest first, a page at a time, is the same queue the other way round
    List<String> oldestFirst = everyPage(worker, queue + "&_count=2");
    List<String> newestFirst = everyPage(worker, queue + "&_count=2&_sort=-_lastUpdated");
    assertThat(oldestFirst).hasSize(4);
    List<String> reversed = new java.util.ArrayList<>(oldestFirst);
    java.util.Collections.reverse(reversed);
    assertThat(newestFirst).containsExactlyElementsOf(reversed);
    var unsorted = worker.get(queue + "&_sort=status");
    assertThat(unsorted.statusCode()).as(unsorted.body()).isEqualTo(400);
    assertThat(Api.outcome(unsorted).getIssueFirstRep().getExpression().get(0).getValue())
        .isEqualTo("_sort");

    // and a page token this server did not issue is refused naming it, not read as a first page
    var forged = worker.get(queue + "&_page_token=bm90LWEtdG9rZW4");
    assertThat(forged.statusCode()).as(forged.body()).isEqualTo(400);
    assertThat(Api.outcome(forged).getIssueFirstRep().getExpression().get(0).getValue())
        .isEqualTo("_page_token");
    // another practice following lw-city's link finds nothing of it
    String link = first.getLink(Bundle.LINK_NEXT).getUrl();
    assertThat(ids(as(PRACTICE_B).get(link.substring(adapter.fhirBase().length())))).isEmpty();
  }

  @Test
  void aTaskSearchBringsEachTasksReferralAndPersonWhereTheCallerMayReadThem() {
    // given practice A's referral, worked by lw-city
    Task task = referral(PRACTICE_A, "A81001");
    String search =
        "/Task?_id="
            + task.getIdElement().getIdPart()
            + "&_include=Task:focus&_include=Task:patient";

    // then the practice and the link-worker service get the Task, its referral and its person
    for (String reader : List.of(PRACTICE_A, "lw-city")) {
      Bundle found = Api.bundle(as(reader).get(search));
      assertThat(found.getTotal()).as(reader).isEqualTo(1);
      assertThat(found.getEntry())
          .as(reader)
          .extracting(e -> e.getSearch().getMode().toCode() + " " + e.getResource().fhirType())
          .containsExactly("match Task", "include ServiceRequest", "include Patient");
      assertThat(found.getEntry().get(2).getFullUrl()).endsWith("/" + task.getFor().getReference());
    }
    // another practice finds no Task, so nothing comes with it
    assertThat(Api.bundle(as(PRACTICE_B).get(search)).getEntry()).isEmpty();
    // a group may not read people: asking is refused, not quietly answered without them
    var group = as("group-a").get("/Task?_include=Task:patient");
    assertThat(group.statusCode()).as(group.body()).isEqualTo(403);
    assertThat(Api.outcome(group).getIssueFirstRep().getExpression().get(0).getValue())
        .isEqualTo("_include");
    // an include Pathway does not offer is 400
    assertThat(as(PRACTICE_A).get("/Task?_include=Task:owner").statusCode()).isEqualTo(400);

    // and the CapabilityStatement offers exactly the includes answered (no reverse ones), and no
    // page token
    var resources =
        Api.parse(CapabilityStatement.class, as(PRACTICE_A).get("/metadata"))
            .getRestFirstRep()
            .getResource();
    for (var resource : resources) {
      assertThat(resource.getSearchInclude())
          .as(resource.getType())
          .extracting(i -> i.getValue())
          .isEqualTo(
              resource.getType().equals("Task")
                  ? List.of("Task:focus", "Task:patient", "Task:subject")
                  : List.of());
      assertThat(resource.getSearchRevInclude()).as(resource.getType()).isEmpty();
      assertThat(resource.getSearchParam())
          .extracting(p -> p.getName())
          .doesNotContain("_page_token");
    }
  }

  @Test
  void aTaskSearchTakesAnyOfSeveralStatusesOrAnyButThemAndAnyOfSeveralIds() {
    // given two referrals for lw-city made after this moment, one of them accepted
    String since = "&_lastUpdated=ge" + java.time.Instant.now().minusMillis(1);
    String waiting = referral(PRACTICE_A, "A81001").getIdElement().getIdPart();
    Task second = referral(PRACTICE_A, "A81001");
    String taken = second.getIdElement().getIdPart();
    second.setStatus(TaskStatus.ACCEPTED);
    assertThat(as("lw-city").put("/Task/" + taken, second, "1").statusCode()).isEqualTo(200);
    var worker = as("lw-city");

    // then any of several statuses, or any but them
    assertThat(ids(worker.get("/Task?status=requested,accepted" + since)))
        .containsExactlyInAnyOrder(waiting, taken);
    assertThat(ids(worker.get("/Task?status=accepted" + since))).containsExactly(taken);
    assertThat(ids(worker.get("/Task?status:not=accepted" + since))).containsExactly(waiting);
    assertThat(ids(worker.get("/Task?status:not=requested,accepted" + since))).isEmpty();
    // and any of several Tasks by id
    assertThat(ids(worker.get("/Task?_id=" + waiting + "," + taken + ",no-such-task")))
        .containsExactlyInAnyOrder(waiting, taken);
  }

  /** The ids on every page of a search, following its next links. */
  private static List<String> everyPage(Api api, String search) {
    List<String> ids = new java.util.ArrayList<>();
    String next = search;
    while (next != null) {
      Bundle page = Api.bundle(api.get(next));
      ids.addAll(ids(page));
      next =
          page.getLink(Bundle.LINK_NEXT) == null
              ? null
              : page.getLink(Bundle.LINK_NEXT).getUrl().substring(adapter.fhirBase().length());
    }
    return ids;
  }

  private static List<String> ids(Bundle page) {
    return page.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList();
  }

  @Test
  void thePersonAReferralIsForIsReadByThoseWithSightOfItAndNobodyElse() {
    // given practice A's referral, worked by lw-city, and the person its Task is for
    Task task = referral(PRACTICE_A, "A81001");
    String person = task.getFor().getReference();
    assertThat(person).startsWith("Patient/");

    // then the practice and the link-worker service read them where Task.for points, versioned
    for (String reader : List.of(PRACTICE_A, "lw-city")) {
      var res = as(reader).get("/" + person);
      assertThat(res.statusCode()).as(reader + ": " + res.body()).isEqualTo(200);
      var patient = Api.parse(Patient.class, res);
      assertThat(patient.getIdentifierFirstRep().getSystem())
          .isEqualTo("https://fhir.nhs.uk/Id/nhs-number");
      assertThat(patient.getNameFirstRep().getFamily()).isNotBlank();
      assertThat(res.headers().firstValue("ETag")).hasValue("W/\"1\"");
    }
    // another practice and another link-worker service do not find them; a group has no part
    assertNotFound(as(PRACTICE_B).get("/" + person));
    assertNotFound(as("lw-youth").get("/" + person));
    var group = as("group-a").get("/" + person);
    assertThat(group.statusCode()).as(group.body()).isEqualTo(403);
    assertThat(as("operator").get("/" + person).statusCode()).isEqualTo(403);

    // and the CapabilityStatement offers the read
    var metadata = Api.parse(CapabilityStatement.class, as(PRACTICE_A).get("/metadata"));
    assertThat(metadata.getRestFirstRep().getResource())
        .filteredOn(r -> r.getType().equals("Patient"))
        .flatExtracting(
            CapabilityStatement.CapabilityStatementRestResourceComponent::getInteraction)
        .extracting(i -> i.getCode().toCode())
        .contains("read");
  }

  @Test
  void anOperatorGetsOnePersonsWholeRecordAndNobodyElsesAndOthersAreRefusedAndAudited() {
    // given two people's referrals, the first accepted by lw-city (so its Task has a history)
    Task mine = referral(PRACTICE_A, "A81001");
    Task theirs = referral(PRACTICE_A, "A81001");
    String taskId = mine.getIdElement().getIdPart();
    Task accepted = mine.copy();
    accepted.setStatus(TaskStatus.ACCEPTED);
    assertThat(as("lw-city").put("/Task/" + taskId, accepted, "1").statusCode()).isEqualTo(200);
    String person = mine.getFor().getReferenceElement().getIdPart();
    String other = theirs.getFor().getReferenceElement().getIdPart();
    assertThat(person).isNotEqualTo(other);

    // when an operator asks for the first person's whole record
    var res = as("operator").get("/Patient/" + person + "/$everything");

    // then it holds their Patient, referral, every Task version, provenance and who accessed it
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    Bundle record = Api.bundle(res);
    assertThat(record.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
    List<String> urls =
        record.getEntry().stream().map(Bundle.BundleEntryComponent::getFullUrl).toList();
    assertThat(urls)
        .contains(
            "Patient/" + person,
            mine.getFocus().getReference(),
            "Task/" + taskId + "/_history/1",
            "Task/" + taskId + "/_history/2");
    assertThat(record.getEntry())
        .extracting(e -> e.getResource().fhirType())
        .contains("Provenance", "AuditEvent");
    // and nothing of the other person's
    String otherTask = theirs.getIdElement().getIdPart();
    String otherReferral = theirs.getFocus().getReferenceElement().getIdPart();
    assertThat(res.body()).doesNotContain(other, otherTask, otherReferral);

    // and the CapabilityStatement offers the operation on Patient
    var metadata = Api.parse(CapabilityStatement.class, as("operator").get("/metadata"));
    assertThat(metadata.getRestFirstRep().getResource())
        .filteredOn(r -> r.getType().equals("Patient"))
        .flatExtracting(CapabilityStatement.CapabilityStatementRestResourceComponent::getOperation)
        .extracting(CapabilityStatement.CapabilityStatementRestResourceOperationComponent::getName)
        .contains("everything");

    // when a practice (not an operator) asks the same
    var refused = as(PRACTICE_A).get("/Patient/" + person + "/$everything");

    // then it is refused, and both requests are audited
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
    assertThat(Api.outcome(refused).getIssueFirstRep().getCode()).isEqualTo(IssueType.FORBIDDEN);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              adapter.context().getBean(InteractionLog.class).flush();
              assertThat(
                      adapter
                          .ledger()
                          .count(
                              "audit_event",
                              "resource_type = 'Patient' AND resource_id = ? AND client_id = ?"
                                  + " AND status = 403",
                              person,
                              PRACTICE_A))
                  .isEqualTo(1);
              assertThat(
                      adapter
                          .ledger()
                          .count(
                              "audit_event",
                              "resource_type = 'Patient' AND resource_id = ? AND client_id = ?"
                                  + " AND status = 200",
                              person,
                              "operator"))
                  .isEqualTo(1);
            });
  }

  @Test
  void aScopeNotGrantedIsRefused403() {
    // group-a is registered for Task.rsu but no ServiceRequest scope at all
    var res = as("group-a").post("/ServiceRequest", Fixtures.referral("walking-group-ls6", null));
    assertThat(res.statusCode()).as(res.body()).isEqualTo(403);
    assertThat(Api.outcome(res).getIssueFirstRep().getDiagnostics()).contains("ServiceRequest");
  }
}
