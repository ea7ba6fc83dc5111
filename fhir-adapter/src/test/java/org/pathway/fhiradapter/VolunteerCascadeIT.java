package org.pathway.fhiradapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.hl7.fhir.r4.model.UnsignedIntType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.access.links.LinkHeaders;
import org.pathway.access.links.LinkPurpose;
import org.pathway.events.avro.ReferralCancelled;
import org.pathway.events.avro.ReferralOverdue;
import org.pathway.events.topics.Topics;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.events.vocabulary.Extensions;
import org.pathway.fhiradapter.ledger.Visibility;
import org.pathway.fhiradapter.support.Adapter;
import org.pathway.fhiradapter.support.Api;
import org.pathway.fhiradapter.support.Fixtures;
import org.pathway.fhiradapter.support.Links;
import org.pathway.localkafka.KafkaCluster;
import org.pathway.localkafka.KafkaClusters;
import org.pathway.testsupport.database.TestDatabase;
import org.pathway.testsupport.kafka.TopicTail;
import org.pathway.testsupport.time.MovableClock;

/**
 * A volunteer cascade over HTTP with access on, real Kafka and PostgreSQL: the council's request
 * for practical help goes to a community hub, which passes it to a street coordinator, who passes
 * it to a volunteer answering from a signed link. Each hop is a child Task with its own owner; the
 * council sees where the whole cascade stands on its own Task (the roll-up), never the Tasks of the
 * others; its withdrawal cancels every level and revokes the volunteer's link; an overdue step at
 * the third level is flagged by the SLA watch.
 */
class VolunteerCascadeIT {

  static final String COUNCIL = "council-leeds";
  static final String HUB = "hub-chapeltown";
  static final String COORDINATOR = "street-coord-ls7";
  static final String VOLUNTEER = "volunteer-amina";
  static final Duration WAIT = Duration.ofSeconds(60);

  static KafkaCluster kafka;
  static TestDatabase db;
  static MovableClock clock;
  static Adapter adapter;

