package org.pathway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.access.links.LinkKeys;
import org.pathway.access.links.LinkSigner;
import org.pathway.directory.Directory;
import org.pathway.directory.HsdsFeedReader;
import org.pathway.events.avro.Actor;
import org.pathway.events.avro.ActorKind;
import org.pathway.events.avro.Coding;
import org.pathway.events.avro.ContactMethod;
import org.pathway.events.avro.EventEnvelope;
import org.pathway.events.avro.Identifier;
import org.pathway.events.avro.MeasurementTiming;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.avro.OnwardReferralCreated;
import org.pathway.events.avro.OverdueRung;
import org.pathway.events.avro.PersonSummary;
import org.pathway.events.avro.ReferralCancelled;
import org.pathway.events.avro.ReferralOverdue;
import org.pathway.events.avro.ReferralReceived;
import org.pathway.events.avro.ReferralSource;
import org.pathway.events.avro.RequestPriority;
import org.pathway.events.avro.RoutingDecisionMade;
import org.pathway.events.avro.TaskOutput;
import org.pathway.events.avro.TaskStatus;
import org.pathway.events.avro.TaskStatusChanged;
import org.pathway.events.avro.WellbeingInstrument;
import org.pathway.events.avro.WellbeingScore;
import org.pathway.events.notifications.NotificationTemplate;
import org.pathway.events.notifications.NotificationTemplates;
import org.pathway.events.notifications.WellbeingScoreText;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.notifier.template.Template;
import org.pathway.notifier.template.TemplateCatalogue;
import org.pathway.router.decision.EventFactory;
import org.pathway.router.decision.KnownReferral;
import org.pathway.router.decision.OnwardReferral;
import org.pathway.router.decision.PersonContact;
import org.pathway.router.decision.RoutedReferral;
import org.pathway.router.decision.RouterOutput;
import org.pathway.router.decision.Subscriber;
import org.pathway.router.links.RespondLinks;
import org.pathway.router.policy.CancellationPolicy;
import org.pathway.router.policy.EscalationPolicy;
import org.pathway.router.policy.FeedbackTrigger;
import org.pathway.router.policy.GpFeedbackPolicy;
import org.pathway.router.policy.GroupAnswerPolicy;
import org.pathway.router.policy.NewReferralNoticePolicy;
import org.pathway.router.policy.OnwardReferralPolicy;
import org.pathway.router.policy.PersonNoticePolicy;
import org.pathway.router.policy.SubscriptionPolicy;
import org.pathway.router.routing.ReferralTriage;
import org.pathway.router.routing.TriageRules;
import org.pathway.router.routing.TriageRulesLoader;

/**
 * Every placeholder of every template the router can ask for is one the router fills, so no message
 * reads "for (NHS )". The filled fields are what the router's own policies put into requests for
 * fully populated sample events (the demo directory and shipped triage rules); the placeholders are
 * those of the notifier's texts. It lives here because only deploy sees both services.
 */
class TemplatePlaceholdersTest {

  private static final Instant NOW = Instant.parse("2026-11-20T09:00:00Z");
  private static final String PRACTICE = "A81001";

  /** Template id to every field the router filled for it, across all sample events. */
  private static final Map<String, Set<String>> filled = new TreeMap<>();

  private static Set<String> requestable;

