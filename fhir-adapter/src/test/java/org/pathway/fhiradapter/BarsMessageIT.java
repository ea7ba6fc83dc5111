package org.pathway.fhiradapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestStatus;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.ReferralCancelled;
import org.pathway.events.avro.ReferralReceived;
import org.pathway.events.topics.Topics;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.fhiradapter.fhir.Outcomes;
import org.pathway.fhiradapter.ledger.InteractionLog;
import org.pathway.fhiradapter.support.Adapter;
import org.pathway.fhiradapter.support.Api;
import org.pathway.fhiradapter.support.Fixtures;
import org.pathway.localkafka.KafkaCluster;
import org.pathway.localkafka.KafkaClusters;
import org.pathway.testsupport.database.TestDatabase;
import org.pathway.testsupport.kafka.TopicTail;

/**
 * BaRS as NHS senders send it, over HTTP with access control on, against real Kafka and PostgreSQL:
 * the referral message with twenty supporting resources, its context readable by the referrer and
 * the link worker only, its cancellation by a BaRS update message cascading to the onward referral,
 * BaRS-shaped refusals; and the requester revoking a ServiceRequest through PUT.
 */
class BarsMessageIT {

  static final String PRACTICE_A = "practice-a81001";
  static final String PRACTICE_B = "practice-b82002";
  static final String LINK_WORKER = "lw-city";

  /** The sender's ServiceRequest id in the fixtures; each test sends its own. */
  static final String FIXTURE_SR_ID = "5c0f6a1e-2b7d-4c3a-9e41-000000000002";

  static final HttpClient HTTP = HttpClient.newHttpClient();

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

  /** A fixture message naming the sender's ServiceRequest {@code srId}. */
  static String message(String fixture, String srId) {
    return Fixtures.text(fixture).replace(FIXTURE_SR_ID, srId);
  }

