package org.pathway.router.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.pathway.access.links.LinkPurpose;
import org.pathway.access.links.SignedLink;
import org.pathway.events.avro.ActorKind;
import org.pathway.events.avro.Audience;
import org.pathway.events.avro.Channel;
import org.pathway.events.avro.Coding;
import org.pathway.events.avro.ConsentParty;
import org.pathway.events.avro.ConsentState;
import org.pathway.events.avro.ConsentSummary;
import org.pathway.events.avro.ContactMethod;
import org.pathway.events.avro.EventEnvelope;
import org.pathway.events.avro.MeasurementTiming;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.avro.OverdueRung;
import org.pathway.events.avro.PersonSummary;
import org.pathway.events.avro.ReferralCancelled;
import org.pathway.events.avro.ReferralOverdue;
import org.pathway.events.avro.ReferralReceived;
import org.pathway.events.avro.RoutingAction;
import org.pathway.events.avro.RoutingDecisionMade;
import org.pathway.events.avro.TaskStatus;
import org.pathway.events.avro.TaskStatusChanged;
import org.pathway.events.notifications.NotificationTemplates;
import org.pathway.events.serde.EventHeaders;
import org.pathway.events.topics.Topics;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.router.Fixtures;
import org.pathway.router.TestClock;
import org.pathway.router.TestLinks;
import org.pathway.router.routes.RouteIds;
import org.pathway.testsupport.database.TestDatabase;
import org.pathway.testsupport.kafka.TopicTail;
import org.pathway.testsupport.metrics.Prometheus;