  @BeforeAll
  static void runEveryPolicyOnSampleEvents() throws IOException {
    Directory directory = demoDirectory();
    // Any key will do: the placeholders are what is checked, not the links' signatures.
    var links =
        new RespondLinks(
            new LinkSigner(LinkKeys.parse(LinkKeys.generate("placeholders"))),
            "http://localhost:8088",
            Duration.ofDays(14));
    EventFactory events = new EventFactory(Clock.systemUTC(), links);
    var triage = new ReferralTriage(shippedRules(directory), directory, events);
    var onward = new OnwardReferralPolicy(directory, events);
    var feedback =
        new GpFeedbackPolicy(EnumSet.allOf(FeedbackTrigger.class), true, directory, events);
    var groupAnswer = new GroupAnswerPolicy(directory, events);
    var escalation =
        new EscalationPolicy(
            new EscalationPolicy.Settings(Duration.ofDays(2), Duration.ofDays(14), "hub-city"),
            directory,
            events);
    ReferralReceived referral = referral();
    KnownReferral known = KnownReferral.of(referral);

    RouterOutput triaged = triage.triage(referral);
    collect(triaged);
    // The link worker's notice follows the ledger's announcement of the owner triage chose.
    RoutingDecisionMade decision = triaged.decisions().get(0);
    collect(
        new NewReferralNoticePolicy(directory, events)
            .decide(
                change(TaskStatus.REQUESTED, TaskStatus.REQUESTED)
                    .setTaskId(decision.getTaskId())
                    .setOwner(decision.getTarget())
                    .setEnvelope(
                        EventEnvelope.newBuilder(envelope())
                            .setCausationId(decision.getEnvelope().getEventId().toString())
                            .build())
                    .build(),
                Optional.of(RoutedReferral.of(referral, decision)),
                known));
    for (String group :
        List.of("walk-and-talk", "allotment-friends", "english-conversation", "no-such-group")) {
      collect(onward.decide(onwardReferral(group)));
    }
    // A request the hub passed down a volunteer cascade: "can you help with…".
    var passedOn = onwardReferral("walk-and-talk");
    passedOn.setRequestedBy(
        actor(ActorKind.HUB, "HealthcareService/hub-city", "City Social Prescribing Hub"));
    passedOn.setActivity("Collect a prescription");
    collect(onward.decide(passedOn));
    collect(feedback.decide(change(TaskStatus.REQUESTED, TaskStatus.ACCEPTED).build(), known));
    collect(
        feedback.decide(
            change(TaskStatus.REQUESTED, TaskStatus.REJECTED)
                .setStatusReason(coding("declined-by-patient", "Declined by patient"))
                .build(),
            known));
    collect(
        feedback.decide(
            change(TaskStatus.IN_PROGRESS, TaskStatus.IN_PROGRESS)
                .setBusinessStatus(coding("first-conversation-held", "First conversation held"))
                .build(),
            known));
    collect(
        feedback.decide(
            change(TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED)
                .setBusinessStatus(coding("completed-goals-met", "Goals met"))
                .setOutputs(
                    List.of(score(MeasurementTiming.ENTRY, 19), score(MeasurementTiming.EXIT, 25)))
                .build(),
            known));
    var referredOn = Optional.of(OnwardReferral.of(onwardReferral("walk-and-talk")));
    for (TaskStatus answer :
        List.of(
            TaskStatus.ACCEPTED, TaskStatus.REJECTED, TaskStatus.ON_HOLD, TaskStatus.COMPLETED)) {
      collect(
          groupAnswer.decide(
              change(TaskStatus.REQUESTED, answer)
                  .setTaskId("task-group-walk-and-talk")
                  .setParentTaskId("task-1")
                  .setOwner(
                      actor(
                          ActorKind.COMMUNITY_GROUP,
                          "HealthcareService/walk-and-talk",
                          "Walk and Talk Group"))
                  .setStatusReason(
                      answer == TaskStatus.REJECTED
                          ? new Coding(
                              CodeSystems.DECLINE_REASON, "no-capacity", "No places available")
                          : null)
                  .build(),
              referredOn,
              known));
    }
    // A place offered from the waitlist: the facilitator's notice and the link worker's.
    collect(
        onward.placeOffered(
            change(TaskStatus.ON_HOLD, TaskStatus.REQUESTED)
                .setTaskId("task-group-walk-and-talk")
                .setParentTaskId("task-1")
                .setOwner(
                    actor(
                        ActorKind.COMMUNITY_GROUP,
                        "HealthcareService/walk-and-talk",
                        "Walk and Talk Group"))
                .setBusinessStatus(coding(OnwardReferralPolicy.PLACE_OFFERED, "Place offered"))
                .build(),
            referredOn,
            known));
    String linkWorker = "HealthcareService/lw-north";
    String group = "HealthcareService/walk-and-talk";
    collect(escalation.decide(overdue(TaskStatus.REQUESTED, 3, 5, linkWorker), known));
    collect(escalation.decide(overdue(TaskStatus.REQUESTED, 3, 5, group), known));
    // the SLA ladder's later rungs: the hub told, then (the GP told by the Task change) returned
    ReferralOverdue escalated = overdue(TaskStatus.ACCEPTED, 20, 72, linkWorker);
    escalated.setRung(OverdueRung.ESCALATE);
    collect(escalation.decide(escalated, known));
    ReferralOverdue returned = overdue(TaskStatus.REQUESTED, 15, 24 * 8, linkWorker);
    returned.setRung(OverdueRung.RETURN);
    collect(escalation.decide(returned, known));
    var cancellation = new CancellationPolicy(directory, events);
    Map<String, String> owners = Map.of("task-1", linkWorker, "task-group-walk-and-talk", group);
    collect(
        cancellation.decide(
            ReferralCancelled.newBuilder()
                .setEnvelope(envelope())
                .setServiceRequestId("sr-1")
                .setTaskId("task-1")
                .setCascadedTaskIds(List.of("task-group-walk-and-talk"))
                .setReason(new Coding("http://example.org/reason", "moved", "Moved away"))
                .setCancelledBy(actor(ActorKind.GP_PRACTICE, "Organization/A81001", "Practice"))
                .build(),
            t -> Optional.ofNullable(owners.get(t)),
            known));
    collect(
        feedback.decideCancelled(
            ReferralCancelled.newBuilder()
                .setEnvelope(envelope())
                .setServiceRequestId("sr-1")
                .setTaskId("task-1")
                .setCascadedTaskIds(List.of())
                .setReason(new Coding("http://example.org/reason", "no-answer", "No answer"))
                .setCancelledBy(actor(ActorKind.SYSTEM, "router", "Pathway"))
                .build(),
            known,
            Optional.of(linkWorker)));
    collect(
        groupAnswer.decide(
            change(TaskStatus.IN_PROGRESS, TaskStatus.IN_PROGRESS)
                .setTaskId("task-group-walk-and-talk")
                .setParentTaskId("task-1")
                .setOwner(actor(ActorKind.COMMUNITY_GROUP, group, "Walk and Talk Group"))
                .setBusinessStatus(coding("did-not-attend", "Did not attend"))
                .build(),
            referredOn,
            known));
    var personNotices =
        new PersonNoticePolicy(
            new PersonNoticePolicy.Settings(true, Duration.ofDays(5)), directory, events);
    var consenting =
        PersonContact.of(
            PersonSummary.newBuilder(person())
                .setContactPreference(ContactMethod.EMAIL)
                .setContactConsent(true)
                .build());
    collect(
        personNotices.decide(
            change(TaskStatus.REQUESTED, TaskStatus.ACCEPTED).build(), consenting));
    collect(
        personNotices.decide(
            change(TaskStatus.REQUESTED, TaskStatus.ACCEPTED)
                .setTaskId("task-group-walk-and-talk")
                .setParentTaskId("task-1")
                .setOwner(actor(ActorKind.COMMUNITY_GROUP, group, "Walk and Talk Group"))
                .build(),
            consenting));
    var subscriptions = new SubscriptionPolicy(events);
    collect(
        new RouterOutput(
            List.of(),
            subscriptions.decide(
                SubscriptionPolicy.TaskChange.changed(
                    change(TaskStatus.REQUESTED, TaskStatus.ACCEPTED).build(),
                    "Organization/A81001",
                    "ServiceRequest/sr-1"),
                List.of(
                    new Subscriber(
                        "sub-1",
                        1,
                        true,
                        "A81001",
                        "A81001",
                        null,
                        List.of(),
                        "https://gp.example.org/fhir",
                        "application/fhir+json",
                        List.of("Authorization: Bearer x"))))));
    requestable = templatesTheRouterNames();
  }

