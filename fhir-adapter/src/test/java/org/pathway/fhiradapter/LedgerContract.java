package org.pathway.fhiradapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.OnwardReferralCreated;
import org.pathway.events.avro.OutcomeRecorded;
import org.pathway.events.avro.ReferralCancelled;
import org.pathway.events.avro.ReferralOverdue;
import org.pathway.events.avro.ReferralReceived;
import org.pathway.events.avro.TaskOutput;
import org.pathway.events.avro.TaskStatusChanged;
import org.pathway.events.avro.WellbeingScore;
import org.pathway.events.serde.EventHeaders;
import org.pathway.events.topics.Topics;
import org.pathway.fhiradapter.fhir.ReferralReader;
import org.pathway.fhiradapter.ledger.LedgerReads;
import org.pathway.fhiradapter.ledger.OverdueScan;
import org.pathway.fhiradapter.ledger.TaskCodes;
import org.pathway.fhiradapter.sla.SlaWatch;
import org.pathway.fhiradapter.support.Adapter;
import org.pathway.fhiradapter.support.Api;
import org.pathway.fhiradapter.support.Clients;
import org.pathway.fhiradapter.support.Fixtures;
import org.pathway.fhiradapter.support.Referrals;
import org.pathway.fhiradapter.support.Scores;
import org.pathway.localkafka.KafkaCluster;
import org.pathway.localkafka.KafkaClusters;
import org.pathway.testsupport.database.TestDatabase;
import org.pathway.testsupport.kafka.TopicTail;
import org.pathway.testsupport.metrics.Prometheus;

/**
 * The ledger's behaviour over HTTP with HAPI's generic client, against a real Kafka and PostgreSQL;
 * run by {@link LedgerPostgresIT}.
 */
abstract class LedgerContract {

  static KafkaCluster kafka;
  static TestDatabase db;
  static Adapter adapter;

  /** The referring practice (ODS A81001): creates referrals, reads them, cancels them. */
  static IGenericClient client;

  /** The link-worker service its referrals go to: owns their Tasks, accepts, scores, refers on. */
  static IGenericClient lw;

  static final String PRACTICE = "practice-a81001";
  static final String LINK_WORKER = "lw-city";
  static final HttpClient HTTP = HttpClient.newHttpClient();

  /** The test client every call is made as: a GP practice. */
  static void startAll(TestDatabase database) {
    kafka = KafkaClusters.forTestClass();
    kafka.createTopics(Topics.all().stream().map(t -> t.toNewTopic((short) 1)).toList());
    db = database;
    Fixtures.FHIR.getRestfulClientFactory().setSocketTimeout(60_000);
    startAdapter();
  }

  /** The adapter with a quick SLA watch, so overdue Tasks are flagged within the test. */
  static void startAdapter() {
    adapter =
        Adapter.start(
            db, kafka.bootstrapServers(), java.util.Map.of("pathway.sla.scan-interval", "200ms"));
    client = Clients.as(() -> adapter, PRACTICE);
    lw = Clients.as(() -> adapter, LINK_WORKER);
  }

