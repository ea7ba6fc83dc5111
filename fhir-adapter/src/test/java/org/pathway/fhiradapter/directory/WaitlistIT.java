package org.pathway.fhiradapter.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.CapacityStatus;
import org.pathway.events.avro.GroupCapacityReported;
import org.pathway.events.avro.OnwardReferralCreated;
import org.pathway.events.avro.TaskStatusChanged;
import org.pathway.events.topics.Topics;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.events.vocabulary.Extensions;
import org.pathway.fhiradapter.support.Adapter;
import org.pathway.fhiradapter.support.Api;
import org.pathway.fhiradapter.support.Fixtures;
import org.pathway.localkafka.KafkaCluster;
import org.pathway.localkafka.KafkaClusters;
import org.pathway.testsupport.database.TestDatabase;
import org.pathway.testsupport.kafka.TopicTail;

/**
 * Pathway counts a group's places and keeps its waitlist, over the API with access control on: an
 * accepted member takes the one place, the next person waits with a position the link worker sees,
 * a member finishing offers the place to the first person waiting; a full group without a waitlist
 * refuses with a coded reason; two accepts for the last place give it to one of them.
 */
class WaitlistIT {

  static final String PRACTICE = "practice-a81001";
  static final String LINK_WORKER = "lw-city";

  /** group-a is walking-group-ls6: one place in the feed, a waitlist open. */
  static final String WALK = "walking-group-ls6";

  /** group-b is allotment-friends: no place in the feed, no waitlist. */
  static final String ALLOTMENT = "allotment-friends";

  static KafkaCluster kafka;
  static TestDatabase db;
  static Adapter adapter;
  static TopicTail capacityTopic;
  static TopicTail referralEvents;

