package org.pathway.router.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.pathway.access.links.LinkPurpose;
import org.pathway.access.links.SignedLink;
import org.pathway.directory.Capacity;
import org.pathway.directory.Directory;
import org.pathway.directory.DirectoryEntry;
import org.pathway.events.avro.ActorKind;
import org.pathway.events.avro.Audience;
import org.pathway.events.avro.CapacityStatus;
import org.pathway.events.avro.Channel;
import org.pathway.events.avro.EventEnvelope;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.avro.ReferralReceived;
import org.pathway.events.avro.RoutingAction;
import org.pathway.events.avro.RoutingDecisionMade;
import org.pathway.events.avro.TaskStatus;
import org.pathway.events.avro.TaskStatusChanged;
import org.pathway.events.notifications.NotificationTemplates;
import org.pathway.router.Fixtures;
import org.pathway.router.TestLinks;
import org.pathway.router.decision.EventFactory;
import org.pathway.router.decision.KnownReferral;
import org.pathway.router.decision.RoutedReferral;
import org.pathway.router.decision.RouterOutput;
import org.pathway.router.routing.ReferralTriage;
import org.pathway.router.routing.TriageRules;
import org.pathway.router.routing.TriageRulesLoader;

class NewReferralNoticePolicyTest {

  private static final Instant APPLIED = Instant.parse("2026-11-02T10:05:02Z");

  private final Directory directory = Fixtures.demoDirectory();
  private final EventFactory events =
      TestLinks.events(Clock.fixed(Instant.parse("2026-11-02T10:05:00Z"), ZoneOffset.UTC));
  private final ReferralTriage triage = new ReferralTriage(shippedRules(), directory, events);
  private final NewReferralNoticePolicy notices = new NewReferralNoticePolicy(directory, events);

  @Test
  void triageAloneTellsTheLinkWorkerServiceNothing() {
    // given a referral the shipped rules route to the north PCN's link workers
    ReferralReceived referral = Fixtures.referral("r1").setPcnCode("U12345").build();

    // when it is triaged, then only the decision is made: the ledger has not made them owner yet
    RouterOutput out = triage.triage(referral);
    assertThat(out.decisions())
        .singleElement()
        .satisfies(d -> assertThat(d.getAction()).isEqualTo(RoutingAction.ASSIGN_OWNER));
    assertThat(out.notifications()).isEmpty();
  }

  @Test
  void theLedgerMakingTheServiceOwnerTellsItOnceWithWhatTriageUsedToSend() throws Exception {
    // given a referral triaged to lw-north
    ReferralReceived referral = Fixtures.referral("r2").setPcnCode("U12345").build();
    RoutingDecisionMade decision = triage.triage(referral).decisions().get(0);

    // when the ledger announces the owner that decision set
    TaskStatusChanged applied = ownerApplied(decision);
    RouterOutput out = notices.decide(applied, routed(referral, decision), known(referral));

    // then the service is told exactly once, with everything its notice carried at triage
    assertThat(out.decisions()).isEmpty();
    NotificationRequested note = out.notifications().stream().findFirst().orElseThrow();
    assertThat(out.notifications()).hasSize(1);
    assertThat(note.getAudience()).isEqualTo(Audience.LINK_WORKER);
    assertThat(note.getTemplateId()).isEqualTo(NotificationTemplates.LINK_WORKER_NEW_REFERRAL.id());
    assertThat(note.getChannel()).isEqualTo(Channel.EMAIL);
    assertThat(note.getRecipient().getAddress()).isEqualTo("north-lw@example.org");
    assertThat(note.getRecipient().getOrganisation().getReference())
        .isEqualTo("HealthcareService/lw-north");
    assertThat(note.getTaskId()).isEqualTo("task-r2");
    assertThat(note.getFields())
        .containsOnlyKeys(
            "recipientName",
            "personName",
            "nhsNumber",
            "birthDate",
            "postcodeDistrict",
            "preferredContact",
            "contactPhone",
            "contactEmail",
            "referralReason",
            "priority",
            "referringPractice",
            "dueDate",
            "taskId",
            "respondUrl")
        .containsEntry("recipientName", note.getRecipient().getName())
        .containsEntry("personName", "Alex Jones")
        .containsEntry("nhsNumber", "9434765919")
        .containsEntry("birthDate", "1981-05-17")
        .containsEntry("postcodeDistrict", "LS1")
        .containsEntry("preferredContact", "phone")
        .containsEntry("contactPhone", "+447700900999")
        .containsEntry("contactEmail", "alex@example.org")
        .containsEntry("referralReason", "loneliness")
        .containsEntry("priority", "routine")
        .containsEntry("referringPractice", "A81001")
        .containsEntry("dueDate", "2026-11-09T10:00:00Z")
        .containsEntry("taskId", "task-r2");
    // the link in it opens the routed Task for lw-north, counted from the ledger's announcement
    SignedLink link = TestLinks.verify(note.getFields().get("respondUrl"), APPLIED);
    assertThat(link.taskId()).isEqualTo("task-r2");
    assertThat(link.recipient()).isEqualTo("lw-north");
    assertThat(link.purpose()).isEqualTo(LinkPurpose.LINK_WORKER);
    // caused by the ledger's fact, and keyed so a repeat of it is the same notice
    assertThat(note.getEnvelope().getCausationId())
        .isEqualTo(applied.getEnvelope().getEventId().toString());
    assertThat(note.getIdempotencyKey()).isEqualTo(note.getNotificationId().toString());
  }