  @AfterAll
  static void stopAll() {
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

  static LedgerReads ledger() {
    return adapter.ledger();
  }

  static OverdueScan overdueScan() {
    return adapter.context().getBean(OverdueScan.class);
  }

  @Test
  void acceptedReferralIsDurableAnnouncedAndReadable() {
    // given a GP referral with a correlation id
    ServiceRequest sr = Fixtures.referral();
    String correlation = "corr-" + UUID.randomUUID();

    // when it is POSTed
    MethodOutcome outcome =
        client
            .create()
            .resource(sr)
            .withAdditionalHeader("X-Correlation-ID", correlation)
            .execute();

    // then 201 with a Location, the correlation id echoed
    assertThat(outcome.getCreated()).isTrue();
    assertThat(outcome.getResponseStatusCode()).isEqualTo(201);
    assertThat(outcome.getResponseHeaders().get("location").get(0))
        .contains("/fhir/ServiceRequest/" + outcome.getId().getIdPart());
    assertThat(outcome.getResponseHeaders().get("x-correlation-id")).containsExactly(correlation);
    String referralId = outcome.getId().getIdPart();

    // and its event reaches Kafka carrying the correlation id
    try (var events = new TopicTail(kafka.bootstrapServers(), Topics.REFERRAL_EVENTS.name())) {
      var found =
          events.until(rs -> receivedFor(rs, referralId).isPresent(), Duration.ofSeconds(60));
      var record = receivedFor(found, referralId).orElseThrow();
      assertThat(record.key()).isEqualTo(referralId);
      assertThat(EventHeaders.get(record.headers(), EventHeaders.CORRELATION_ID))
          .isEqualTo(correlation);
      var event = (ReferralReceived) record.value();
      // with every contract header the events' serializer stamps
      assertThat(EventHeaders.get(record.headers(), EventHeaders.ENCODING))
          .isEqualTo(EventHeaders.AVRO_SINGLE_OBJECT);
      assertThat(EventHeaders.get(record.headers(), EventHeaders.EVENT_TYPE))
          .isEqualTo(ReferralReceived.getClassSchema().getFullName());
      assertThat(EventHeaders.get(record.headers(), EventHeaders.EVENT_ID))
          .isEqualTo(event.getEnvelope().getEventId().toString());
      assertThat(event.getEnvelope().getCorrelationId()).isEqualTo(correlation);
      assertThat(event.getPerson().getNhsNumber()).isEqualTo("9434765919");
      assertThat(event.getPracticeOdsCode()).isEqualTo("A81001");

      // and the Task is readable and searchable
      Task task = client.read().resource(Task.class).withId(event.getTaskId()).execute();
      assertThat(task.getStatus()).isEqualTo(TaskStatus.REQUESTED);
      assertThat(task.getFocus().getReference()).isEqualTo("ServiceRequest/" + referralId);
      assertThat(task.getGroupIdentifier().getValue()).isEqualTo(correlation);
      Bundle byFocus =
          client
              .search()
              .forResource(Task.class)
              .where(Task.FOCUS.hasId("ServiceRequest/" + referralId))
              .returnBundle(Bundle.class)
              .execute();
      assertThat(byFocus.getEntry()).hasSize(1);
      Bundle byPatientAndStatus =
          client
              .search()
              .forResource(Task.class)
              .where(Task.PATIENT.hasId(task.getFor().getReference()))
              .and(Task.STATUS.exactly().code("requested"))
              .returnBundle(Bundle.class)
              .execute();
      assertThat(byPatientAndStatus.getEntry()).hasSize(1);
      Bundle byRequester =
          client
              .search()
              .forResource(Task.class)
              .where(
                  Task.REQUESTER.hasChainedProperty(
                      new ca.uhn.fhir.rest.gclient.TokenClientParam("identifier")
                          .exactly()
                          .systemAndCode("https://fhir.nhs.uk/Id/ods-organization-code", "A81001")))
              .returnBundle(Bundle.class)
              .execute();
      assertThat(byRequester.getEntry()).isNotEmpty();
      var lastUpdated = new ca.uhn.fhir.rest.gclient.DateClientParam("_lastUpdated");
      java.util.Date hourAgo = java.util.Date.from(java.time.Instant.now().minusSeconds(3600));
      Bundle updatedSince =
          client
              .search()
              .forResource(Task.class)
              .where(Task.FOCUS.hasId("ServiceRequest/" + referralId))
              .and(lastUpdated.afterOrEquals().second(hourAgo))
              .returnBundle(Bundle.class)
              .execute();
      assertThat(updatedSince.getEntry()).hasSize(1);
      Bundle updatedBefore =
          client
              .search()
              .forResource(Task.class)
              .where(Task.FOCUS.hasId("ServiceRequest/" + referralId))
              .and(lastUpdated.before().second(hourAgo))
              .returnBundle(Bundle.class)
              .execute();
      assertThat(updatedBefore.getEntry()).isEmpty();
    }
    // and the narrative-free ServiceRequest is readable at its Location
    ServiceRequest stored =
        client.read().resource(ServiceRequest.class).withId(referralId).execute();
    assertThat(stored.getIdentifierFirstRep().getValue())
        .isEqualTo(sr.getIdentifierFirstRep().getValue());
    assertThat(
            ledger()
                .count(
                    "audit_event",
                    "kind = 'ledger' AND resource_id = ? AND interaction = 'create'",
                    referralId))
        .isEqualTo(1);
    assertThat(
            ledger()
                .count(
                    "provenance",
                    "task_id = ?",
                    ledger()
                        .searchTasks(
                            new org.pathway.fhiradapter.ledger.TaskQuery(
                                (java.util.List<String>) null,
                                null,
                                null,
                                null,
                                null,
                                "ServiceRequest/" + referralId,
                                null,
                                null,
                                null,
                                null,
                                false,
                                1,
                                org.pathway.fhiradapter.ledger.Visibility.EVERYTHING))
                        .items()
                        .get(0)
                        .getIdElement()
                        .getIdPart()))
        .isEqualTo(1);
  }

  @Test
  void narrativeIsStrippedOnIngest() {
    ServiceRequest sr = Fixtures.referral();
    sr.getText()
        .setStatus(org.hl7.fhir.r4.model.Narrative.NarrativeStatus.GENERATED)
        .setDivAsString(
            "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Referral for Mabel</p></div>");

    MethodOutcome outcome = client.create().resource(sr).execute();

    ServiceRequest stored =
        client.read().resource(ServiceRequest.class).withId(outcome.getId().getIdPart()).execute();
    assertThat(stored.hasText()).isFalse();
    assertThat(stored.getContained())
        .allMatch(r -> !((org.hl7.fhir.r4.model.DomainResource) r).hasText());
  }

  @Test
  void exposesHealthToAnyoneAndMetricsToOperatorsOnly() throws Exception {
    for (String path : List.of("/health", "/health/readiness", "/health/liveness")) {
      var res = management(path, null);
      assertThat(res.statusCode()).as(path).isEqualTo(200);
      assertThat(res.body()).as(path).contains("UP").doesNotContain("details");
    }
    assertThat(management("/health", adapter.token("operator")).body()).contains("details");
    var anonymous = management("/prometheus", null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate").orElseThrow())
        .startsWith("Bearer");
    assertThat(management("/prometheus", adapter.token("practice-a81001")).statusCode())
        .isEqualTo(403);
    var operator = management("/prometheus", adapter.token("operator"));
    assertThat(operator.statusCode()).isEqualTo(200);
    assertThat(operator.body()).contains("pathway_sla_overdue_flagged_total");
    // and the applier's lag and the dead letters, read from Kafka (NaN until it has answered)
    List<String> series = new ArrayList<>();
    for (var topic : List.of(Topics.ROUTING_DECISIONS, Topics.NOTIFICATION_RECEIPTS)) {
      series.add(
          "pathway_kafka_consumer_lag{group=\"fhir-adapter-ledger-applier\",topic=\""
              + topic.name()
              + "\"}");
    }
    series.add("pathway_dead_letters{topic=\"" + Topics.FHIR_ADAPTER_DEAD_LETTERS.name() + "\"}");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              String body =
                  Prometheus.scrape(
                      URI.create(adapter.managementBase()), adapter.token("operator"));
              for (String s : series) {
                assertThat(Prometheus.sample(body, s)).as(s).isGreaterThanOrEqualTo(0.0);
              }
            });
  }