  @BeforeAll
  static void start() throws Exception {
    kafka = KafkaClusters.forTestClass();
    kafka.createTopics(Topics.all().stream().map(t -> t.toNewTopic((short) 1)).toList());
    db = TestDatabase.create("fhir_adapter");
    Path feed =
        Path.of(
            WaitlistIT.class.getClassLoader().getResource("directory/waitlist-feed.json").toURI());
    adapter =
        Adapter.start(
            db, kafka.bootstrapServers(), Map.of("pathway.directory.feed", feed.toString()));
    capacityTopic = new TopicTail(kafka.bootstrapServers(), Topics.DIRECTORY_CAPACITY.name());
    referralEvents = new TopicTail(kafka.bootstrapServers(), Topics.REFERRAL_EVENTS.name());
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c :
        new AutoCloseable[] {capacityTopic, referralEvents, adapter, kafka, db}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          // closing everything else matters more
        }
      }
    }
  }

  static Api as(String clientId) {
    return Api.as(adapter, clientId);
  }

  @Test
  void aFullGroupsWaitlistReceivesTheNextPersonWhenAPlaceFrees() {
    // given member A referred on to the walking group (one place) and accepted by the group
    String a = referOn(WALK);
    assertThat(read(LINK_WORKER, a).getStatus()).isEqualTo(TaskStatus.REQUESTED);
    var accepted = answer("group-a", a, TaskStatus.ACCEPTED);
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);

    // then the place is taken: the group shows none left, and the router is told
    HealthcareService walk = service(WALK);
    assertThat(part(walk, Extensions.PLACES_LEFT)).isEqualTo("0");
    assertThat(part(walk, Extensions.STATUS)).isEqualTo("no-capacity-has-waitlist");
    GroupCapacityReported taken = counted(a);
    assertThat(taken.getPlacesLeft()).isZero();
    assertThat(taken.getStatus()).isEqualTo(CapacityStatus.NO_CAPACITY_HAS_WAITLIST);
    assertThat(taken.getVersion()).isEqualTo(Integer.parseInt(walk.getMeta().getVersionId()));

    // when members B and C are referred on to the full group
    String b = referOn(WALK);
    String c = referOn(WALK);

    // then each waits on the group's waitlist, in order, and the link worker sees where
    Task bSeen = read(LINK_WORKER, b);
    assertThat(bSeen.getStatus()).isEqualTo(TaskStatus.ONHOLD);
    assertThat(businessStatus(bSeen)).isEqualTo("waitlisted");
    assertThat(position(bSeen)).isEqualTo(1);
    assertThat(position(read(LINK_WORKER, c))).isEqualTo(2);
    // and nothing is overdue while they wait
    assertThat(bSeen.getRestriction().getPeriod().hasEnd()).isFalse();
    // and the router hears the onward referral as the ledger decided it
    OnwardReferralCreated bCreated = onwardCreated(b);
    assertThat(bCreated.getTaskStatus()).isEqualTo(org.pathway.events.avro.TaskStatus.ON_HOLD);
    assertThat(bCreated.getWaitlistPosition()).isEqualTo(1);
    assertThat(bCreated.getGroupCapacity()).isEqualTo(CapacityStatus.NO_CAPACITY_HAS_WAITLIST);
    // and the group sees the position too, without clinical content
    assertThat(position(read("group-a", b))).isEqualTo(1);

    // when A finishes
    Task finished = read("group-a", a);
    finished.setStatus(TaskStatus.COMPLETED);
    finished
        .addOutput()
        .setType(new CodeableConcept().setText("finished"))
        .setValue(new StringType("finished-group"));
    var done = as("group-a").put("/Task/" + a, finished, finished.getMeta().getVersionId());
    assertThat(done.statusCode()).as(done.body()).isEqualTo(200);

    // then B is offered the freed place: requested again, place-offered, no position, a due time
    Task bOffered = read(LINK_WORKER, b);
    assertThat(bOffered.getStatus()).isEqualTo(TaskStatus.REQUESTED);
    assertThat(businessStatus(bOffered)).isEqualTo("place-offered");
    assertThat(position(bOffered)).isNull();
    assertThat(bOffered.getRestriction().getPeriod().hasEnd()).isTrue();
    // and C moves up one
    assertThat(position(read(LINK_WORKER, c))).isEqualTo(1);
    // and the offer is announced as B's Task change
    TaskStatusChanged offer =
        awaitEvent(
            TaskStatusChanged.class,
            e ->
                e.getTaskId().equals(b)
                    && e.getStatus() == org.pathway.events.avro.TaskStatus.REQUESTED);
    assertThat(offer.getPreviousStatus()).isEqualTo(org.pathway.events.avro.TaskStatus.ON_HOLD);
    assertThat(offer.getBusinessStatus().getCode()).isEqualTo("place-offered");
    // and the place is B's: none left for anyone arriving later
    assertThat(part(service(WALK), Extensions.PLACES_LEFT)).isEqualTo("0");

    // when the group accepts B, B keeps the place it was offered; nothing more is counted
    int versionBefore = Integer.parseInt(service(WALK).getMeta().getVersionId());
    var bAccepted = answer("group-a", b, TaskStatus.ACCEPTED);
    assertThat(bAccepted.statusCode()).as(bAccepted.body()).isEqualTo(200);
    assertThat(Api.parse(Task.class, bAccepted).getStatus()).isEqualTo(TaskStatus.ACCEPTED);
    assertThat(Integer.parseInt(service(WALK).getMeta().getVersionId())).isEqualTo(versionBefore);

    // and when the link worker withdraws C, the waitlist is empty
    Task cNow = read(LINK_WORKER, c);
    cNow.setStatus(TaskStatus.CANCELLED);
    cNow.setStatusReason(new CodeableConcept().setText("found another group"));
    var cancelled = as(LINK_WORKER).put("/Task/" + c, cNow, cNow.getMeta().getVersionId());
    assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
    assertThat(adapter.ledger().count("group_waitlist", "group_id = ?", WALK)).isZero();
  }

  @Test
  void aFullGroupWithoutAWaitlistRefusesWithAReasonAndTwoAcceptsForItsLastPlaceGiveItToOne()
      throws Exception {
    // given no place at the allotment group and no waitlist
    // when the link worker refers someone on to it
    String refused = referOn(ALLOTMENT);

    // then the group's Task is rejected for no capacity, never left requested
    Task seen = read(LINK_WORKER, refused);
    assertThat(seen.getStatus()).isEqualTo(TaskStatus.REJECTED);
    var reason = seen.getStatusReason().getCodingFirstRep();
    assertThat(reason.getSystem()).isEqualTo(CodeSystems.DECLINE_REASON);
    assertThat(reason.getCode()).isEqualTo("no-capacity");
    assertThat(seen.getRestriction().getPeriod().hasEnd()).isFalse();
    assertThat(onwardCreated(refused).getTaskStatus())
        .isEqualTo(org.pathway.events.avro.TaskStatus.REJECTED);

    // given the group reports one place, and two people referred on to it
    HealthcareService allotment = service(ALLOTMENT);
    var report =
        as("group-b")
            .put(
                "/HealthcareService/" + ALLOTMENT,
                CapacityIT.reporting(allotment, null, 1, false),
                allotment.getMeta().getVersionId());
    assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
    String x = referOn(ALLOTMENT);
    String y = referOn(ALLOTMENT);
    assertThat(read(LINK_WORKER, x).getStatus()).isEqualTo(TaskStatus.REQUESTED);
    assertThat(read(LINK_WORKER, y).getStatus()).isEqualTo(TaskStatus.REQUESTED);

    // when the group accepts both at the same moment
    Task xView = read("group-b", x);
    Task yView = read("group-b", y);
    xView.setStatus(TaskStatus.ACCEPTED);
    yView.setStatus(TaskStatus.ACCEPTED);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CountDownLatch go = new CountDownLatch(1);
    try {
      var fx =
          CompletableFuture.supplyAsync(
              () -> awaitThen(go, () -> as("group-b").put("/Task/" + x, xView, "1")), pool);
      var fy =
          CompletableFuture.supplyAsync(
              () -> awaitThen(go, () -> as("group-b").put("/Task/" + y, yView, "1")), pool);
      go.countDown();
      List<Integer> statuses = List.of(fx.get().statusCode(), fy.get().statusCode());

      // then one gets the place and the other is refused, saying why
      assertThat(statuses).containsExactlyInAnyOrder(200, 409);
      var refusal = fx.get().statusCode() == 409 ? fx.get() : fy.get();
      assertThat(Api.outcome(refusal).getIssueFirstRep().getDiagnostics())
          .contains("no place left");
    } finally {
      pool.shutdownNow();
    }
    List<TaskStatus> after =
        List.of(read(LINK_WORKER, x).getStatus(), read(LINK_WORKER, y).getStatus());
    assertThat(after).containsExactlyInAnyOrder(TaskStatus.ACCEPTED, TaskStatus.REQUESTED);
    assertThat(adapter.ledger().count("group_place", "group_id = ?", ALLOTMENT)).isEqualTo(1);
    assertThat(part(service(ALLOTMENT), Extensions.PLACES_LEFT)).isEqualTo("0");
    assertThat(part(service(ALLOTMENT), Extensions.STATUS)).isEqualTo("no-capacity");
  }

  // --- helpers ---

  /**
   * A new referral to lw-city, accepted by it and referred on to {@code group}: the group's Task.
   */
  static String referOn(String group) {
    var created =
        as(PRACTICE)
            .post(
                "/ServiceRequest", Fixtures.referral("A81001", "HealthcareService/" + LINK_WORKER));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String srId = Api.parse(ServiceRequest.class, created).getIdElement().getIdPart();
    Bundle found = Api.bundle(as(PRACTICE).get("/Task?focus=ServiceRequest/" + srId));
    Task parent = (Task) found.getEntryFirstRep().getResource();
    String parentId = parent.getIdElement().getIdPart();
    Task accept = parent.copy();
    accept.setStatus(TaskStatus.ACCEPTED);
    var accepted = as(LINK_WORKER).put("/Task/" + parentId, accept, "1");
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
    var onward =
        as(LINK_WORKER)
            .post(
                "/ServiceRequest",
                Fixtures.onward(srId, parent.getFor().getReference(), LINK_WORKER, group));
    assertThat(onward.statusCode()).as(onward.body()).isEqualTo(201);
    Bundle children = Api.bundle(as(LINK_WORKER).get("/Task?part-of=Task/" + parentId));
    assertThat(children.getEntry()).hasSize(1);
    return children.getEntryFirstRep().getResource().getIdElement().getIdPart();
  }

  static Task read(String clientId, String taskId) {
    var res = as(clientId).get("/Task/" + taskId);
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    return Api.parse(Task.class, res);
  }

  /** The group, as owner, moves its Task to {@code status} from the version it reads. */
  static HttpResponse<String> answer(String group, String taskId, TaskStatus status) {
    Task view = read(group, taskId);
    view.setStatus(status);
    return as(group).put("/Task/" + taskId, view, view.getMeta().getVersionId());
  }

  static HealthcareService service(String id) {
    var res = as(LINK_WORKER).get("/HealthcareService/" + id);
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    return Api.parse(HealthcareService.class, res);
  }

  static Object part(HealthcareService hs, String name) {
    Extension part = hs.getExtensionByUrl(Extensions.GROUP_CAPACITY).getExtensionByUrl(name);
    return part == null ? null : part.getValue().primitiveValue();
  }

  static Integer position(Task task) {
    var ext = task.getExtensionByUrl(Extensions.WAITLIST_POSITION);
    return ext == null ? null : Integer.valueOf(ext.getValue().primitiveValue());
  }

  static String businessStatus(Task task) {
    return task.getBusinessStatus().getCodingFirstRep().getCode();
  }

  static GroupCapacityReported counted(String taskId) {
    capacityTopic.awaitEvents(
        es ->
            es.stream()
                .anyMatch(
                    e ->
                        e instanceof GroupCapacityReported g
                            && taskId.equals(g.getCountedForTaskId())),
        Duration.ofSeconds(30));
    return capacityTopic.events(GroupCapacityReported.class).stream()
        .filter(g -> taskId.equals(g.getCountedForTaskId()))
        .findFirst()
        .orElseThrow();
  }

  static OnwardReferralCreated onwardCreated(String taskId) {
    return awaitEvent(OnwardReferralCreated.class, e -> e.getTaskId().equals(taskId));
  }

  static <T extends org.apache.avro.specific.SpecificRecord> T awaitEvent(
      Class<T> type, java.util.function.Predicate<T> which) {
    referralEvents.awaitEvents(
        es -> es.stream().anyMatch(e -> type.isInstance(e) && which.test(type.cast(e))),
        Duration.ofSeconds(30));
    return referralEvents.events(type).stream().filter(which).findFirst().orElseThrow();
  }

  static <T> T awaitThen(CountDownLatch go, java.util.function.Supplier<T> then) {
    try {
      go.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return then.get();
  }
}