  @Test
  void theSampleEventsReachEveryTemplateTheRouterCanRequest() {
    assertThat(filled.keySet())
        .as("templates the router's code names; add a sample event for any that is missing")
        .containsAll(requestable);
  }

  @Test
  void everyPlaceholderOfEveryTemplateTheRouterRequestsIsFilledByTheRouter() {
    TemplateCatalogue texts = TemplateCatalogue.standard();
    for (String id : requestable) {
      Template text = texts.find(id).orElseThrow();
      assertThat(filled.getOrDefault(id, Set.of()))
          .as("fields the router fills for %s (placeholders the router never fills)", id)
          .containsAll(text.placeholders());
    }
  }

  @Test
  void theGpHearsThePersonsNameAndNhsNumber() {
    for (NotificationTemplate gp :
        List.of(NotificationTemplates.GP_STATUS_UPDATE, NotificationTemplates.GP_OUTCOME)) {
      assertThat(filled.get(gp.id())).as(gp.id()).contains("personName", "nhsNumber");
    }
  }

  /** The templates the router's main code refers to, read from its bytecode. */
  private static Set<String> templatesTheRouterNames() {
    Set<String> ids = new TreeSet<>();
    // Only the router's own classes are needed, not everything they reach on the classpath.
    var config = ArchConfiguration.get();
    boolean resolve = config.resolveMissingDependenciesFromClassPath();
    config.setResolveMissingDependenciesFromClassPath(false);
    JavaClasses router;
    try {
      router =
          new ClassFileImporter()
              .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
              .importPackages("org.pathway.router");
    } finally {
      config.setResolveMissingDependenciesFromClassPath(resolve);
    }
    for (var type : router) {
      for (JavaFieldAccess access : type.getFieldAccessesFromSelf()) {
        if (access.getTargetOwner().isEquivalentTo(NotificationTemplates.class)) {
          try {
            Object value = NotificationTemplates.class.getField(access.getName()).get(null);
            if (value instanceof NotificationTemplate t) {
              ids.add(t.id());
            }
          } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
          }
        }
      }
    }
    assertThat(ids).as("templates named by the router").isNotEmpty();
    return ids;
  }

  private static void collect(RouterOutput out) {
    for (NotificationRequested n : out.notifications()) {
      filled
          .computeIfAbsent(n.getTemplateId(), id -> new TreeSet<>())
          .addAll(n.getFields().keySet());
    }
  }

  private static Directory demoDirectory() throws IOException {
    try (InputStream in = resource("directory/hsds-demo-feed.json")) {
      return Directory.of(new HsdsFeedReader().read(in, null).change().entries());
    }
  }

  private static TriageRules shippedRules(Directory directory) throws IOException {
    try (InputStream in = resource("triage-rules.yml")) {
      return TriageRulesLoader.parse(
          new String(in.readAllBytes(), StandardCharsets.UTF_8),
          "triage-rules.yml",
          id -> directory.byId(id).isPresent());
    }
  }

  private static InputStream resource(String name) {
    InputStream in = TemplatePlaceholdersTest.class.getClassLoader().getResourceAsStream(name);
    assertThat(in).as("router resource %s", name).isNotNull();
    return in;
  }

  // Sample events with every optional fact present, so a field left out is the router's choice.

  private static EventEnvelope envelope() {
    return EventEnvelope.newBuilder()
        .setEventId(UUID.randomUUID())
        .setOccurredAt(NOW)
        .setReferralId("referral-1")
        .setCorrelationId("correlation-1")
        .setCausationId(null)
        .setProducer("fhir-adapter")
        .build();
  }

  private static PersonSummary person() {
    return PersonSummary.newBuilder()
        .setNhsNumber("9434765919")
        .setGivenName("Alex")
        .setFamilyName("Jones")
        .setBirthDate(LocalDate.of(1981, 5, 17))
        .setPostcodeDistrict("LS6")
        .setContactPreference(ContactMethod.PHONE)
        .setPhone("+447700900999")
        .setEmail("alex@example.org")
        .build();
  }

  private static Actor actor(ActorKind kind, String reference, String display) {
    return Actor.newBuilder().setKind(kind).setReference(reference).setDisplay(display).build();
  }

  private static Coding coding(String code, String display) {
    return new Coding(CodeSystems.TASK_BUSINESS_STATUS, code, display);
  }

  private static ReferralReceived referral() {
    return ReferralReceived.newBuilder()
        .setEnvelope(envelope())
        .setServiceRequestId("sr-1")
        .setTaskId("task-1")
        .setBusinessIdentifier(new Identifier("https://emis.example/referrals", "R-1"))
        .setSource(ReferralSource.GP)
        .setRequester(actor(ActorKind.GP_PRACTICE, "Organization/" + PRACTICE, "Health Centre"))
        .setPracticeOdsCode(PRACTICE)
        .setPcnCode("U12345")
        .setPerson(person())
        .setNeedCategories(List.of("loneliness"))
        .setPriority(RequestPriority.ROUTINE)
        .setAuthoredOn(NOW)
        .setDueAt(NOW.plus(Duration.ofDays(7)))
        .build();
  }

  private static OnwardReferralCreated onwardReferral(String group) {
    return OnwardReferralCreated.newBuilder()
        .setEnvelope(envelope())
        .setServiceRequestId("sr-onward-" + group)
        .setTaskId("task-group-" + group)
        .setParentTaskId("task-1")
        .setGroupService(actor(ActorKind.COMMUNITY_GROUP, "HealthcareService/" + group, group))
        .setRequestedBy(
            actor(
                ActorKind.LINK_WORKER_SERVICE, "HealthcareService/lw-north", "North Link Workers"))
        .setPerson(person())
        .setActivity("Walking group")
        .setPreferredStart(Instant.parse("2026-11-24T10:30:00Z"))
        .build();
  }

  private static TaskStatusChanged.Builder change(TaskStatus from, TaskStatus to) {
    return TaskStatusChanged.newBuilder()
        .setEnvelope(envelope())
        .setTaskId("task-1")
        .setTaskVersion(2)
        .setParentTaskId(null)
        .setOwner(
            actor(
                ActorKind.LINK_WORKER_SERVICE, "HealthcareService/lw-north", "North Link Workers"))
        .setPreviousStatus(from)
        .setStatus(to)
        .setBusinessStatus(null)
        .setStatusReason(null)
        .setOutputs(List.of())
        .setChangedBy(actor(ActorKind.PRACTITIONER, "Practitioner/lw-1", "Link worker"));
  }

  private static TaskOutput score(MeasurementTiming timing, double value) {
    var score = new WellbeingScore(WellbeingInstrument.SWEMWBS, timing, value, null);
    return new TaskOutput(
        new Coding(CodeSystems.TASK_OUTPUT_TYPE, "wellbeing-score", null),
        "Observation/" + timing,
        WellbeingScoreText.format(score),
        score);
  }

  private static ReferralOverdue overdue(
      TaskStatus status, int waitingDays, int lateHours, String ownerReference) {
    return ReferralOverdue.newBuilder()
        .setEnvelope(envelope())
        .setTaskId("task-1")
        .setOwner(actor(ActorKind.LINK_WORKER_SERVICE, ownerReference, "owner"))
        .setStatus(status)
        .setBusinessStatus(null)
        .setStep("accept")
        .setDueAt(NOW.minus(Duration.ofHours(lateHours)))
        .setRequestedAt(NOW.minus(Duration.ofDays(waitingDays)))
        .build();
  }
}