/** Every route by its id, on a real broker and a real database. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReferralRoutingIT {

  private RouterHarness harness;
  private final TestClock clock = new TestClock();
  private ApplicationContext router;
  private TopicTail decisions;
  private TopicTail notifications;
  private TopicTail deadLetters;

  @BeforeAll
  void start() {
    harness = new RouterHarness();
    // As embedded PostgreSQL (dev mode) defaults to, whatever this server's own default
    harness.database.commitWithoutFlushByDefault();
    router = harness.startRouter("it-1", clock);
    decisions = harness.tail(Topics.ROUTING_DECISIONS);
    notifications = harness.tail(Topics.NOTIFICATION_REQUESTS);
    deadLetters = harness.tail(Topics.ROUTER_DEAD_LETTERS);
  }

  @AfterAll
  void stop() throws Exception {
    // The application goes before the broker, or its clients retry a dead broker on the way out.
    if (router != null) {
      router.close();
    }
    for (TopicTail tail : new TopicTail[] {decisions, notifications, deadLetters}) {
      if (tail != null) {
        tail.close();
      }
    }
    if (harness != null) {
      harness.close();
    }
  }

  private RoutingDecisionMade decisionFor(String causeEventId) {
    await().atMost(Duration.ofSeconds(60)).until(() -> !decisionsFor(causeEventId).isEmpty());
    return decisionsFor(causeEventId).get(0);
  }

  private List<RoutingDecisionMade> decisionsFor(String causeEventId) {
    return decisions.events(RoutingDecisionMade.class).stream()
        .filter(d -> causeEventId.equals(d.getEnvelope().getCausationId()))
        .toList();
  }

  private List<NotificationRequested> notificationsFor(String causeEventId) {
    return notifications.events(NotificationRequested.class).stream()
        .filter(n -> causeEventId.equals(n.getEnvelope().getCausationId()))
        .toList();
  }

  @Test
  void everyCommitOfTheRoutersMemoryWaitsForItsFlush() throws Exception {
    // Its memory must be durable before the decisions it explains are published, even on a
    // server whose sessions do not wait by default (the database was set so before the start).
    try (Connection session = router.getBean(DataSource.class).getConnection()) {
      assertThat(TestDatabase.synchronousCommit(session)).isEqualTo("on");
    }
    try (Connection plain = harness.database.connect()) {
      assertThat(TestDatabase.synchronousCommit(plain))
          .as("the database's default")
          .isEqualTo("off");
    }
  }

  @Test
  void triagesANewReferralAndTellsItsLinkWorkerServiceOnceTheLedgerMakesItOwner() throws Exception {
    ReferralReceived referral = Fixtures.referral("it-triage").setPcnCode("U12345").build();
    String eventId = referral.getEnvelope().getEventId().toString();

    harness.send(referral);

    RoutingDecisionMade decision = decisionFor(eventId);
    assertThat(decision.getAction()).isEqualTo(RoutingAction.ASSIGN_OWNER);
    assertThat(decision.getRuleId()).isEqualTo("north-pcn");
    assertThat(decision.getTarget().getReference()).isEqualTo("HealthcareService/lw-north");
    assertThat(decision.getTaskId()).isEqualTo("task-it-triage");
    ConsumerRecord<String, byte[]> record =
        decisions.records().stream()
            .filter(
                r ->
                    decision
                        .getEnvelope()
                        .getEventId()
                        .toString()
                        .equals(EventHeaders.get(r.headers(), EventHeaders.EVENT_ID)))
            .findFirst()
            .orElseThrow();
    assertThat(record.key()).isEqualTo("it-triage");

    // when the ledger announces the owner that decision set, twice (an outbox relay repeating it)
    TaskStatusChanged owned =
        Fixtures.taskChange("it-triage", TaskStatus.REQUESTED, TaskStatus.REQUESTED)
            .setEnvelope(
                EventEnvelope.newBuilder(Fixtures.envelope("it-triage"))
                    .setCausationId(decision.getEnvelope().getEventId().toString())
                    .build())
            .setOwner(decision.getTarget())
            .setChangedBy(Fixtures.actor(ActorKind.SYSTEM, "Device/router", "router"))
            .build();
    String ownedId = owned.getEnvelope().getEventId().toString();
    harness.send(owned);
    harness.send(owned);
    // a later event of the same referral (same partition) proves both were fully decided
    var accepted =
        Fixtures.taskChange("it-triage", TaskStatus.REQUESTED, TaskStatus.ACCEPTED).build();
    String laterId = accepted.getEnvelope().getEventId().toString();
    harness.send(accepted);
    await().atMost(Duration.ofSeconds(60)).until(() -> !notificationsFor(laterId).isEmpty());

    // then triage told no one, and the announcement told the service once
    assertThat(notificationsFor(eventId)).isEmpty();
    assertThat(notificationsFor(ownedId)).hasSize(1);
    NotificationRequested note = notificationsFor(ownedId).get(0);
    assertThat(note.getAudience()).isEqualTo(Audience.LINK_WORKER);
    assertThat(note.getTemplateId()).isEqualTo(NotificationTemplates.LINK_WORKER_NEW_REFERRAL.id());
    assertThat(note.getRecipient().getAddress()).isEqualTo("north-lw@example.org");
    // remembered from the referral, which the announcement does not carry
    assertThat(note.getFields())
        .containsEntry("personName", "Alex Jones")
        .containsEntry("contactPhone", "+447700900999")
        .containsEntry("referralReason", "loneliness")
        .containsEntry("dueDate", "2026-11-09T10:00:00Z");
    // The link worker answers from the message: a signed link to the routed Task, for lw-north.
    SignedLink link =
        TestLinks.verify(note.getFields().get("respondUrl"), owned.getEnvelope().getOccurredAt());
    assertThat(link.taskId()).isEqualTo("task-it-triage");
    assertThat(link.recipient()).isEqualTo("lw-north");
    assertThat(link.purpose()).isEqualTo(LinkPurpose.LINK_WORKER);
  }

  @Test
  void tellsTheLinkWorkerWhoReferredOnThatTheGroupAccepted() throws Exception {
    // given the router saw the referral and the onward referral to the group
    harness.send(Fixtures.referral("it-answer").build());
    var onward = Fixtures.onwardReferral("it-answer", "walk-and-talk");
    harness.send(onward);
    decisionFor(onward.getEnvelope().getEventId().toString());

    // when the group's Task is accepted (the facilitator answered)
    var accepted =
        Fixtures.groupTaskChange(
                "it-answer", "walk-and-talk", TaskStatus.REQUESTED, TaskStatus.ACCEPTED)
            .build();
    String eventId = accepted.getEnvelope().getEventId().toString();
    harness.send(accepted);

    // then the link worker hears it, with a link to their own Task
    await().atMost(Duration.ofSeconds(30)).until(() -> !notificationsFor(eventId).isEmpty());
    assertThat(notificationsFor(eventId)).hasSize(1);
    NotificationRequested note = notificationsFor(eventId).get(0);
    assertThat(note.getTemplateId()).isEqualTo("link-worker-group-answer");
    assertThat(note.getRecipient().getAddress()).isEqualTo("north-lw@example.org");
    assertThat(note.getFields())
        .containsEntry("answer", "accepted")
        .containsEntry("personName", "Alex Jones")
        .containsEntry("taskId", "task-it-answer");
    SignedLink link =
        TestLinks.verify(
            note.getFields().get("respondUrl"), accepted.getEnvelope().getOccurredAt());
    assertThat(link.taskId()).isEqualTo("task-it-answer");
    assertThat(link.recipient()).isEqualTo("lw-north");
    assertThat(link.purpose()).isEqualTo(LinkPurpose.LINK_WORKER);
  }

  @Test
  void tellsTheFacilitatorAndTheLinkWorkerWhenAPlaceIsOfferedFromTheWaitlist() throws Exception {
    // given the router saw the referral and the onward referral the ledger put on the waitlist
    harness.send(Fixtures.referral("it-offer").build());
    var onward = Fixtures.onwardReferral("it-offer", "allotment-friends");
    onward.setTaskStatus(TaskStatus.ON_HOLD);
    onward.setWaitlistPosition(1);
    harness.send(onward);
    assertThat(decisionFor(onward.getEnvelope().getEventId().toString()).getAction())
        .isEqualTo(RoutingAction.WAITLIST);

    // when a place frees and the ledger offers it to them
    var offered =
        Fixtures.groupTaskChange(
                "it-offer", "allotment-friends", TaskStatus.ON_HOLD, TaskStatus.REQUESTED)
            .setBusinessStatus(Fixtures.coding("place-offered", "Place offered"))
            .build();
    String eventId = offered.getEnvelope().getEventId().toString();
    harness.send(offered);

    // then the facilitator gets the new-member notice with a link to take them
    await().atMost(Duration.ofSeconds(30)).until(() -> notificationsFor(eventId).size() >= 2);
    var byTemplate =
        notificationsFor(eventId).stream()
            .collect(
                java.util.stream.Collectors.toMap(
                    n -> n.getTemplateId().toString(), n -> n, (a, b) -> a));
    assertThat(byTemplate).containsOnlyKeys("facilitator-new-member", "link-worker-place-offered");
    NotificationRequested facilitator = byTemplate.get("facilitator-new-member");
    assertThat(facilitator.getFields()).containsEntry("activity", "Walking group");
    SignedLink link =
        TestLinks.verify(
            facilitator.getFields().get("respondUrl"), offered.getEnvelope().getOccurredAt());
    assertThat(link.taskId()).isEqualTo("task-group-it-offer");
    assertThat(link.recipient()).isEqualTo("allotment-friends");
    assertThat(link.purpose()).isEqualTo(LinkPurpose.FACILITATOR);
    // and the link worker hears a place has come up, about their own Task
    NotificationRequested linkWorker = byTemplate.get("link-worker-place-offered");
    assertThat(linkWorker.getRecipient().getAddress()).isEqualTo("north-lw@example.org");
    assertThat(linkWorker.getFields())
        .containsEntry("personName", "Alex Jones")
        .containsEntry("taskId", "task-it-offer");
  }

  @Test
  void tellsOnlyTheLinkWorkerOfAReferralTheLedgerRefusedForNoPlace() {
    // given the ledger refused an onward referral to a group its own view thinks has places
    var onward = Fixtures.onwardReferral("it-refused", "walk-and-talk");
    onward.setTaskStatus(TaskStatus.REJECTED);
    String eventId = onward.getEnvelope().getEventId().toString();

    harness.send(onward);

    assertThat(decisionFor(eventId).getAction()).isEqualTo(RoutingAction.RETURN_TO_REFERRER);
    await().atMost(Duration.ofSeconds(30)).until(() -> !notificationsFor(eventId).isEmpty());
    assertThat(notificationsFor(eventId))
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.getAudience()).isEqualTo(Audience.LINK_WORKER);
              assertThat(n.getTemplateId()).isEqualTo("link-worker-group-full");
            });
  }

  @Test
  void tellsTheLinkWorkerAndTheGroupThatACancelledReferralWasWithdrawn() {
    // given the router routed the referral and saw it referred on to a group
    ReferralReceived referral = Fixtures.referral("it-cancel").setPcnCode("U12345").build();
    harness.send(referral);
    RoutingDecisionMade routed = decisionFor(referral.getEnvelope().getEventId().toString());
    var onward = Fixtures.onwardReferral("it-cancel", "walk-and-talk");
    harness.send(onward);
    decisionFor(onward.getEnvelope().getEventId().toString());

    // when the GP cancels it, and the ledger cascades to the group's Task
    ReferralCancelled cancelled =
        ReferralCancelled.newBuilder()
            .setEnvelope(Fixtures.envelope("it-cancel"))
            .setServiceRequestId("sr-it-cancel")
            .setTaskId("task-it-cancel")
            .setCascadedTaskIds(List.of("task-group-it-cancel"))
            .setReason(Fixtures.coding("moved-away", "Moved out of the area"))
            .setCancelledBy(
                Fixtures.actor(ActorKind.GP_PRACTICE, "Organization/A81001", "Practice"))
            .build();
    String eventId = cancelled.getEnvelope().getEventId().toString();
    harness.send(cancelled);

    // then both holders are told, the link worker with the reason, the group without
    await().atMost(Duration.ofSeconds(30)).until(() -> notificationsFor(eventId).size() >= 2);
    assertThat(notificationsFor(eventId)).hasSize(2);
    NotificationRequested linkWorker =
        notificationsFor(eventId).stream()
            .filter(n -> n.getTemplateId().equals("link-worker-referral-cancelled"))
            .findFirst()
            .orElseThrow();
    assertThat(linkWorker.getRecipient().getOrganisation().getReference())
        .isEqualTo(routed.getTarget().getReference());
    assertThat(linkWorker.getFields())
        .containsEntry("taskId", "task-it-cancel")
        .containsEntry("personName", "Alex Jones")
        .containsEntry("reason", "Moved out of the area")
        .doesNotContainKey("respondUrl");
    NotificationRequested group =
        notificationsFor(eventId).stream()
            .filter(n -> n.getTemplateId().equals("facilitator-referral-cancelled"))
            .findFirst()
            .orElseThrow();
    assertThat(group.getRecipient().getOrganisation().getReference())
        .isEqualTo("HealthcareService/walk-and-talk");
    assertThat(group.getFields())
        .containsEntry("taskId", "task-group-it-cancel")
        .containsEntry("personFirstName", "Alex")
        .doesNotContainKeys("reason", "respondUrl");
    assertThat(decisionsFor(eventId)).isEmpty();
    assertThat(deadLetters.records()).noneMatch(r -> "it-cancel".equals(r.key()));
  }

  @Test
  void deadLettersAPoisonRecordWithItsBytesAndKeepsThePartitionFlowing() {
    byte[] poison = "{\"not\": \"avro\"}".getBytes(StandardCharsets.UTF_8);
    ReferralReceived after = Fixtures.referral("it-poison").build();

    harness.sendRaw("it-poison", poison);
    harness.send(after);

    decisionFor(after.getEnvelope().getEventId().toString());
    ConsumerRecord<String, byte[]> dead =
        deadLetters.records().stream()
            .filter(r -> "it-poison".equals(r.key()))
            .findFirst()
            .orElseThrow();
    assertThat(dead.value()).isEqualTo(poison);
    assertThat(EventHeaders.get(dead.headers(), EventHeaders.DEAD_LETTER_REASON))
        .startsWith("BAD_MARKER");
    assertThat(EventHeaders.get(dead.headers(), EventHeaders.DEAD_LETTER_SOURCE))
        .startsWith(Topics.REFERRAL_EVENTS.name() + "-");
    assertThat(EventHeaders.get(dead.headers(), EventHeaders.DEAD_LETTER_BY)).isEqualTo("router");
  }

  @Test
  void deadLettersAnEventWhoseKeyIsNotItsReferral() {
    ReferralReceived misfiled = Fixtures.referral("it-misfiled").build();
    ReferralReceived after = Fixtures.referral("it-after-misfiled").build();
    byte[] bytes =
        new org.pathway.events.serde.EventSerializer()
            .serialize(Topics.REFERRAL_EVENTS.name(), misfiled);

    harness.sendRaw("someone-else", bytes);
    harness.send(after);

    decisionFor(after.getEnvelope().getEventId().toString());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> deadLetters.records().stream().anyMatch(r -> "someone-else".equals(r.key())));
    assertThat(decisionsFor(misfiled.getEnvelope().getEventId().toString())).isEmpty();
  }

  @Test
  void decidesOnceWhenTheSameEventArrivesTwice() {
    ReferralReceived referral = Fixtures.referral("it-repeat").build();
    ReferralReceived later = Fixtures.referral("it-repeat").build();

    harness.send(referral);
    harness.send(referral);
    harness.send(later);

    decisionFor(later.getEnvelope().getEventId().toString());
    assertThat(decisionsFor(referral.getEnvelope().getEventId().toString())).hasSize(1);
  }

  @Test
  void notifiesTheFacilitatorOfAnOnwardReferralWithOnlyAllowlistedFields() throws Exception {
    var onward = Fixtures.onwardReferral("it-onward", "walk-and-talk");
    String eventId = onward.getEnvelope().getEventId().toString();

    harness.send(onward);

    RoutingDecisionMade decision = decisionFor(eventId);
    assertThat(decision.getAction()).isEqualTo(RoutingAction.ASSIGN_OWNER);
    await().atMost(Duration.ofSeconds(30)).until(() -> !notificationsFor(eventId).isEmpty());
    NotificationRequested note = notificationsFor(eventId).get(0);
    assertThat(note.getAudience()).isEqualTo(Audience.FACILITATOR);
    assertThat(note.getChannel()).isEqualTo(Channel.SMS);
    assertThat(note.getRecipient().getAddress()).isEqualTo("+447700900123");
    assertThat(note.getFields())
        .containsOnlyKeys(
            "recipientName",
            "personFirstName",
            "groupName",
            "activity",
            "sessionDate",
            "sessionTime",
            "preferredContact",
            "linkWorkerName",
            "taskId",
            "respondUrl");
    assertThat(note.getFields().values()).noneMatch(v -> v.contains("9434765919"));
    // The facilitator answers from the link: bound to the group's Task, for the group, as one.
    SignedLink link =
        TestLinks.verify(note.getFields().get("respondUrl"), onward.getEnvelope().getOccurredAt());
    assertThat(link.taskId()).isEqualTo(onward.getTaskId()).isEqualTo(note.getTaskId());
    assertThat(link.recipient()).isEqualTo("walk-and-talk");
    assertThat(link.purpose()).isEqualTo(LinkPurpose.FACILITATOR);
  }

  @Test
  void saysWhyAGroupWithNoCapacityWasNotOffered() {
    var onward = Fixtures.onwardReferral("it-full", "english-conversation");
    String eventId = onward.getEnvelope().getEventId().toString();

    harness.send(onward);

    RoutingDecisionMade decision = decisionFor(eventId);
    assertThat(decision.getAction()).isEqualTo(RoutingAction.RETURN_TO_REFERRER);
    assertThat(decision.getExplanation()).contains("no place left");
    await().atMost(Duration.ofSeconds(30)).until(() -> !notificationsFor(eventId).isEmpty());
    assertThat(notificationsFor(eventId))
        .extracting(NotificationRequested::getAudience)
        .containsOnly(Audience.LINK_WORKER);
  }

  @Test
  void feedsAnAcceptedTaskBackToTheGpsFhirEndpoint() {
    ReferralReceived referral = Fixtures.referral("it-feedback").build();
    var accepted =
        Fixtures.taskChange("it-feedback", TaskStatus.REQUESTED, TaskStatus.ACCEPTED).build();
    String eventId = accepted.getEnvelope().getEventId().toString();

    harness.send(referral);
    harness.send(accepted);

    await().atMost(Duration.ofSeconds(60)).until(() -> !notificationsFor(eventId).isEmpty());
    NotificationRequested note = notificationsFor(eventId).get(0);
    assertThat(note.getAudience()).isEqualTo(Audience.GP);
    assertThat(note.getChannel()).isEqualTo(Channel.FHIR);
    assertThat(note.getRecipient().getAddress()).isEqualTo("https://gp-a81001.example.nhs.uk/fhir");
    assertThat(note.getFields())
        .containsEntry("taskStatus", "accepted")
        // remembered from the referral, which the Task change does not carry
        .containsEntry("personName", "Alex Jones")
        .containsEntry("nhsNumber", "9434765919");
  }

  @Test
  void tellsTheGpOfAcceptanceAndThePersonWhoConsentedTheirNextSteps() {
    // given a referral whose person consented to be contacted and prefers email
    ReferralReceived referral =
        Fixtures.referral("it-next-steps")
            .setPerson(
                PersonSummary.newBuilder(Fixtures.person(null, "LS6"))
                    .setContactPreference(ContactMethod.EMAIL)
                    .setContactConsent(true)
                    .build())
            .build();
    harness.send(referral);

    // when the link-worker service accepts it
    var accepted =
        Fixtures.taskChange("it-next-steps", TaskStatus.REQUESTED, TaskStatus.ACCEPTED).build();
    String eventId = accepted.getEnvelope().getEventId().toString();
    harness.send(accepted);

    // then the GP hears of the acceptance and the person of who will contact them, by email
    await().atMost(Duration.ofSeconds(60)).until(() -> notificationsFor(eventId).size() >= 2);
    assertThat(notificationsFor(eventId))
        .extracting(NotificationRequested::getTemplateId)
        .containsExactlyInAnyOrder("gp-status-update", "person-next-steps");
    NotificationRequested person =
        notificationsFor(eventId).stream()
            .filter(n -> n.getAudience() == Audience.PERSON)
            .findFirst()
            .orElseThrow();
    assertThat(person.getChannel()).isEqualTo(Channel.EMAIL);
    assertThat(person.getRecipient().getAddress()).isEqualTo("alex@example.org");
    assertThat(person.getFields())
        .containsEntry("personFirstName", "Alex")
        .containsEntry("linkWorkerService", "North PCN Link Workers")
        .containsEntry("contactWithin", "within 5 days")
        .doesNotContainKeys("nhsNumber", "personName", "respondUrl");
  }

  @Test
  void tellsOnlyTheGpWhenThePersonGaveNoConsent() {
    // Fixtures' person sent no Consent with the referral
    harness.send(Fixtures.referral("it-no-consent").build());
    var accepted =
        Fixtures.taskChange("it-no-consent", TaskStatus.REQUESTED, TaskStatus.ACCEPTED).build();
    String eventId = accepted.getEnvelope().getEventId().toString();
    harness.send(accepted);
    // a later event of the same referral (same partition) proves the first was fully decided
    var firstContact =
        Fixtures.taskChange("it-no-consent", TaskStatus.ACCEPTED, TaskStatus.IN_PROGRESS)
            .setBusinessStatus(Fixtures.coding("first-conversation-held", null))
            .build();
    String laterId = firstContact.getEnvelope().getEventId().toString();
    harness.send(firstContact);
    await().atMost(Duration.ofSeconds(60)).until(() -> !notificationsFor(laterId).isEmpty());

    assertThat(notificationsFor(eventId))
        .extracting(NotificationRequested::getAudience)
        .containsExactly(Audience.GP);
  }

  @Test
  void tellsTheGpOfADeclineWithItsCodedReasonAndOfTheOutcomeWithItsScores() {
    harness.send(Fixtures.referral("it-gp-declined").build());
    var declined =
        Fixtures.taskChange("it-gp-declined", TaskStatus.REQUESTED, TaskStatus.REJECTED)
            .setStatusReason(new Coding(CodeSystems.DECLINE_REASON, "outside-area", null))
            .build();
    String declinedId = declined.getEnvelope().getEventId().toString();
    harness.send(declined);
    harness.send(Fixtures.referral("it-gp-completed").build());
    var completed =
        Fixtures.taskChange("it-gp-completed", TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED)
            .setBusinessStatus(Fixtures.coding("completed-goals-met", "Goals met"))
            .setOutputs(
                List.of(
                    Fixtures.output(Fixtures.score(MeasurementTiming.ENTRY, 19)),
                    Fixtures.output(Fixtures.score(MeasurementTiming.EXIT, 25))))
            .build();
    String completedId = completed.getEnvelope().getEventId().toString();
    harness.send(completed);

    await().atMost(Duration.ofSeconds(60)).until(() -> !notificationsFor(declinedId).isEmpty());
    assertThat(notificationsFor(declinedId))
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.getTemplateId()).isEqualTo("gp-status-update");
              assertThat(n.getFields())
                  .containsEntry("taskStatus", "rejected")
                  .containsEntry("statusReason", "Lives outside the service's area")
                  .containsEntry("statusReasonCode", CodeSystems.DECLINE_REASON + "|outside-area");
            });
    await().atMost(Duration.ofSeconds(60)).until(() -> !notificationsFor(completedId).isEmpty());
    assertThat(notificationsFor(completedId))
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.getTemplateId()).isEqualTo("gp-outcome");
              assertThat(n.getChannel()).isEqualTo(Channel.FHIR);
              assertThat(n.getFields())
                  .containsEntry("outcomeSummary", "Goals met")
                  .containsEntry("outcomes", "SWEMWBS entry 19; SWEMWBS exit 25");
            });
  }

  @Test
  void tellsNoGroupOfAPersonWhoseConsentDeniesSharingWithGroups() {
    // given a referral whose Consent permits, but denies sharing with community groups
    harness.send(
        Fixtures.referral("it-consent-group")
            .setConsent(consent(ConsentParty.COMMUNITY_GROUP))
            .build());

    // when a link worker refers the person on to a group with places
    var onward = Fixtures.onwardReferral("it-consent-group", "walk-and-talk");
    String onwardId = onward.getEnvelope().getEventId().toString();
    harness.send(onward);
    // a later event of the same referral (same partition) proves the onward one was fully decided
    var later =
        Fixtures.taskChange("it-consent-group", TaskStatus.REQUESTED, TaskStatus.ACCEPTED).build();
    String laterId = later.getEnvelope().getEventId().toString();
    harness.send(later);
    await().atMost(Duration.ofSeconds(60)).until(() -> !notificationsFor(laterId).isEmpty());

    // then the facilitator is never told of the person
    assertThat(decisionsFor(onwardId)).isNotEmpty();
    assertThat(notificationsFor(onwardId))
        .extracting(NotificationRequested::getAudience)
        .doesNotContain(Audience.FACILITATOR);
  }

  @Test
  void sendsTheGpCodesOnlyWhenTheConsentDeniesTheReferrerTheOutcome() {
    // given a referral whose Consent denies the referrer the full outcome
    harness.send(
        Fixtures.referral("it-consent-gp").setConsent(consent(ConsentParty.REFERRER)).build());

    // when it completes with an outcome summary and scores
    var completed =
        Fixtures.taskChange("it-consent-gp", TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED)
            .setBusinessStatus(Fixtures.coding("completed-goals-met", "Goals met"))
            .setOutputs(List.of(Fixtures.output(Fixtures.score(MeasurementTiming.EXIT, 25))))
            .build();
    String completedId = completed.getEnvelope().getEventId().toString();
    harness.send(completed);

    // then the GP hears the status and codes, without the outcome text or the scores
    await().atMost(Duration.ofSeconds(60)).until(() -> !notificationsFor(completedId).isEmpty());
    assertThat(notificationsFor(completedId))
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.getTemplateId()).isEqualTo("gp-outcome");
              assertThat(n.getFields())
                  .containsEntry("taskStatus", "completed")
                  .doesNotContainKeys("outcomeSummary", "outcomes");
            });
  }

  @Test
  void tellsTheLinkWorkerTheGroupAndTheGpOnceWhenThePersonWithdrewConsent() {
    // given a routed referral, referred on to a group, whose Consent gives the GP codes only
    ReferralReceived referral =
        Fixtures.referral("it-withdrawn").setConsent(consent(ConsentParty.REFERRER)).build();
    harness.send(referral);
    decisionFor(referral.getEnvelope().getEventId().toString());
    var onward = Fixtures.onwardReferral("it-withdrawn", "walk-and-talk");
    harness.send(onward);
    decisionFor(onward.getEnvelope().getEventId().toString());

    // when the link worker records the withdrawal, and the ledger's event arrives twice
    ReferralCancelled withdrawn =
        ReferralCancelled.newBuilder()
            .setEnvelope(Fixtures.envelope("it-withdrawn"))
            // the root referral's own ServiceRequest: the whole referral is withdrawn
            .setServiceRequestId("it-withdrawn")
            .setTaskId("task-it-withdrawn")
            .setCascadedTaskIds(List.of("task-group-it-withdrawn"))
            .setReason(
                new Coding(
                    CodeSystems.TASK_STATUS_REASON,
                    CodeSystems.CONSENT_WITHDRAWN,
                    CodeSystems.CONSENT_WITHDRAWN_DISPLAY))
            .setCancelledBy(
                Fixtures.actor(
                    ActorKind.LINK_WORKER_SERVICE, "HealthcareService/lw-north", "Link workers"))
            .build();
    String eventId = withdrawn.getEnvelope().getEventId().toString();
    harness.send(withdrawn);
    harness.send(withdrawn);
    // a later event of the same referral (same partition) proves both copies were handled
    var later =
        Fixtures.taskChange("it-withdrawn", TaskStatus.REQUESTED, TaskStatus.ACCEPTED).build();
    String laterId = later.getEnvelope().getEventId().toString();
    harness.send(later);
    await().atMost(Duration.ofSeconds(60)).until(() -> !notificationsFor(laterId).isEmpty());

    // then the link worker, the group and the GP are each told once
    assertThat(notificationsFor(eventId))
        .extracting(NotificationRequested::getTemplateId)
        .containsExactlyInAnyOrder(
            "link-worker-referral-cancelled", "facilitator-referral-cancelled", "gp-status-update");
    // and the GP, under a codes-only consent, gets the coded reason without its text
    NotificationRequested gp =
        notificationsFor(eventId).stream()
            .filter(n -> n.getAudience() == Audience.GP)
            .findFirst()
            .orElseThrow();
    assertThat(gp.getFields())
        .containsEntry("taskStatus", "cancelled")
        .containsEntry(
            "statusReasonCode",
            CodeSystems.TASK_STATUS_REASON + "|" + CodeSystems.CONSENT_WITHDRAWN)
        .doesNotContainKey("statusReason");
  }

  private static ConsentSummary consent(ConsentParty... denied) {
    return ConsentSummary.newBuilder()
        .setState(ConsentState.PERMIT)
        .setDenied(List.of(denied))
        .build();
  }

  @Test
  void climbsTheSlaLadderFromNudgeToReturnAndTellsTheGpWhyTheReferralCameBack() {
    Instant stepDue = Instant.parse("2026-11-20T09:00:00Z");
    ReferralReceived referral = Fixtures.referral("it-overdue").build();
    harness.send(referral);
    try {
      // the step's own due time passed: the owner is nudged, the escalation armed 2 days on
      Instant t1 = stepDue.plus(Duration.ofMinutes(1));
      clock.set(t1);
      RoutingDecisionMade nudge = decide(rung(OverdueRung.NUDGE, stepDue, stepDue, t1));
      assertThat(nudge.getAction()).isEqualTo(RoutingAction.NUDGE_OWNER);
      assertThat(nudge.getEnvelope().getOccurredAt()).isEqualTo(t1);
      assertThat(nudge.getNextRung()).isEqualTo(OverdueRung.ESCALATE);
      assertThat(nudge.getNextRungDueAt()).isEqualTo(t1.plus(Duration.ofDays(2)));
      assertThat(notificationsFor(nudge.getEnvelope().getCausationId()))
          .singleElement()
          .satisfies(n -> assertThat(n.getAudience()).isEqualTo(Audience.LINK_WORKER));

      // the escalation fell due: the hub is told, the return armed 7 days on
      Instant t2 = nudge.getNextRungDueAt().plus(Duration.ofMinutes(1));
      clock.set(t2);
      RoutingDecisionMade escalate =
          decide(rung(OverdueRung.ESCALATE, nudge.getNextRungDueAt(), stepDue, t2));
      assertThat(escalate.getAction()).isEqualTo(RoutingAction.ESCALATE_TO_HUB);
      assertThat(escalate.getNextRung()).isEqualTo(OverdueRung.RETURN);
      assertThat(escalate.getNextRungDueAt()).isEqualTo(t2.plus(Duration.ofDays(7)));
      assertThat(notificationsFor(escalate.getEnvelope().getCausationId()))
          .singleElement()
          .satisfies(n -> assertThat(n.getAudience()).isEqualTo(Audience.HUB));

      // the return fell due: back to the referrer, nothing sent from the decision itself
      Instant t3 = escalate.getNextRungDueAt().plus(Duration.ofMinutes(1));
      clock.set(t3);
      RoutingDecisionMade returned =
          decide(rung(OverdueRung.RETURN, escalate.getNextRungDueAt(), stepDue, t3));
      assertThat(returned.getAction()).isEqualTo(RoutingAction.RETURN_TO_REFERRER);
      assertThat(returned.getTarget().getReference()).isEqualTo("Organization/A81001");
      assertThat(returned.getNextRung()).isNull();

      // the ledger rejects the Task with the coded reason: the GP is told, and why
      var rejected =
          Fixtures.taskChange("it-overdue", TaskStatus.REQUESTED, TaskStatus.REJECTED)
              .setStatusReason(
                  Coding.newBuilder()
                      .setSystem(CodeSystems.TASK_STATUS_REASON)
                      .setCode(CodeSystems.RETURNED_NO_RESPONSE)
                      .setDisplay(CodeSystems.RETURNED_NO_RESPONSE_DISPLAY)
                      .build())
              .build();
      harness.send(rejected);
      String changeId = rejected.getEnvelope().getEventId().toString();
      await().atMost(Duration.ofSeconds(60)).until(() -> !notificationsFor(changeId).isEmpty());
      NotificationRequested gp = notificationsFor(changeId).get(0);
      assertThat(gp.getAudience()).isEqualTo(Audience.GP);
      assertThat(gp.getRecipient().getAddress()).isEqualTo("https://gp-a81001.example.nhs.uk/fhir");
      assertThat(gp.getFields())
          .containsEntry("taskStatus", "rejected")
          .containsEntry("statusReason", "Returned: no response within the agreed time")
          .containsEntry(
              "statusReasonCode",
              CodeSystems.TASK_STATUS_REASON + "|" + CodeSystems.RETURNED_NO_RESPONSE);
    } finally {
      clock.set(null);
    }
  }

  private static ReferralOverdue rung(
      OverdueRung rung, Instant dueAt, Instant stepDueAt, Instant now) {
    ReferralOverdue overdue =
        Fixtures.overdue(
            "it-overdue",
            TaskStatus.REQUESTED,
            stepDueAt.minus(Duration.ofDays(5)),
            dueAt,
            now,
            Fixtures.actor(
                ActorKind.LINK_WORKER_SERVICE, "HealthcareService/lw-north", "North PCN"));
    overdue.setRung(rung);
    overdue.setStepDueAt(stepDueAt);
    return overdue;
  }

  private RoutingDecisionMade decide(ReferralOverdue overdue) {
    harness.send(overdue);
    return decisionFor(overdue.getEnvelope().getEventId().toString());
  }

  @Test
  void retriesATransientFailureInTheTriageRouteAndDecidesOnce() throws Exception {
    CamelContext camel = router.getBean(CamelContext.class);
    AtomicInteger attempts = new AtomicInteger();
    AdviceWith.adviceWith(
        camel,
        RouteIds.TRIAGE,
        route ->
            route
                .weaveAddFirst()
                .process(
                    exchange -> {
                      if (exchange
                              .getMessage()
                              .getBody(ReferralReceived.class)
                              .getEnvelope()
                              .getReferralId()
                              .equals("it-transient")
                          && attempts.incrementAndGet() <= 2) {
                        throw new TimeoutException("broker briefly unavailable");
                      }
                    }));
    ReferralReceived referral = Fixtures.referral("it-transient").build();

    harness.send(referral);

    decisionFor(referral.getEnvelope().getEventId().toString());
    assertThat(attempts.get()).isEqualTo(3);
    assertThat(decisionsFor(referral.getEnvelope().getEventId().toString())).hasSize(1);
  }

  @Test
  void decidesOnOnePartitionWhileAnotherPartitionsReferralIsStillBeingDecided() throws Exception {
    // Given the default consumer threads in the group, each owning partitions
    List<List<Integer>> owned = partitionsPerConsumer();
    assertThat(owned).as("consumer threads with partitions").hasSizeGreaterThan(1);
    String slowKey = keyOn(owned.get(0).get(0), "it-held-");
    String fastKey = keyOn(owned.get(1).get(0), "it-free-");
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AdviceWith.adviceWith(
        router.getBean(CamelContext.class),
        RouteIds.TRIAGE,
        route ->
            route
                .weaveAddFirst()
                .process(
                    exchange -> {
                      String referralId =
                          exchange
                              .getMessage()
                              .getBody(ReferralReceived.class)
                              .getEnvelope()
                              .getReferralId();
                      if (referralId.equals(slowKey)) {
                        entered.countDown();
                        release.await(120, TimeUnit.SECONDS);
                      }
                    }));
    ReferralReceived held = Fixtures.referral(slowKey).build();
    ReferralReceived free = Fixtures.referral(fastKey).build();
    try {
      harness.send(held);
      assertThat(entered.await(60, TimeUnit.SECONDS)).isTrue();

      // When a referral arrives on a partition another consumer thread owns
      harness.send(free);

      // Then it is decided while the first is still held
      decisionFor(free.getEnvelope().getEventId().toString());
      assertThat(decisionsFor(held.getEnvelope().getEventId().toString())).isEmpty();
    } finally {
      release.countDown();
    }
    decisionFor(held.getEnvelope().getEventId().toString());
    assertThat(decisionsFor(held.getEnvelope().getEventId().toString())).hasSize(1);
    assertThat(decisionsFor(free.getEnvelope().getEventId().toString())).hasSize(1);
  }

  /** The referral-event partitions of each member of the router's group, once all have some. */
  private List<List<Integer>> partitionsPerConsumer() {
    int consumers = router.getProperty("pathway.kafka.consumers", Integer.class).orElseThrow();
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, harness.kafka.bootstrapServers()))) {
      List<List<Integer>> owned = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                owned.clear();
                var group =
                    admin
                        .describeConsumerGroups(List.of(harness.groupId))
                        .describedGroups()
                        .get(harness.groupId)
                        .get();
                for (var member : group.members()) {
                  List<Integer> partitions =
                      member.assignment().topicPartitions().stream()
                          .filter(tp -> tp.topic().equals(Topics.REFERRAL_EVENTS.name()))
                          .map(TopicPartition::partition)
                          .toList();
                  if (!partitions.isEmpty()) {
                    owned.add(partitions);
                  }
                }
                return owned.size() == consumers;
              });
      return owned;
    }
  }

  /** A referral id the producer's default partitioner puts on {@code partition}. */
  private static String keyOn(int partition, String prefix) {
    for (int i = 0; ; i++) {
      String key = prefix + i;
      if (Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8)))
              % Topics.REFERRAL_EVENTS.partitions()
          == partition) {
        return key;
      }
    }
  }

  @Test
  void reportsHealthAndRouteMetricsOverHttp() throws Exception {
    harness.send(Fixtures.referral("it-metrics").build());
    URI base = router.getBean(EmbeddedServer.class).getURI();
    HttpClient http = HttpClient.newHttpClient();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              HttpResponse<String> readiness =
                  http.send(
                      HttpRequest.newBuilder(base.resolve("/health/readiness")).build(),
                      HttpResponse.BodyHandlers.ofString());
              assertThat(readiness.statusCode()).isEqualTo(200);
              assertThat(readiness.body()).contains("UP").doesNotContain("details");
              // details and metrics are for an operator only
              HttpResponse<String> health =
                  http.send(
                      HttpRequest.newBuilder(base.resolve("/health"))
                          .header("Authorization", "Bearer " + harness.access.operator())
                          .build(),
                      HttpResponse.BodyHandlers.ofString());
              assertThat(health.statusCode()).isEqualTo(200);
              assertThat(health.body())
                  .contains("\"camel\"")
                  .contains("referral-events-from-kafka")
                  .contains("\"kafka\"")
                  .contains("clusterId");
              assertThat(
                      http.send(
                              HttpRequest.newBuilder(base.resolve("/prometheus")).build(),
                              HttpResponse.BodyHandlers.ofString())
                          .statusCode())
                  .isEqualTo(401);
              assertThat(
                      http.send(
                              HttpRequest.newBuilder(base.resolve("/prometheus"))
                                  .header(
                                      "Authorization",
                                      "Bearer " + harness.access.token("practice-a81001"))
                                  .build(),
                              HttpResponse.BodyHandlers.ofString())
                          .statusCode())
                  .isEqualTo(403);
              HttpResponse<String> metrics =
                  http.send(
                      HttpRequest.newBuilder(base.resolve("/prometheus"))
                          .header("Authorization", "Bearer " + harness.access.operator())
                          .build(),
                      HttpResponse.BodyHandlers.ofString());
              assertThat(metrics.body())
                  .contains(
                      "router_exchanges_seconds_count{outcome=\"completed\",route=\"referral-events-from-kafka\"}");
            });
    assertThat(
            http.send(
                    HttpRequest.newBuilder(base.resolve("/health/liveness")).build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void reportsConsumerLagAndDeadLettersReadFromKafkaOverHttp() throws Exception {
    URI base = router.getBean(EmbeddedServer.class).getURI();
    String lag =
        "pathway_kafka_consumer_lag{group=\""
            + harness.groupId
            + "\",topic=\""
            + Topics.REFERRAL_EVENTS.name()
            + "\"}";
    String dead = "pathway_dead_letters{topic=\"" + Topics.ROUTER_DEAD_LETTERS.name() + "\"}";

    // given the dead letters of the tests before, which the gauge counts as a reader sees them
    long start = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(
                        Prometheus.sample(
                            Prometheus.scrapeReadAfter(base, harness.access.operator(), start),
                            dead))
                    .isEqualTo(deadLetters.records().size()));
    int before = deadLetters.records().size();

    // when a poison record is dead-lettered (in a transaction, so a commit marker follows it on
    // the dead-letter topic), and a good event after it is decided
    harness.sendRaw("it-metrics-poison", "not avro".getBytes(StandardCharsets.UTF_8));
    ReferralReceived after = Fixtures.referral("it-metrics-after-poison").build();
    harness.send(after);
    decisionFor(after.getEnvelope().getEventId().toString());
    long written = System.nanoTime();

    // then /prometheus counts exactly that one dead letter more, not its marker, and, once
    // everything is read, no lag
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              String body = Prometheus.scrapeReadAfter(base, harness.access.operator(), written);
              assertThat(deadLetters.records()).hasSize(before + 1);
              assertThat(Prometheus.sample(body, dead)).isEqualTo(before + 1);
              assertThat(Prometheus.sample(body, lag)).isZero();
            });
  }

  @Test
  void refusesToStartWithATriageRuleThatNamesAnUnknownService(@TempDir Path dir) throws Exception {
    Path rules = dir.resolve("rules.yml");
    Files.writeString(
        rules,
        """
        default-service: hub-city
        rules:
          - {id: typo-service, priority: 1, when: {pcn: U1}, route-to: lw-nowehere}
        """);
    var properties = harness.routerProperties("it-bad-rules");
    properties.put("pathway.triage.rules", rules.toString());

    assertThatThrownBy(() -> harness.startRouter(properties).close())
        .hasStackTraceContaining("rule #1 'typo-service'")
        .hasStackTraceContaining("route-to 'lw-nowehere' is not a link-worker service");
  }

  @Test
  void neverSendsAFacilitatorAFieldOutsideTheAllowlist() {
    harness.send(Fixtures.onwardReferral("it-allow-1", "walk-and-talk"));
    harness.send(Fixtures.onwardReferral("it-allow-2", "allotment-friends"));
    harness.send(Fixtures.onwardReferral("it-allow-3", "debt-advice-drop-in"));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                notifications.events(NotificationRequested.class).stream()
                        .filter(n -> n.getAudience() == Audience.FACILITATOR)
                        .count()
                    >= 3);

    assertThat(notifications.events(NotificationRequested.class))
        .filteredOn(n -> n.getAudience() == Audience.FACILITATOR)
        .allSatisfy(
            n ->
                assertThat(NotificationTemplates.fieldsFor(Audience.FACILITATOR))
                    .containsAll(n.getFields().keySet()));
  }
}