  @Test
  void aRedeliveredAnnouncementIsTheSameNoticeAndLaterChangesTellNothing() {
    ReferralReceived referral = Fixtures.referral("r3").setPcnCode("U12345").build();
    RoutingDecisionMade decision = triage.triage(referral).decisions().get(0);
    TaskStatusChanged applied = ownerApplied(decision);
    NotificationRequested first =
        notices.decide(applied, routed(referral, decision), known(referral)).notifications().get(0);

    // when the same announcement is read again (the idempotent consumer drops it before here; if
    // it did not, the notice would carry the same id, which the notifier delivers once)
    RouterOutput again = notices.decide(applied, routed(referral, decision), known(referral));
    assertThat(again.notifications())
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.getNotificationId()).isEqualTo(first.getNotificationId());
              assertThat(n.getIdempotencyKey()).isEqualTo(first.getIdempotencyKey());
            });

    // and the service's own later change of the Task (it accepts) is no new assignment
    TaskStatusChanged accepted =
        Fixtures.taskChange("r3", TaskStatus.REQUESTED, TaskStatus.ACCEPTED).build();
    assertThat(notices.decide(accepted, routed(referral, decision), known(referral)).events())
        .isEmpty();
    // nor is any change the decision did not cause, even one naming the same owner
    TaskStatusChanged other = ownerApplied(decision);
    other.getEnvelope().setCausationId(UUID.randomUUID().toString());
    assertThat(notices.decide(other, routed(referral, decision), known(referral)).events())
        .isEmpty();
  }

  @Test
  void aDecisionTheLedgerAppliedToAnotherOwnerTellsNoOne() {
    ReferralReceived referral = Fixtures.referral("r4").setPcnCode("U12345").build();
    RoutingDecisionMade decision = triage.triage(referral).decisions().get(0);
    TaskStatusChanged applied = ownerApplied(decision);
    applied.getOwner().setReference("HealthcareService/lw-east");

    assertThat(notices.decide(applied, routed(referral, decision), known(referral)).events())
        .isEmpty();
    // and a Task triage never routed tells no one either
    assertThat(notices.decide(ownerApplied(decision), Optional.empty(), known(referral)).events())
        .isEmpty();
  }

  @Test
  void aServiceWaitlistedTheReferralHearsOfItWhenTheLedgerGivesItTheTask() {
    // given the north PCN's link workers report only a waitlist, and no later rule has a place
    directory.report(
        "lw-north",
        new Capacity(CapacityStatus.NO_CAPACITY_HAS_WAITLIST, 0, true, Fixtures.AUTHORED, 1));
    ReferralReceived referral = Fixtures.referral("r5").setPcnCode("U12345").build();
    RoutingDecisionMade decision = triage.triage(referral).decisions().get(0);
    assertThat(decision.getAction()).isEqualTo(RoutingAction.WAITLIST);
    assertThat(decision.getTarget().getReference()).isEqualTo("HealthcareService/lw-north");
    assertThat(triage.triage(referral).notifications()).isEmpty();

    // when the ledger makes them the owner of the waiting Task, then they are told
    RouterOutput out =
        notices.decide(ownerApplied(decision), routed(referral, decision), known(referral));
    assertThat(out.notifications())
        .singleElement()
        .satisfies(
            n ->
                assertThat(n.getTemplateId())
                    .isEqualTo(NotificationTemplates.LINK_WORKER_NEW_REFERRAL.id()));
  }

  @Test
  void aServiceWithNoChannelIsSaidSoInTheDecisionAndToldNothingLater() {
    // given the default service taken out of every channel: a directory of it without them
    ReferralReceived referral = Fixtures.referral("r6").build();
    Directory noChannels =
        Directory.of(
            directory.entries().stream()
                .map(e -> e.id().equals("hub-city") ? withoutChannels(e) : e)
                .toList());
    EventFactory f = TestLinks.events();
    RoutingDecisionMade decision =
        new ReferralTriage(shippedRules(), noChannels, f).triage(referral).decisions().get(0);

    assertThat(decision.getTarget().getReference()).isEqualTo("HealthcareService/hub-city");
    assertThat(decision.getExplanation()).contains("City Social Prescribing Hub has no channel");
    assertThat(
            new NewReferralNoticePolicy(noChannels, f)
                .decide(ownerApplied(decision), routed(referral, decision), known(referral))
                .events())
        .isEmpty();
  }

  @Test
  void aServiceTheSenderAlreadyMadeOwnerIsToldAtTriageAndNotAgainByTheAnnouncement() {
    // given a referral whose sender named lw-north as performer, so its Task arrived owned by it
    ReferralReceived referral =
        Fixtures.referral("r7").setPcnCode("U12345").setOwner("HealthcareService/lw-north").build();
    RoutingDecisionMade decision = triage.triage(referral).decisions().get(0);
    RoutedReferral routing = RoutedReferral.of(referral, decision);

    // when triage routes it to that same service
    RouterOutput now = notices.alreadyOwned(referral, routing, known(referral));

    // then the service is told at once, about the routed Task, with the same notice as ever
    assertThat(NewReferralNoticePolicy.ownedAtIntake(referral, routing)).isTrue();
    NotificationRequested note = now.notifications().stream().findFirst().orElseThrow();
    assertThat(now.notifications()).hasSize(1);
    assertThat(note.getTemplateId()).isEqualTo(NotificationTemplates.LINK_WORKER_NEW_REFERRAL.id());
    assertThat(note.getRecipient().getOrganisation().getReference())
        .isEqualTo("HealthcareService/lw-north");
    assertThat(note.getTaskId()).isEqualTo("task-r7");
    assertThat(note.getFields()).containsEntry("taskId", "task-r7");

    // and a referral that arrived owned by another service, or by none, waits for the ledger
    ReferralReceived elsewhere =
        Fixtures.referral("r8").setPcnCode("U12345").setOwner("HealthcareService/lw-east").build();
    RoutedReferral elsewhereRouted =
        RoutedReferral.of(elsewhere, triage.triage(elsewhere).decisions().get(0));
    assertThat(NewReferralNoticePolicy.ownedAtIntake(elsewhere, elsewhereRouted)).isFalse();
    assertThat(notices.alreadyOwned(elsewhere, elsewhereRouted, known(elsewhere)).notifications())
        .isEmpty();
    ReferralReceived unowned = Fixtures.referral("r9").setPcnCode("U12345").build();
    assertThat(
            NewReferralNoticePolicy.ownedAtIntake(
                unowned, RoutedReferral.of(unowned, triage.triage(unowned).decisions().get(0))))
        .isFalse();
  }

  /**
   * The ledger's announcement of {@code decision} applied: the owner it set, caused by it, changed
   * by the router's system actor, as the fhir-adapter's applier writes it.
   */
  private static TaskStatusChanged ownerApplied(RoutingDecisionMade decision) {
    return TaskStatusChanged.newBuilder()
        .setEnvelope(
            EventEnvelope.newBuilder(Fixtures.envelope(decision.getEnvelope().getReferralId()))
                .setOccurredAt(APPLIED)
                .setCausationId(decision.getEnvelope().getEventId().toString())
                .build())
        .setTaskId(decision.getTaskId())
        .setTaskVersion(2)
        .setParentTaskId(null)
        .setOwner(
            Fixtures.actor(
                ActorKind.UNKNOWN,
                decision.getTarget().getReference(),
                decision.getTarget().getDisplay()))
        .setPreviousStatus(TaskStatus.REQUESTED)
        .setStatus(TaskStatus.REQUESTED)
        .setOutputs(List.of())
        .setChangedBy(Fixtures.actor(ActorKind.SYSTEM, "Device/router", "router"))
        .build();
  }

  private static DirectoryEntry withoutChannels(DirectoryEntry e) {
    return new DirectoryEntry(
        e.id(),
        e.name(),
        e.kind(),
        e.odsCode(),
        e.contactName(),
        e.capacityDetail(),
        List.of(),
        e.lastModified(),
        e.description(),
        e.areas(),
        e.types(),
        e.listing());
  }

  private static Optional<RoutedReferral> routed(
      ReferralReceived referral, RoutingDecisionMade decision) {
    return Optional.of(RoutedReferral.of(referral, decision));
  }

  private static KnownReferral known(ReferralReceived referral) {
    return KnownReferral.of(referral);
  }

  private TriageRules shippedRules() {
    try (var in = getClass().getClassLoader().getResourceAsStream("triage-rules.yml")) {
      return TriageRulesLoader.parse(
          new String(in.readAllBytes(), StandardCharsets.UTF_8),
          "triage-rules.yml",
          id -> directory.byId(id).isPresent());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