  /** POST /$process-message as {@code clientId} with X-Request-ID {@code requestId}. */
  static HttpResponse<String> send(String clientId, String body, String requestId) {
    try {
      var req =
          HttpRequest.newBuilder(URI.create(adapter.fhirBase() + "/$process-message"))
              .header("Authorization", adapter.bearer(clientId))
              .header("Content-Type", "application/fhir+json")
              .header("Accept", "application/fhir+json")
              .header("X-Request-ID", requestId)
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      return HTTP.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static Api as(String clientId) {
    return Api.as(adapter, clientId);
  }

  /** The response message's MessageHeader, checked to be BaRS' "ok". */
  static MessageHeader okHeader(HttpResponse<String> res) {
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    Bundle response = Api.bundle(res);
    assertThat(response.getType()).isEqualTo(Bundle.BundleType.MESSAGE);
    var header = (MessageHeader) response.getEntryFirstRep().getResource();
    assertThat(header.getResponse().getCode()).isEqualTo(MessageHeader.ResponseType.OK);
    return header;
  }

  static OperationOutcome.OperationOutcomeIssueComponent refused(
      HttpResponse<String> res, int status, String barsCode) {
    assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
    var issue = Api.outcome(res).getIssueFirstRep();
    assertThat(issue.getDetails().getCodingFirstRep().getSystem())
        .isEqualTo(Outcomes.HTTP_ERROR_CODES);
    assertThat(issue.getDetails().getCodingFirstRep().getCode()).isEqualTo(barsCode);
    return issue;
  }

  static Task taskOf(String clientId, String referralId) {
    Bundle found = Api.bundle(as(clientId).get("/Task?focus=ServiceRequest/" + referralId));
    assertThat(found.getEntry()).hasSize(1);
    return (Task) found.getEntryFirstRep().getResource();
  }

  @Test
  void acceptsTheTwentyResourceReferralKeepsItsContextAndCancelsItByBarsUpdate() throws Exception {
    String srId = UUID.randomUUID().toString();
    String referral = message("bars-referral-20-supporting.json", srId);

    // when a GP system sends the BaRS referral message
    var accepted = send(PRACTICE_A, referral, "req-" + UUID.randomUUID());

    // then it is answered with the BaRS response message, focused on the stored referral
    MessageHeader header = okHeader(accepted);
    String referralId = new IdType(header.getFocusFirstRep().getReference()).getIdPart();
    ServiceRequest stored = (ServiceRequest) Api.bundle(accepted).getEntry().get(1).getResource();
    assertThat(stored.getIntent()).isEqualTo(ServiceRequest.ServiceRequestIntent.PLAN);
    assertThat(stored.getCode().getCodingFirstRep().getCode()).isEqualTo("871731000000106");

    // and its context is the referral's: the referrer reads all twenty with the Patient, the
    // references between them pointing at what was stored
    var context = as(PRACTICE_A).get("/ServiceRequest/" + referralId + "/$context");
    assertThat(context.statusCode()).as(context.body()).isEqualTo(200);
    List<org.hl7.fhir.r4.model.Resource> resources =
        Api.bundle(context).getEntry().stream()
            .map(Bundle.BundleEntryComponent::getResource)
            .toList();
    assertThat(resources).hasSize(22);
    assertThat(resources.get(0)).isInstanceOf(ServiceRequest.class);
    Patient patient =
        resources.stream()
            .filter(Patient.class::isInstance)
            .map(Patient.class::cast)
            .findFirst()
            .orElseThrow();
    Encounter encounter =
        resources.stream()
            .filter(Encounter.class::isInstance)
            .map(Encounter.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(encounter.getSubject().getReference())
        .isEqualTo("Patient/" + patient.getIdElement().getIdPart());
    assertThat(resources.stream().map(org.hl7.fhir.r4.model.Resource::fhirType).distinct())
        .contains("Condition", "MedicationStatement", "Flag", "Consent", "CarePlan", "Task");
    // the link-worker service it was sent to reads it too; no group, and no other practice, does
    assertThat(as(LINK_WORKER).get("/ServiceRequest/" + referralId + "/$context").statusCode())
        .isEqualTo(200);
    var byGroup = as("group-a").get("/ServiceRequest/" + referralId + "/$context");
    assertThat(byGroup.statusCode()).isIn(403, 404);
    assertThat(byGroup.body()).doesNotContain("Haworth", "bereave");
    assertThat(as(PRACTICE_B).get("/ServiceRequest/" + referralId + "/$context").statusCode())
        .isEqualTo(404);

    // and it is announced, its need from the category that is one and not BaRS' own
    try (var events = new TopicTail(kafka.bootstrapServers(), Topics.REFERRAL_EVENTS.name())) {
      var received =
          events
              .until(
                  rs -> rs.stream().anyMatch(r -> isReceived(r, referralId)),
                  Duration.ofSeconds(60))
              .stream()
              .filter(r -> isReceived(r, referralId))
              .map(r -> (ReferralReceived) r.value())
              .findFirst()
              .orElseThrow();
      assertThat(received.getBusinessIdentifier().getValue()).isEqualTo("A81001:" + srId);
      assertThat(received.getNeedCategories()).containsExactly("social-connection");
    }

    // given the link worker accepted it and referred the person on to a group
    Task parent = taskOf(PRACTICE_A, referralId);
    String parentId = parent.getIdElement().getIdPart();
    Task accept = parent.copy();
    accept.setStatus(TaskStatus.ACCEPTED);
    assertThat(as(LINK_WORKER).put("/Task/" + parentId, accept, "1").statusCode()).isEqualTo(200);
    var onward =
        as(LINK_WORKER)
            .post(
                "/ServiceRequest",
                Fixtures.onward(
                    referralId, parent.getFor().getReference(), LINK_WORKER, "walking-group-ls6"));
    assertThat(onward.statusCode()).as(onward.body()).isEqualTo(201);
    String childId =
        Api.bundle(as(LINK_WORKER).get("/Task?part-of=Task/" + parentId))
            .getEntryFirstRep()
            .getResource()
            .getIdElement()
            .getIdPart();

    // when the same message is sent again under the same X-Request-ID: 409 duplicate, REC_CONFLICT
    String requestId = "req-" + UUID.randomUUID();
    assertThat(send(PRACTICE_A, referral, requestId).statusCode()).isEqualTo(200);
    var repeated = send(PRACTICE_A, referral, requestId);
    assertThat(refused(repeated, 409, "REC_CONFLICT").getCode()).isEqualTo(IssueType.DUPLICATE);
    // and the referral, sent twice under new request ids, is still one referral
    assertThat(adapter.ledger().count("referral", "identifier_value = ?", "A81001:" + srId))
        .isEqualTo(1);

    // when another practice sends the cancellation of that ServiceRequest id as itself
    String cancel = message("bars-referral-cancellation.json", srId);
    var byB =
        send(PRACTICE_B, cancel.replace("\"A81001\"", "\"B82002\""), "req-" + UUID.randomUUID());
    // then it is not found, as another tenant's referral is, and nothing changed
    refused(byB, 404, "REC_NOT_FOUND");
    assertThat(taskOf(PRACTICE_A, referralId).getStatus()).isEqualTo(TaskStatus.ACCEPTED);

    // when the sender cancels it with a BaRS update message
    var cancelled = send(PRACTICE_A, cancel, "req-" + UUID.randomUUID());

    // then the answer is the revoked ServiceRequest, its Task and the group's child are cancelled
    assertThat(okHeader(cancelled).getFocusFirstRep().getReference())
        .isEqualTo("ServiceRequest/" + referralId);
    var answered = (ServiceRequest) Api.bundle(cancelled).getEntry().get(1).getResource();
    assertThat(answered.getStatus()).isEqualTo(ServiceRequestStatus.REVOKED);
    assertThat(answered.getMeta().getVersionId()).isEqualTo("2");
    Task parentNow = taskOf(PRACTICE_A, referralId);
    assertThat(parentNow.getStatus()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(parentNow.getStatusReason().getCodingFirstRep().getSystem())
        .isEqualTo(CodeSystems.TASK_STATUS_REASON);
    assertThat(parentNow.getStatusReason().getCodingFirstRep().getCode())
        .isEqualTo("withdrawn-by-referrer");
    assertThat(Api.parse(Task.class, as(LINK_WORKER).get("/Task/" + childId)).getStatus())
        .isEqualTo(TaskStatus.CANCELLED);
    assertThat(
            Api.parse(ServiceRequest.class, as(PRACTICE_A).get("/ServiceRequest/" + referralId))
                .getStatus())
        .isEqualTo(ServiceRequestStatus.REVOKED);
    // and ReferralCancelled names the child it cancelled
    try (var events = new TopicTail(kafka.bootstrapServers(), Topics.REFERRAL_EVENTS.name())) {
      var event =
          events
              .until(
                  rs -> rs.stream().anyMatch(r -> isCancelled(r, referralId)),
                  Duration.ofSeconds(60))
              .stream()
              .filter(r -> isCancelled(r, referralId))
              .map(r -> (ReferralCancelled) r.value())
              .toList();
      assertThat(event).hasSize(1);
      assertThat(event.get(0).getCascadedTaskIds()).containsExactly(childId);
      assertThat(event.get(0).getReason().getCode()).isEqualTo("withdrawn-by-referrer");
    }

    // when the cancellation is sent again under a new request id: answered, nothing written
    int versions =
        Api.bundle(as(PRACTICE_A).get("/Task/" + parentId + "/_history")).getEntry().size();
    okHeader(send(PRACTICE_A, cancel, "req-" + UUID.randomUUID()));
    assertThat(Api.bundle(as(PRACTICE_A).get("/Task/" + parentId + "/_history")).getEntry())
        .hasSize(versions);

    // and the other practice's refused attempt is in the audit
    var log = adapter.context().getBean(InteractionLog.class);
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              log.flush();
              assertThat(
                      adapter
                          .ledger()
                          .count(
                              "audit_event",
                              "kind = 'interaction' AND client_id = ? AND status = 404",
                              PRACTICE_B))
                  .isGreaterThanOrEqualTo(1);
            });
  }

  @Test
  void theCapabilityStatementDeclaresContextWithAnOperationDefinitionAClientCanRead() {
    var meta = as(PRACTICE_A).get("/metadata");
    var cs = Api.parse(org.hl7.fhir.r4.model.CapabilityStatement.class, meta);
    var serviceRequest =
        cs.getRestFirstRep().getResource().stream()
            .filter(r -> r.getType().equals("ServiceRequest"))
            .findFirst()
            .orElseThrow();
    var context =
        serviceRequest.getOperation().stream()
            .filter(o -> o.getName().replace("$", "").equals("context"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no $context on ServiceRequest: " + meta.body()));
    String definition = context.getDefinition();
    assertThat(definition).contains("OperationDefinition/");

    var read =
        as(PRACTICE_A)
            .get("/OperationDefinition/" + definition.substring(definition.lastIndexOf('/') + 1));
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    var op = Api.parse(org.hl7.fhir.r4.model.OperationDefinition.class, read);
    assertThat(op.getCode()).isEqualTo("context");
    assertThat(op.getResource()).extracting(r -> r.getValue()).containsExactly("ServiceRequest");
    assertThat(op.getInstance()).isTrue();
    assertThat(op.getSystem()).isFalse();
    assertThat(op.getType()).isFalse();
    assertThat(op.getAffectsState()).isFalse();
    assertThat(op.getParameter())
        .anySatisfy(
            p -> {
              assertThat(p.getName()).isEqualTo("return");
              assertThat(p.getUse().toCode()).isEqualTo("out");
              assertThat(p.getType()).isEqualTo("Bundle");
            });
  }

  @Test
  void refusesAValidationRequestSayingWhatAndWhereAndKeepsNothing() {
    long before = adapter.ledger().count("referral", "TRUE");

    var res =
        send(
            PRACTICE_A,
            message("bad/msg-bars-validation-request.json", UUID.randomUUID().toString()),
            "req-" + UUID.randomUUID());

    var issue = refused(res, 422, "REC_UNPROCESSABLE_ENTITY");
    assertThat(issue.getCode()).isEqualTo(IssueType.NOTSUPPORTED);
    assertThat(issue.getExpression().get(0).getValue()).isEqualTo("ServiceRequest.category[0]");
    assertThat(adapter.ledger().count("referral", "TRUE")).isEqualTo(before);
  }

  @Test
  void aCancellationOfAReferralNotHeldIsNotFound() {
    var res =
        send(
            PRACTICE_A,
            message("bars-referral-cancellation.json", UUID.randomUUID().toString()),
            "req-" + UUID.randomUUID());

    var issue = refused(res, 404, "REC_NOT_FOUND");
    assertThat(issue.getCode()).isEqualTo(IssueType.NOTFOUND);
    assertThat(issue.getExpression().get(0).getValue()).isEqualTo("ServiceRequest.id");
  }

  @Test
  void theRequesterRevokesItsServiceRequestThroughPutAndNothingElseMayChange() throws Exception {
    // given a referral made through REST, to lw-city
    var created =
        as(PRACTICE_A)
            .post("/ServiceRequest", Fixtures.referral("A81001", "HealthcareService/lw-city"));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    ServiceRequest sr = Api.parse(ServiceRequest.class, created);
    String id = sr.getIdElement().getIdPart();
    ServiceRequest read =
        Api.parse(ServiceRequest.class, as(PRACTICE_A).get("/ServiceRequest/" + id));

    // then a PUT without If-Match is 428, a stale one 412
    ServiceRequest revoked = read.copy();
    revoked.setStatus(ServiceRequestStatus.REVOKED);
    assertThat(as(PRACTICE_A).put("/ServiceRequest/" + id, revoked, null).statusCode())
        .isEqualTo(428);
    assertThat(as(PRACTICE_A).put("/ServiceRequest/" + id, revoked, "7").statusCode())
        .isEqualTo(412);
    // and any other change is refused, naming the element and saying what is allowed
    ServiceRequest rewritten = revoked.copy();
    rewritten.getCode().setText("something else");
    var other = as(PRACTICE_A).put("/ServiceRequest/" + id, rewritten, "1");
    var issue = refused(other, 422, "REC_UNPROCESSABLE_ENTITY");
    assertThat(issue.getExpression().get(0).getValue()).isEqualTo("ServiceRequest.code");
    assertThat(issue.getDiagnostics()).contains("only ServiceRequest.status may change");
    // and another practice's PUT finds nothing
    assertThat(as(PRACTICE_B).put("/ServiceRequest/" + id, revoked, "1").statusCode())
        .isIn(403, 404);

    // when the requester revokes it
    var res = as(PRACTICE_A).put("/ServiceRequest/" + id, revoked, "1");

    // then it is version 2, read as revoked, and its Task is cancelled and announced
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    assertThat(res.headers().firstValue("ETag")).contains("W/\"2\"");
    assertThat(
            Api.parse(ServiceRequest.class, as(PRACTICE_A).get("/ServiceRequest/" + id))
                .getStatus())
        .isEqualTo(ServiceRequestStatus.REVOKED);
    assertThat(taskOf(PRACTICE_A, id).getStatus()).isEqualTo(TaskStatus.CANCELLED);
    try (var events = new TopicTail(kafka.bootstrapServers(), Topics.REFERRAL_EVENTS.name())) {
      assertThat(
              events.until(
                  rs -> rs.stream().anyMatch(r -> isCancelled(r, id)), Duration.ofSeconds(60)))
          .anyMatch(r -> isCancelled(r, id));
    }
    // and revoking it again changes nothing
    ServiceRequest again = Api.parse(ServiceRequest.class, res);
    var repeat = as(PRACTICE_A).put("/ServiceRequest/" + id, again, "2");
    assertThat(repeat.statusCode()).as(repeat.body()).isEqualTo(200);
    assertThat(repeat.headers().firstValue("ETag")).contains("W/\"2\"");

    // and the CapabilityStatement offers the update
    CapabilityStatement cs = Api.parse(CapabilityStatement.class, as(PRACTICE_A).get("/metadata"));
    var serviceRequest =
        cs.getRestFirstRep().getResource().stream()
            .filter(r -> r.getType().equals("ServiceRequest"))
            .findFirst()
            .orElseThrow();
    assertThat(serviceRequest.getInteraction().stream().map(i -> i.getCode().toCode()))
        .contains("update", "read", "create");
  }

  static boolean isReceived(ConsumerRecord<String, SpecificRecord> r, String referralId) {
    return r.value() instanceof ReferralReceived e && e.getServiceRequestId().equals(referralId);
  }

  static boolean isCancelled(ConsumerRecord<String, SpecificRecord> r, String referralId) {
    return r.value() instanceof ReferralCancelled e && e.getServiceRequestId().equals(referralId);
  }
}