  @BeforeAll
  static void start() {
    kafka = KafkaClusters.forTestClass();
    kafka.createTopics(Topics.all().stream().map(t -> t.toNewTopic((short) 1)).toList());
    db = TestDatabase.create("fhir_adapter");
    clock = new MovableClock(Instant.now());
    adapter =
        Adapter.start(
            db, kafka.bootstrapServers(), Map.of("pathway.sla.scan-interval", "100ms"), clock);
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

  /** The three Tasks of one cascade, top first, and the volunteer's signed link. */
  record Cascade(String referralId, Task hub, Task coordinator, Task volunteer, String link) {}

  @Test
  void theCouncilSeesTheWholeCascadeOnItsOwnTask() {
    // given the council's request passed from the hub to a street coordinator and on to a
    // volunteer, who accepts it from their link
    Cascade c = cascade();
    Task accepted = c.volunteer().copy();
    accepted.setStatus(TaskStatus.ACCEPTED);
    ok(volunteerLink(c).put("/Task/" + id(c.volunteer()), accepted, "1"));

    // when the council reads its Task, then the roll-up shows three levels, all open, and the
    // volunteer holding the request
    Extension rollUp = rollUpAsCouncil(c);
    assertThat(count(rollUp, Extensions.ROLLUP_LEVELS)).isEqualTo(3);
    assertThat(count(rollUp, Extensions.ROLLUP_OPEN)).isEqualTo(3);
    assertThat(count(rollUp, Extensions.ROLLUP_OVERDUE)).isZero();
    assertThat(code(rollUp)).isEqualTo("accepted");
    assertThat(owner(rollUp)).isEqualTo("HealthcareService/" + VOLUNTEER);
    // and the council reaches the volunteer's Task only through the roll-up
    assertThat(Api.as(adapter, COUNCIL).get("/Task/" + id(c.volunteer())).statusCode())
        .isEqualTo(404);

    // when the volunteer reports the prescription delivered
    Task read = Api.parse(Task.class, volunteerLink(c).get("/Task/" + id(c.volunteer())));
    Task done = read.copy();
    done.setStatus(TaskStatus.COMPLETED);
    done.addOutput()
        .setType(new CodeableConcept().setText("outcome"))
        .setValue(new StringType("prescription delivered"));
    ok(volunteerLink(c).put("/Task/" + id(c.volunteer()), done, read.getMeta().getVersionId()));

    // then the council sees that step done and the request back with the street coordinator
    rollUp = rollUpAsCouncil(c);
    assertThat(count(rollUp, Extensions.ROLLUP_COMPLETED)).isEqualTo(1);
    assertThat(count(rollUp, Extensions.ROLLUP_OPEN)).isEqualTo(2);
    assertThat(owner(rollUp)).isEqualTo("HealthcareService/" + COORDINATOR);
    // and the hub sees the same roll-up of its part on its own Task
    Task atHub = Api.parse(Task.class, Api.as(adapter, HUB).get("/Task/" + id(c.hub())));
    assertThat(count(atHub.getExtensionByUrl(Extensions.CASCADE_ROLLUP), Extensions.ROLLUP_LEVELS))
        .isEqualTo(3);
  }

  @Test
  void aGroupPassesOnOnlyTheTasksItHoldsAndOnlyForTheirPerson() {
    Cascade c = cascade();

    // a hub or a street coordinator starting a referral of its own: refused
    var own = Fixtures.referral("hub-chapeltown", "HealthcareService/" + COORDINATOR);
    assertThat(Api.as(adapter, HUB).post("/ServiceRequest", own).statusCode()).isEqualTo(403);
    var ownToo = Fixtures.referral("street-coord-ls7", "HealthcareService/" + VOLUNTEER);
    assertThat(Api.as(adapter, COORDINATOR).post("/ServiceRequest", ownToo).statusCode())
        .isEqualTo(403);
    // the hub passing on its coordinator's Task (which it sees, but does not hold): refused
    var notItsOwn =
        onward(focusOf(c.coordinator()), c.coordinator().getFor().getReference(), HUB, VOLUNTEER);
    assertThat(Api.as(adapter, HUB).post("/ServiceRequest", notItsOwn).statusCode()).isEqualTo(403);
    // the coordinator passing on the hub's Task: not found (not its to see)
    var notSeen = onward(focusOf(c.hub()), c.hub().getFor().getReference(), COORDINATOR, VOLUNTEER);
    assertThat(Api.as(adapter, COORDINATOR).post("/ServiceRequest", notSeen).statusCode())
        .isEqualTo(404);
    // the coordinator passing on its Task for the person of another of its Tasks: refused at the
    // subject, so no one is attached to a request that is not theirs
    Cascade other = cascade();
    var someoneElse =
        onward(
            focusOf(c.coordinator()),
            other.coordinator().getFor().getReference(),
            COORDINATOR,
            VOLUNTEER);
    var refused = Api.as(adapter, COORDINATOR).post("/ServiceRequest", someoneElse);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
    assertThat(Api.outcome(refused).getIssueFirstRep().getExpression().get(0).getValue())
        .isEqualTo("ServiceRequest.subject");
  }

  @Test
  void theCouncilsWithdrawalCancelsEveryLevelAndRevokesTheVolunteersLink() {
    // given a three-level cascade
    Cascade c = cascade();

    // when the council withdraws its request
    ServiceRequest sr =
        Api.parse(
            ServiceRequest.class,
            Api.as(adapter, COUNCIL).get("/ServiceRequest/" + c.referralId()));
    sr.setStatus(ServiceRequest.ServiceRequestStatus.REVOKED);
    ok(Api.as(adapter, COUNCIL).put("/ServiceRequest/" + c.referralId(), sr, "1"));

    // then every level is cancelled
    for (Task t : List.of(c.hub(), c.coordinator(), c.volunteer())) {
      assertThat(adapter.ledger().readTask(id(t), Visibility.EVERYTHING).orElseThrow().getStatus())
          .as("Task at %s", t.getOwner().getReference())
          .isEqualTo(TaskStatus.CANCELLED);
    }
    // and the cancellation names both levels below, so the router tells each owner
    ReferralCancelled cancelled =
        event(ReferralCancelled.class, e -> e.getTaskId().equals(id(c.hub())));
    assertThat(cancelled.getCascadedTaskIds())
        .containsExactly(id(c.coordinator()), id(c.volunteer()));
    // and the volunteer's link no longer answers
    Links.assertRefused(volunteerLink(c).get("/Task/" + id(c.volunteer())), "revoked");
    // and the roll-up shows the whole cascade closed
    Extension rollUp = rollUpAsCouncil(c);
    assertThat(count(rollUp, Extensions.ROLLUP_OPEN)).isZero();
    assertThat(count(rollUp, Extensions.ROLLUP_CLOSED)).isEqualTo(3);
  }

  @Test
  void anOverdueStepAtTheThirdLevelIsFlaggedAndRolledUp() {
    // given a cascade whose volunteer never answers
    Cascade c = cascade();
    Instant started = clock.instant();
    try {
      // when the volunteer's step is long past due
      clock.advance(Duration.ofDays(30));

      // then the SLA watch flags the volunteer's Task
      ReferralOverdue overdue =
          event(ReferralOverdue.class, e -> e.getTaskId().equals(id(c.volunteer())));
      assertThat(overdue.getTaskId()).isEqualTo(id(c.volunteer()));
      // and the council sees that one step overdue: the levels above passed it on and are on
      // their completion step, due weeks later
      assertThat(count(rollUpAsCouncil(c), Extensions.ROLLUP_OVERDUE)).isEqualTo(1);
    } finally {
      clock.set(started);
    }
  }

  // --- the cascade, built as each party would ---

  /** Council → hub (by API) → street coordinator (by API) → volunteer (a signed link). */
  static Cascade cascade() {
    // the council asks the community hub to collect a prescription for someone isolating
    ServiceRequest request =
        Fixtures.parse(ServiceRequest.class, "community/council-referral-without-nhs-number.json");
    request.getIdentifierFirstRep().setValue(UUID.randomUUID().toString());
    request.getCategoryFirstRep().getCodingFirstRep().setCode("practical-support");
    request.addPerformer(new Reference("HealthcareService/" + HUB));
    var created = Api.as(adapter, COUNCIL).post("/ServiceRequest", request);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String referralId = Api.parse(ServiceRequest.class, created).getIdElement().getIdPart();
    Task hubTask = only(Api.as(adapter, COUNCIL).get("/Task?focus=ServiceRequest/" + referralId));

    Task coordinatorTask = passOn(HUB, hubTask, COORDINATOR);
    Task volunteerTask = passOn(COORDINATOR, coordinatorTask, VOLUNTEER);
    String link = Links.link(id(volunteerTask), VOLUNTEER, LinkPurpose.FACILITATOR);
    return new Cascade(referralId, hubTask, coordinatorTask, volunteerTask, link);
  }

  /** {@code from} accepts its Task and passes it on to {@code to}; returns the child Task. */
  static Task passOn(String from, Task task, String to) {
    Task accepted = task.copy();
    accepted.setStatus(TaskStatus.ACCEPTED);
    ok(Api.as(adapter, from).put("/Task/" + id(task), accepted, task.getMeta().getVersionId()));
    var sent =
        Api.as(adapter, from)
            .post("/ServiceRequest", onward(focusOf(task), task.getFor().getReference(), from, to));
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
    Task child = only(Api.as(adapter, from).get("/Task?part-of=Task/" + id(task)));
    assertThat(child.getOwner().getReference()).isEqualTo("HealthcareService/" + to);
    return child;
  }

  static ServiceRequest onward(String basedOn, String person, String from, String to) {
    ServiceRequest sr = Fixtures.onward(basedOn, person, from, to);
    sr.getCode().getCoding().clear();
    sr.getCode()
        .setText("Collect a prescription from the pharmacy and drop it round")
        .addCoding()
        .setSystem(CodeSystems.NEED)
        .setCode("practical-support");
    sr.getReasonCode().clear();
    return sr;
  }

  static Api volunteerLink(Cascade c) {
    return Api.as(adapter, "portal").with(LinkHeaders.LINK, c.link());
  }

  static Extension rollUpAsCouncil(Cascade c) {
    var res = Api.as(adapter, COUNCIL).get("/Task/" + id(c.hub()));
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    Extension rollUp = Api.parse(Task.class, res).getExtensionByUrl(Extensions.CASCADE_ROLLUP);
    assertThat(rollUp).as("the council's Task carries the roll-up").isNotNull();
    return rollUp;
  }

  static int count(Extension rollUp, String part) {
    return ((UnsignedIntType) rollUp.getExtensionByUrl(part).getValue()).getValue();
  }

  static String code(Extension rollUp) {
    return rollUp.getExtensionByUrl(Extensions.ROLLUP_CURRENT).getValue().primitiveValue();
  }

  static String owner(Extension rollUp) {
    return ((Reference) rollUp.getExtensionByUrl(Extensions.ROLLUP_CURRENT_OWNER).getValue())
        .getReference();
  }

  static Task only(HttpResponse<String> res) {
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    var bundle = Api.bundle(res);
    assertThat(bundle.getEntry()).hasSize(1);
    return (Task) bundle.getEntryFirstRep().getResource();
  }

  static void ok(HttpResponse<String> res) {
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
  }

  static String id(Task t) {
    return t.getIdElement().getIdPart();
  }

  static String focusOf(Task t) {
    return t.getFocus().getReferenceElement().getIdPart();
  }

  /** The first event of {@code type} on the referral events topic that {@code which} matches. */
  static <T extends SpecificRecord> T event(Class<T> type, java.util.function.Predicate<T> which) {
    try (var events = new TopicTail(kafka.bootstrapServers(), Topics.REFERRAL_EVENTS.name())) {
      List<ConsumerRecord<String, SpecificRecord>> seen =
          events.until(rs -> rs.stream().anyMatch(r -> matches(r, type, which)), WAIT);
      return seen.stream()
          .filter(r -> matches(r, type, which))
          .map(r -> type.cast(r.value()))
          .findFirst()
          .orElseThrow();
    }
  }

  private static <T> boolean matches(
      ConsumerRecord<String, SpecificRecord> r, Class<T> type, java.util.function.Predicate<T> p) {
    return type.isInstance(r.value()) && p.test(type.cast(r.value()));
  }
}