  /** GET on the management port, with {@code token} as bearer when not null. */
  private static HttpResponse<String> management(String path, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(adapter.managementBase() + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void acceptsTransactionBundle() {
    Bundle tx = Fixtures.bundle("referral-transaction.json");

    Bundle response = client.transaction().withBundle(tx).execute();

    var srEntry = response.getEntry().get(1).getResponse();
    assertThat(srEntry.getStatus()).startsWith("201");
    String referralId = new org.hl7.fhir.r4.model.IdType(srEntry.getLocation()).getIdPart();
    assertThat(response.getEntry().get(0).getResponse().getLocation()).startsWith("Patient/");
    assertThat(response.getEntry().get(3).getResponse().getLocation()).startsWith("Consent/");
    try (var events = new TopicTail(kafka.bootstrapServers(), Topics.REFERRAL_EVENTS.name())) {
      var event =
          (ReferralReceived)
              receivedFor(
                      events.until(
                          rs -> receivedFor(rs, referralId).isPresent(), Duration.ofSeconds(60)),
                      referralId)
                  .orElseThrow()
                  .value();
      assertThat(event.getPerson().getFamilyName()).isEqualTo("Okafor");
      // The Consent sent with the referral (opt-in) lets Pathway tell the person their next steps.
      assertThat(event.getPerson().getContactConsent()).isTrue();
      assertThat(event.getPracticeOdsCode()).isEqualTo("A81001");
      // the practice, an entry the ledger does not keep, is stored as who it was, not a dangling
      // urn:uuid of the request's Bundle
      Reference requester =
          client.read().resource(ServiceRequest.class).withId(referralId).execute().getRequester();
      assertThat(requester.hasReference()).as(requester.getReference()).isFalse();
      assertThat(requester.getType()).isEqualTo("Organization");
      assertThat(requester.getIdentifier().getSystem()).isEqualTo(ReferralReader.ODS_SYSTEM);
      assertThat(requester.getIdentifier().getValue()).isEqualTo("A81001");
      assertThat(requester.getDisplay()).isEqualTo("Hyde Park Surgery");
      assertThat(
              client
                  .read()
                  .resource(Task.class)
                  .withId(event.getTaskId())
                  .execute()
                  .getFor()
                  .getReference())
          .isEqualTo(
              response.getEntry().get(0).getResponse().getLocation().replace("/_history/1", ""));
    }
  }

  @Test
  void acceptsBarsProcessMessage() {
    Bundle message = Fixtures.bundle("referral-message.json");

    Bundle response =
        client
            .operation()
            .processMessage()
            .setMessageBundle(message)
            .synchronous(Bundle.class)
            .execute();

    var header = (org.hl7.fhir.r4.model.MessageHeader) response.getEntryFirstRep().getResource();
    assertThat(header.getResponse().getCode())
        .isEqualTo(org.hl7.fhir.r4.model.MessageHeader.ResponseType.OK);
    String referralId =
        new org.hl7.fhir.r4.model.IdType(header.getFocusFirstRep().getReference()).getIdPart();
    try (var events = new TopicTail(kafka.bootstrapServers(), Topics.REFERRAL_EVENTS.name())) {
      var event =
          (ReferralReceived)
              receivedFor(
                      events.until(
                          rs -> receivedFor(rs, referralId).isPresent(), Duration.ofSeconds(60)),
                      referralId)
                  .orElseThrow()
                  .value();
      assertThat(event.getPerson().getNhsNumber()).isEqualTo("9434765870");
      assertThat(client.read().resource(Task.class).withId(event.getTaskId()).execute().getStatus())
          .isEqualTo(TaskStatus.REQUESTED);
    }
  }

  @Test
  void servesCapabilityStatement() {
    CapabilityStatement cs = client.capabilities().ofType(CapabilityStatement.class).execute();
    var types = cs.getRestFirstRep().getResource().stream().map(r -> r.getType()).toList();
    assertThat(types).contains("ServiceRequest", "Task", "Observation");
  }

  @Test
  void theCapabilityStatementSaysWhichUpdatesMustNameTheVersionTheyReplace() {
    CapabilityStatement cs = client.capabilities().ofType(CapabilityStatement.class).execute();
    var byType =
        cs.getRestFirstRep().getResource().stream()
            .collect(java.util.stream.Collectors.toMap(r -> r.getType(), r -> r));

    // Task, ServiceRequest and HealthcareService updates need If-Match (428 without): ETags are
    // to be sent back, and an update never creates
    for (String type : List.of("Task", "ServiceRequest", "HealthcareService")) {
      var resource = byType.get(type);
      assertThat(resource.getVersioning())
          .as(type)
          .isEqualTo(CapabilityStatement.ResourceVersionPolicy.VERSIONEDUPDATE);
      assertThat(resource.hasUpdateCreate() && !resource.getUpdateCreate()).as(type).isTrue();
    }
    // a Task's versions are read (vread), a ServiceRequest's are not
    assertThat(byType.get("Task").getReadHistory()).isTrue();
    assertThat(byType.get("ServiceRequest").getReadHistory()).isFalse();
    // a type that is never updated says nothing of versions
    assertThat(byType.get("Observation").hasVersioning()).isFalse();
  }

  @Test
  void aCreateAnswersAnOperationOutcomeWhenTheClientPrefersOne() throws Exception {
    String referral = Fixtures.FHIR.newJsonParser().encodeResourceToString(Fixtures.referral());

    // when: the referral is sent twice, asking for an OperationOutcome rather than the resource
    var first = postPreferring("/ServiceRequest", referral, "return=OperationOutcome");
    var again = postPreferring("/ServiceRequest", referral, "return=OperationOutcome");

    // then: each answer is an OperationOutcome saying what was done; the first says where
    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    assertThat(first.headers().firstValue("Location")).isPresent();
    var created = Fixtures.FHIR.newJsonParser().parseResource(OperationOutcome.class, first.body());
    assertThat(created.getIssueFirstRep().getSeverity())
        .isEqualTo(OperationOutcome.IssueSeverity.INFORMATION);
    assertThat(created.getIssueFirstRep().getDiagnostics()).isEqualTo("ServiceRequest created");
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    assertThat(
            Fixtures.FHIR
                .newJsonParser()
                .parseResource(OperationOutcome.class, again.body())
                .getIssueFirstRep()
                .getDiagnostics())
        .contains("nothing was written");
    // and: asked for nothing, nothing comes
    var minimal =
        postPreferring(
            "/ServiceRequest",
            Fixtures.FHIR.newJsonParser().encodeResourceToString(Fixtures.referral()),
            "return=minimal");
    assertThat(minimal.statusCode()).isEqualTo(201);
    assertThat(minimal.body()).isEmpty();
  }

  private static HttpResponse<String> postPreferring(String path, String body, String prefer)
      throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create(adapter.fhirBase() + path))
            .header("Authorization", adapter.bearer(PRACTICE))
            .header("Content-Type", "application/fhir+json")
            .header("Prefer", prefer)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void sameReferralSeriallyAndFiftyAtOnceMakesOneReferralAndOneEvent() throws Exception {
    ServiceRequest sr = Fixtures.referral();
    String body = Fixtures.FHIR.newJsonParser().encodeResourceToString(sr);
    String value = sr.getIdentifierFirstRep().getValue();

    HttpResponse<String> first = post("/ServiceRequest", body, null);
    HttpResponse<String> again = post("/ServiceRequest", body, null);
    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.headers().firstValue("Location"))
        .isEqualTo(first.headers().firstValue("Location"));

    ServiceRequest sr2 = Fixtures.referral();
    String body2 = Fixtures.FHIR.newJsonParser().encodeResourceToString(sr2);
    var pool = Executors.newFixedThreadPool(50);
    List<Future<HttpResponse<String>>> all = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      Callable<HttpResponse<String>> call = () -> post("/ServiceRequest", body2, null);
      all.add(pool.submit(call));
    }
    List<String> locations = new ArrayList<>();
    for (var f : all) {
      var r = f.get();
      assertThat(r.statusCode()).isIn(200, 201);
      locations.add(r.headers().firstValue("Location").orElseThrow());
    }
    pool.shutdown();
    assertThat(locations).containsOnly(locations.get(0));

    for (String v : List.of(value, sr2.getIdentifierFirstRep().getValue())) {
      assertThat(ledger().count("referral", "identifier_value = ?", v)).isEqualTo(1);
      // A repeat writes nothing of its own: no second ServiceRequest, Patient or Task.
      assertThat(ledger().count("fhir_resource", "body LIKE ?", "%" + v + "%")).isEqualTo(1);
    }
    String first1 = idOf(first.headers().firstValue("Location").orElseThrow());
    assertThat(ledger().count("task", "referral_id = ?", first1)).isEqualTo(1);
    assertThat(
            ledger()
                .count(
                    "audit_event", "interaction = 'create-existing' AND resource_id = ?", first1))
        .isEqualTo(1);
    await().atMost(Duration.ofSeconds(60)).until(() -> ledger().count("outbox_pending", null) == 0);
    String id1 = idOf(first.headers().firstValue("Location").orElseThrow());
    String id2 = idOf(locations.get(0));
    try (var events = new TopicTail(kafka.bootstrapServers(), Topics.REFERRAL_EVENTS.name())) {
      var rs = events.toEnd();
      assertThat(rs.stream().filter(r -> isReceivedFor(r, id1)).count()).isEqualTo(1);
      assertThat(rs.stream().filter(r -> isReceivedFor(r, id2)).count()).isEqualTo(1);
    }
  }

  @Test
  void repeatedRequestIdIsRefusedAsDuplicate() throws Exception {
    String requestId = UUID.randomUUID().toString();
    String body = Fixtures.FHIR.newJsonParser().encodeResourceToString(Fixtures.referral());
    assertThat(post("/ServiceRequest", body, requestId).statusCode()).isEqualTo(201);

    HttpResponse<String> repeat = post("/ServiceRequest", body, requestId);

    assertThat(repeat.statusCode()).isEqualTo(409);
    var oo =
        Fixtures.FHIR
            .newJsonParser()
            .parseResource(org.hl7.fhir.r4.model.OperationOutcome.class, repeat.body());
    assertThat(oo.getIssueFirstRep().getCode())
        .isEqualTo(org.hl7.fhir.r4.model.OperationOutcome.IssueType.DUPLICATE);
  }

  @Test
  void conflictingTaskUpdatesOneWinsOtherGets412() {
    Task task = newReferralTask();
    Task a = task.copy();
    a.setStatus(TaskStatus.ACCEPTED);
    Task b = task.copy();
    b.setStatus(TaskStatus.REJECTED);
    b.setStatusReason(noCapacity());

    MethodOutcome won = lw.update().resource(a).withId(task.getIdElement()).execute();

    assertThat(won.getId().getVersionIdPart()).isEqualTo("2");
    assertThatThrownBy(() -> lw.update().resource(b).withId(task.getIdElement()).execute())
        .isInstanceOf(PreconditionFailedException.class);
    assertThat(
            client
                .read()
                .resource(Task.class)
                .withId(task.getIdElement().getIdPart())
                .execute()
                .getStatus())
        .isEqualTo(TaskStatus.ACCEPTED);
    Bundle history =
        client
            .history()
            .onInstance(task.getIdElement().toVersionless())
            .returnBundle(Bundle.class)
            .execute();
    assertThat(history.getEntry()).hasSize(2);
  }

  @Test
  void concurrentConflictingTaskUpdatesOneWinsOtherGets412() throws Exception {
    Task task = newReferralTask();
    Task a = task.copy();
    a.setStatus(TaskStatus.ACCEPTED);
    Task b = task.copy();
    b.setStatus(TaskStatus.REJECTED);
    b.setStatusReason(noCapacity());
    var pool = Executors.newFixedThreadPool(2);
    List<Future<Integer>> results = new ArrayList<>();
    for (Task t : List.of(a, b)) {
      Callable<Integer> update =
          () -> {
            try {
              lw.update().resource(t).withId(task.getIdElement()).execute();
              return 200;
            } catch (PreconditionFailedException e) {
              return 412;
            }
          };
      results.add(pool.submit(update));
    }
    List<Integer> statuses = new ArrayList<>();
    for (var f : results) {
      statuses.add(f.get());
    }
    pool.shutdown();

    assertThat(statuses).containsExactlyInAnyOrder(200, 412);
    Bundle history =
        client
            .history()
            .onInstance(task.getIdElement().toVersionless())
            .returnBundle(Bundle.class)
            .execute();
    assertThat(history.getEntry()).hasSize(2);
  }

  @Test
  void stateMachineRefusesIllegalOrIncompleteChanges() {
    Task task = newReferralTask();
    Task noReason = task.copy();
    noReason.setStatus(TaskStatus.REJECTED);
    assertThatThrownBy(() -> lw.update().resource(noReason).withId(task.getIdElement()).execute())
        .isInstanceOf(UnprocessableEntityException.class)
        .hasMessageContaining("statusReason");
    Task freeText = task.copy();
    freeText.setStatus(TaskStatus.REJECTED);
    freeText.setStatusReason(new CodeableConcept().setText("no capacity"));
    assertThatThrownBy(() -> lw.update().resource(freeText).withId(task.getIdElement()).execute())
        .isInstanceOfSatisfying(
            UnprocessableEntityException.class,
            e -> {
              var outcome = (OperationOutcome) e.getOperationOutcome();
              assertThat(outcome.getIssueFirstRep().getExpression().get(0).getValue())
                  .isEqualTo("Task.statusReason");
              assertThat(outcome.getIssueFirstRep().getDiagnostics())
                  .contains("decline-reason ValueSet");
            });
    Task noOutput = task.copy();
    noOutput.setStatus(TaskStatus.COMPLETED);
    assertThatThrownBy(() -> lw.update().resource(noOutput).withId(task.getIdElement()).execute())
        .isInstanceOf(ResourceVersionConflictException.class);
    Task accepted = task.copy();
    accepted.setStatus(TaskStatus.ACCEPTED);
    Task v2 =
        (Task) lw.update().resource(accepted).withId(task.getIdElement()).execute().getResource();
    Task done = v2.copy();
    done.setStatus(TaskStatus.COMPLETED);
    assertThatThrownBy(() -> lw.update().resource(done).withId(v2.getIdElement()).execute())
        .isInstanceOf(UnprocessableEntityException.class)
        .hasMessageContaining("output");
    done.addOutput()
        .setType(new CodeableConcept().setText("outcome"))
        .setValue(new StringType("goals met"));
    assertThat(
            lw.update()
                .resource(done)
                .withId(v2.getIdElement())
                .execute()
                .getId()
                .getVersionIdPart())
        .isEqualTo("3");
  }

  @Test
  void onwardReferralMakesChildTaskAndCancellingParentCancelsIt() {
    Task parent = newReferralTask();
    String originalId = parent.getFocus().getReferenceElement().getIdPart();
    ServiceRequest onward = new ServiceRequest();
    onward
        .addIdentifier()
        .setSystem("https://linkworker.example.org/Id/onward")
        .setValue(UUID.randomUUID().toString());
    onward.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
    onward.setIntent(ServiceRequest.ServiceRequestIntent.FILLERORDER);
    onward
        .getCode()
        .setText("Walking group")
        .addCoding()
        .setSystem("http://snomed.info/sct")
        .setCode("229065009");
    onward.addBasedOn(new Reference("ServiceRequest/" + originalId));
    onward.setSubject(parent.getFor().copy());
    onward.setRequester(
        new Reference("HealthcareService/" + LINK_WORKER)
            .setDisplay("City Link Workers")
            .setIdentifier(
                new org.hl7.fhir.r4.model.Identifier()
                    .setSystem("https://pathway.example.org/Id/directory")
                    .setValue(LINK_WORKER)));
    onward.addPerformer(
        new Reference("HealthcareService/walking-group-ls6").setDisplay("LS6 Walking Group"));

    // the link worker owning the referral refers on
    MethodOutcome created = lw.create().resource(onward).execute();
    String onwardId = created.getId().getIdPart();

    Task child =
        lw
            .search()
            .forResource(Task.class)
            .where(Task.PART_OF.hasId("Task/" + parent.getIdElement().getIdPart()))
            .returnBundle(Bundle.class)
            .execute()
            .getEntry()
            .stream()
            .map(e -> (Task) e.getResource())
            .findFirst()
            .orElseThrow();
    assertThat(child.getFocus().getReference()).isEqualTo("ServiceRequest/" + onwardId);
    assertThat(child.getOwner().getReference()).isEqualTo("HealthcareService/walking-group-ls6");

    Task current =
        client.read().resource(Task.class).withId(parent.getIdElement().getIdPart()).execute();
    Task cancel = current.copy();
    cancel.setStatus(TaskStatus.CANCELLED);
    cancel.setStatusReason(new CodeableConcept().setText("patient moved away"));
    // the practice that referred cancels
    client.update().resource(cancel).withId(current.getIdElement()).execute();

    assertThat(
            lw.read()
                .resource(Task.class)
                .withId(child.getIdElement().getIdPart())
                .execute()
                .getStatus())
        .isEqualTo(TaskStatus.CANCELLED);
    try (var events = new TopicTail(kafka.bootstrapServers(), Topics.REFERRAL_EVENTS.name())) {
      String root = originalId;
      var rs =
          events.until(
              l ->
                  l.stream()
                      .anyMatch(
                          r ->
                              r.value() instanceof ReferralCancelled c
                                  && c.getServiceRequestId().equals(root)),
              Duration.ofSeconds(60));
      var onwardEvent =
          rs.stream()
              .map(ConsumerRecord::value)
              .filter(OnwardReferralCreated.class::isInstance)
              .map(OnwardReferralCreated.class::cast)
              .filter(e -> e.getServiceRequestId().equals(onwardId))
              .findFirst()
              .orElseThrow();
      assertThat(onwardEvent.getParentTaskId()).isEqualTo(parent.getIdElement().getIdPart());
      assertThat(onwardEvent.getEnvelope().getReferralId()).isEqualTo(root);
      var cancelled =
          rs.stream()
              .map(ConsumerRecord::value)
              .filter(ReferralCancelled.class::isInstance)
              .map(ReferralCancelled.class::cast)
              .filter(c -> c.getServiceRequestId().equals(root))
              .findFirst()
              .orElseThrow();
      assertThat(cancelled.getCascadedTaskIds()).containsExactly(child.getIdElement().getIdPart());
    }
  }

  @Test
  void recordsWellbeingScoresAndCompletionTellsThemOnwards() throws Exception {
    // given an accepted Task
    Task task = newReferralTask();
    String taskId = task.getIdElement().getIdPart();
    Task accepted = task.copy();
    accepted.setStatus(TaskStatus.ACCEPTED);
    Task v2 =
        (Task) lw.update().resource(accepted).withId(task.getIdElement()).execute().getResource();

    // when a link worker records the entry and exit SWEMWBS scores
    Observation entry = Scores.score("SWEMWBS", "entry", 18, taskId);
    entry.setValue(new org.hl7.fhir.r4.model.IntegerType(18));
    entry.setEffective(
        new org.hl7.fhir.r4.model.DateTimeType(
            java.util.Date.from(java.time.Instant.now().minus(Duration.ofDays(42)))));
    MethodOutcome entryCreated = lw.create().resource(entry).execute();
    MethodOutcome exitCreated =
        lw.create().resource(Scores.score("SWEMWBS", "exit", 24, taskId)).execute();

    // then both are 201 with a Location, readable, and searchable by Task and by patient
    assertThat(entryCreated.getResponseStatusCode()).isEqualTo(201);
    assertThat(exitCreated.getResponseHeaders().get("location").get(0))
        .contains("/fhir/Observation/");
    String entryId = entryCreated.getId().getIdPart();
    String exitId = exitCreated.getId().getIdPart();
    Observation readBack = client.read().resource(Observation.class).withId(exitId).execute();
    assertThat(readBack.getValueQuantity().getValue().intValue()).isEqualTo(24);
    assertThat(readBack.getSubject().getReference()).isEqualTo(task.getFor().getReference());
    Bundle byFocus =
        lw.search()
            .forResource(Observation.class)
            .where(Observation.FOCUS.hasId("Task/" + taskId))
            .returnBundle(Bundle.class)
            .execute();
    assertThat(byFocus.getEntry())
        .extracting(e -> e.getResource().getIdElement().getIdPart())
        .containsExactly(entryId, exitId);
    Bundle bySubject =
        lw.search()
            .forResource(Observation.class)
            .where(Observation.SUBJECT.hasId(task.getFor().getReference()))
            .returnBundle(Bundle.class)
            .execute();
    assertThat(bySubject.getEntry()).hasSize(2);
    assertThat(
            ledger()
                .count(
                    "audit_event",
                    "kind = 'ledger' AND resource_type = 'Observation' AND interaction = 'create'"
                        + " AND resource_id = ?",
                    exitId))
        .isEqualTo(1);

    // and bad scores are refused with an OperationOutcome naming the element, nothing written
    assertRefused(Scores.score("SWEMWBS", "exit", 36, taskId), "Observation.value[x]");
    assertRefused(Scores.score("WEMWBS", "exit", 13, taskId), "Observation.value[x]");
    assertRefused(Scores.score("PHQ9", "exit", 10, taskId), "Observation.code");
    assertRefused(
        Scores.score("SWEMWBS", "exit", 20, UUID.randomUUID().toString()), "Observation.focus");
    Observation otherPatient = Scores.score("SWEMWBS", "exit", 20, taskId);
    otherPatient.setSubject(new Reference("Patient/someone-else"));
    assertRefused(otherPatient, "Observation.subject");
    Observation unknownSource = Scores.score("SWEMWBS", "exit", 20, taskId);
    unknownSource.addDerivedFrom(new Reference("QuestionnaireResponse/" + UUID.randomUUID()));
    assertRefused(unknownSource, "Observation.derivedFrom");
    String requestId = UUID.randomUUID().toString();
    String interim =
        Fixtures.FHIR
            .newJsonParser()
            .encodeResourceToString(Scores.score("SWEMWBS", "interim", 21, taskId));
    HttpResponse<String> firstInterim = post("/Observation", interim, requestId, LINK_WORKER);
    HttpResponse<String> repeatedInterim = post("/Observation", interim, requestId, LINK_WORKER);
    assertThat(firstInterim.statusCode()).isEqualTo(201);
    assertThat(repeatedInterim.statusCode()).isEqualTo(409);
    assertThat(repeatedInterim.body()).contains("duplicate");
    assertThat(ledger().count("outcome", "task_id = ?", taskId)).isEqualTo(3);

    // when the Task is completed with an output that is not one of its scores: 422
    Task wrongOutput = v2.copy();
    wrongOutput.setStatus(TaskStatus.COMPLETED);
    wrongOutput.addOutput().setValue(new Reference("Observation/" + UUID.randomUUID()));
    assertThatThrownBy(() -> lw.update().resource(wrongOutput).withId(v2.getIdElement()).execute())
        .isInstanceOf(UnprocessableEntityException.class)
        .hasMessageContaining("not a score recorded against");

    // when it is completed with both scores as outputs
    Task done = v2.copy();
    done.setStatus(TaskStatus.COMPLETED);
    done.setBusinessStatus(TaskCodes.businessStatus("completed-goals-met"));
    done.addOutput().setValue(new Reference("Observation/" + entryId));
    done.addOutput().setValue(new Reference("Observation/" + exitId));
    Task completed =
        (Task) lw.update().resource(done).withId(v2.getIdElement()).execute().getResource();

    // then the stored outputs say what they are, and the events carry the scores onwards
    assertThat(completed.getOutput())
        .extracting(o -> ((Reference) o.getValue()).getDisplay())
        .containsExactly("SWEMWBS entry 18", "SWEMWBS exit 24");
    String root = task.getFocus().getReferenceElement().getIdPart();
    try (var events = new TopicTail(kafka.bootstrapServers(), Topics.REFERRAL_EVENTS.name())) {
      var rs =
          events.until(
              l ->
                  l.stream()
                      .anyMatch(
                          r ->
                              r.value() instanceof TaskStatusChanged c
                                  && c.getTaskId().equals(taskId)
                                  && c.getStatus() == org.pathway.events.avro.TaskStatus.COMPLETED),
              Duration.ofSeconds(60));
      var outcomes =
          rs.stream()
              .map(ConsumerRecord::value)
              .filter(OutcomeRecorded.class::isInstance)
              .map(OutcomeRecorded.class::cast)
              .filter(e -> e.getTaskId().equals(taskId))
              .toList();
      assertThat(outcomes)
          .extracting(e -> e.getTiming().name() + " " + e.getScore() + " " + e.getObservationId())
          .containsExactly(
              "ENTRY 18.0 " + entryId,
              "EXIT 24.0 " + exitId,
              "INTERIM 21.0 " + idOf(firstInterim.headers().firstValue("Location").orElseThrow()));
      assertThat(outcomes.get(0).getEnvelope().getReferralId()).isEqualTo(root);
      assertThat(outcomes.get(0).getInstrument())
          .isEqualTo(org.pathway.events.avro.WellbeingInstrument.SWEMWBS);
      var completion =
          rs.stream()
              .map(ConsumerRecord::value)
              .filter(TaskStatusChanged.class::isInstance)
              .map(TaskStatusChanged.class::cast)
              .filter(
                  c ->
                      c.getTaskId().equals(taskId)
                          && c.getStatus() == org.pathway.events.avro.TaskStatus.COMPLETED)
              .findFirst()
              .orElseThrow();
      assertThat(completion.getOutputs())
          .extracting(o -> o.getType().getCode() + " " + o.getReference() + " " + o.getDisplay())
          .containsExactly(
              "wellbeing-score Observation/" + entryId + " SWEMWBS entry 18",
              "wellbeing-score Observation/" + exitId + " SWEMWBS exit 24");
      // typed, so no reader parses the display again, with the time each measure was taken
      assertThat(completion.getOutputs())
          .extracting(TaskOutput::getScore)
          .containsExactly(
              new WellbeingScore(
                  org.pathway.events.avro.WellbeingInstrument.SWEMWBS,
                  org.pathway.events.avro.MeasurementTiming.ENTRY,
                  18.0,
                  effectiveMillis(entryId)),
              new WellbeingScore(
                  org.pathway.events.avro.WellbeingInstrument.SWEMWBS,
                  org.pathway.events.avro.MeasurementTiming.EXIT,
                  24.0,
                  effectiveMillis(exitId)));
      assertThat(completion.getOutputs().get(0).getScore().getEffectiveAtMillis())
          .as("the entry score was taken 42 days ago, not when the Task completed")
          .isLessThan(System.currentTimeMillis() - Duration.ofDays(41).toMillis());
    }
  }

  /** When the score Observation {@code id} held in the ledger says its measure was taken. */
  static long effectiveMillis(String id) {
    return client
        .read()
        .resource(Observation.class)
        .withId(id)
        .execute()
        .getEffectiveDateTimeType()
        .getValue()
        .getTime();
  }

  @Test
  void overdueTaskIsFlaggedOncePerDueTimeAcrossScansRestartsAndInstances() throws Exception {
    // given an open Task whose due time has passed, and a rejected one also past due
    Task task = newReferralTask();
    String taskId = task.getIdElement().getIdPart();
    java.time.Instant due1 =
        java.time.Instant.now()
            .minus(Duration.ofHours(1))
            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    Task v2 = reschedule(task, due1);
    Task closed = newReferralTask();
    Task rejected = closed.copy();
    rejected.setStatus(TaskStatus.REJECTED);
    rejected.setStatusReason(noCapacity());
    rejected.getRestriction().getPeriod().setEnd(java.util.Date.from(due1));
    lw.update().resource(rejected).withId(closed.getIdElement()).execute();
    String closedId = closed.getIdElement().getIdPart();

    // when the scheduled scan runs: one notice
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> ledger().count("overdue_notice", "task_id = ?", taskId) == 1);

    // and scanning again flags nothing more
    assertThat(overdueScan().flagOverdue(java.time.Instant.now(), 500)).doesNotContain(taskId);

    // and after a restart, scans flag nothing more either
    adapter.close();
    startAdapter();
    SlaWatch watch = adapter.context().getBean(SlaWatch.class);
    await().atMost(Duration.ofSeconds(60)).until(() -> watch.completedScans() >= 2);
    assertThat(ledger().count("overdue_notice", "task_id = ?", taskId)).isEqualTo(1);
    assertThat(ledger().count("overdue_notice", "task_id = ?", closedId)).isZero();

    // when the step is rescheduled to a new due time that also passes, and four scans race
    // (as several adapter instances would) beside the scheduled one
    java.time.Instant due2 = due1.plus(Duration.ofMinutes(30));
    reschedule(client.read().resource(Task.class).withId(taskId).execute(), due2);
    var pool = Executors.newFixedThreadPool(4);
    List<Future<List<String>>> scans = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      scans.add(pool.submit(() -> overdueScan().flagOverdue(java.time.Instant.now(), 500)));
    }
    long flaggedByRacers = 0;
    for (var f : scans) {
      flaggedByRacers += f.get().stream().filter(taskId::equals).count();
    }
    pool.shutdown();

    // then exactly one more notice: one per due time
    assertThat(flaggedByRacers).isLessThanOrEqualTo(1);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> ledger().count("overdue_notice", "task_id = ?", taskId) == 2);
    await().atMost(Duration.ofSeconds(60)).until(() -> ledger().count("outbox_pending", null) == 0);
    try (var events = new TopicTail(kafka.bootstrapServers(), Topics.REFERRAL_EVENTS.name())) {
      var overdue =
          events.toEnd().stream()
              .map(ConsumerRecord::value)
              .filter(ReferralOverdue.class::isInstance)
              .map(ReferralOverdue.class::cast)
              .filter(e -> e.getTaskId().equals(taskId) || e.getTaskId().equals(closedId))
              .toList();
      assertThat(overdue).extracting(ReferralOverdue::getDueAt).containsExactly(due1, due2);
      assertThat(overdue.get(0).getStep()).isEqualTo("accept");
      assertThat(overdue.get(0).getStatus())
          .isEqualTo(org.pathway.events.avro.TaskStatus.REQUESTED);
      assertThat(overdue.get(0).getEnvelope().getReferralId())
          .isEqualTo(task.getFocus().getReferenceElement().getIdPart());
      assertThat(overdue.get(0).getEnvelope().getCorrelationId())
          .isEqualTo(task.getGroupIdentifier().getValue());
    }
    assertThat(v2.getRestriction().getPeriod().getEnd()).isEqualTo(java.util.Date.from(due1));

    // and a Task keeps the due time intake gave it: flagged once that time has passed
    Task fresh = newReferralTask();
    java.time.Instant freshDue = fresh.getRestriction().getPeriod().getEnd().toInstant();
    assertThat(overdueScan().flagOverdue(freshDue.minusSeconds(1), 500))
        .doesNotContain(fresh.getIdElement().getIdPart());
    assertThat(overdueScan().flagOverdue(freshDue, 500)).contains(fresh.getIdElement().getIdPart());
  }

  @Test
  void onlyTheOwnerAcceptsOnlyTheRequesterCancelsAndOnlyAHubReassigns() {
    // given the practice's referral, owned by the link-worker service
    Task task = newReferralTask();
    String path = "/Task/" + task.getIdElement().getIdPart();
    var practice = Api.as(adapter, PRACTICE);
    var worker = Api.as(adapter, LINK_WORKER);

    // the requester cannot accept
    Task accept = task.copy();
    accept.setStatus(TaskStatus.ACCEPTED);
    assertForbidden(practice.put(path, accept, "1"), "Task.status");
    // the owner cannot cancel
    Task cancel = task.copy();
    cancel.setStatus(TaskStatus.CANCELLED);
    cancel.setStatusReason(new CodeableConcept().setText("no longer needed"));
    assertForbidden(worker.put(path, cancel, "1"), "Task.status");
    // the owner cannot hand its Task to another service
    Task handOver = task.copy();
    handOver.setOwner(new Reference("HealthcareService/lw-youth"));
    assertForbidden(worker.put(path, handOver, "1"), "Task.owner");
    // nothing was written by any of those
    assertThat(ledger().count("task_version", "id = ?", task.getIdElement().getIdPart()))
        .isEqualTo(1);

    // a PUT without If-Match is refused 428, naming If-Match
    var unconditional = worker.put(path, accept, null);
    assertThat(unconditional.statusCode()).isEqualTo(428);
    assertThat(Api.outcome(unconditional).getIssueFirstRep().getExpression().get(0).getValue())
        .isEqualTo("If-Match");

    // the owner accepts with a PUT that leaves owner out: the owner is kept, not cleared
    Task acceptWithoutOwner = accept.copy();
    acceptWithoutOwner.setOwner(null);
    var accepted = worker.put(path, acceptWithoutOwner, "1");
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
    assertThat(Api.parse(Task.class, accepted).getOwner().getReference())
        .isEqualTo("HealthcareService/" + LINK_WORKER);

    // a hub whose area covers the service reassigns it; the requester cancels
    Task v2 = Api.parse(Task.class, practice.get(path));
    Task reassign = v2.copy();
    reassign.setOwner(new Reference("HealthcareService/lw-youth"));
    assertThat(Api.as(adapter, "hub-city").put(path, reassign, "2").statusCode()).isEqualTo(200);
    Task v3 = Api.parse(Task.class, practice.get(path));
    assertThat(v3.getOwner().getReference()).isEqualTo("HealthcareService/lw-youth");
    Task cancelV3 = v3.copy();
    cancelV3.setStatus(TaskStatus.CANCELLED);
    cancelV3.setStatusReason(new CodeableConcept().setText("no longer needed"));
    var cancelled = practice.put(path, cancelV3, "3");
    assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
    assertThat(Api.parse(Task.class, cancelled).getStatus()).isEqualTo(TaskStatus.CANCELLED);
  }

  @Test
  void businessIdentifiersAndRequestIdsBelongToTheClientThatSentThem() throws Exception {
    // given practice A's referral under a business identifier and an X-Request-ID
    ServiceRequest fromA = Fixtures.referral("A81001", null);
    String requestId = UUID.randomUUID().toString();
    var a = Api.as(adapter, PRACTICE).with("X-Request-ID", requestId);
    var first = a.post("/ServiceRequest", fromA);
    assertThat(first.statusCode()).isEqualTo(201);
    String locationA = first.headers().firstValue("Location").orElseThrow();

    // when practice B sends its own referral under the same identifier and the same request id
    ServiceRequest fromB = Fixtures.referral("B82002", null);
    fromB.getIdentifierFirstRep().setValue(fromA.getIdentifierFirstRep().getValue());
    var b = Api.as(adapter, "practice-b82002").with("X-Request-ID", requestId);
    var second = b.post("/ServiceRequest", fromB);

    // then B gets a new referral of its own, never A's
    assertThat(second.statusCode()).as(second.body()).isEqualTo(201);
    String locationB = second.headers().firstValue("Location").orElseThrow();
    assertThat(idOf(locationB)).isNotEqualTo(idOf(locationA));
    assertThat(second.body()).doesNotContain(idOf(locationA));
    assertThat(
            ledger()
                .count(
                    "referral", "identifier_value = ?", fromA.getIdentifierFirstRep().getValue()))
        .isEqualTo(2);

    // and each client repeating itself is recognised: A's identifier gives A's original, A's
    // request id is a duplicate
    var repeatIdentifier = Api.as(adapter, PRACTICE).post("/ServiceRequest", fromA);
    assertThat(repeatIdentifier.statusCode()).isEqualTo(200);
    assertThat(repeatIdentifier.headers().firstValue("Location")).contains(locationA);
    assertThat(a.post("/ServiceRequest", Fixtures.referral("A81001", null)).statusCode())
        .isEqualTo(409);
  }

  static void assertForbidden(HttpResponse<String> res, String expression) {
    assertThat(res.statusCode()).as(res.body()).isEqualTo(403);
    var issue = Api.outcome(res).getIssueFirstRep();
    assertThat(issue.getCode()).isEqualTo(OperationOutcome.IssueType.FORBIDDEN);
    assertThat(issue.getExpression().get(0).getValue()).isEqualTo(expression);
  }

  static Task reschedule(Task current, java.time.Instant due) {
    Task moved = current.copy();
    moved.getRestriction().getPeriod().setEnd(java.util.Date.from(due));
    return (Task)
        lw.update().resource(moved).withId(current.getIdElement()).execute().getResource();
  }

  static void assertRefused(Observation o, String expression) {
    assertThatThrownBy(() -> lw.create().resource(o).execute())
        .isInstanceOfSatisfying(
            ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException.class,
            e -> {
              assertThat(e.getStatusCode()).isBetween(400, 499);
              var oo = (OperationOutcome) e.getOperationOutcome();
              assertThat(oo.getIssue())
                  .anyMatch(
                      i ->
                          i.getExpression().stream()
                              .anyMatch(x -> x.getValue().equals(expression)));
            });
  }

  /**
   * A new referral from the practice to the link-worker service; its Task, as the practice sees it.
   */
  Task newReferralTask() {
    return Referrals.refer(client, Fixtures.referral("A81001", "HealthcareService/" + LINK_WORKER));
  }

  static HttpResponse<String> post(String path, String body, String requestId) throws Exception {
    return post(path, body, requestId, PRACTICE);
  }

  static HttpResponse<String> post(String path, String body, String requestId, String clientId)
      throws Exception {
    var b =
        HttpRequest.newBuilder(URI.create(adapter.fhirBase() + path))
            .header("Authorization", adapter.bearer(clientId))
            .header("Content-Type", "application/fhir+json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (requestId != null) {
      b.header("X-Request-ID", requestId);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String idOf(String location) {
    return new org.hl7.fhir.r4.model.IdType(location).getIdPart();
  }

  static boolean isReceivedFor(ConsumerRecord<String, SpecificRecord> r, String referralId) {
    return r.value() instanceof ReferralReceived e && e.getServiceRequestId().equals(referralId);
  }

  static java.util.Optional<ConsumerRecord<String, SpecificRecord>> receivedFor(
      List<ConsumerRecord<String, SpecificRecord>> records, String referralId) {
    return records.stream().filter(r -> isReceivedFor(r, referralId)).findFirst();
  }

  /** A decline reason from the published ValueSet, as every decline must give one. */
  private static CodeableConcept noCapacity() {
    return new CodeableConcept(
        new org.hl7.fhir.r4.model.Coding(
            org.pathway.events.vocabulary.CodeSystems.DECLINE_REASON,
            "no-capacity",
            "No places available"));
  }
}
