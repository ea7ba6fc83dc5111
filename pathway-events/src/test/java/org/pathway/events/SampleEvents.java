package org.pathway.events;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.pathway.events.avro.Actor;
import org.pathway.events.avro.ActorKind;
import org.pathway.events.avro.Audience;
import org.pathway.events.avro.CapacityStatus;
import org.pathway.events.avro.Channel;
import org.pathway.events.avro.Coding;
import org.pathway.events.avro.ContactMethod;
import org.pathway.events.avro.DeliveryAttempt;
import org.pathway.events.avro.EventEnvelope;
import org.pathway.events.avro.Identifier;
import org.pathway.events.avro.MeasurementTiming;
import org.pathway.events.avro.NotificationDelivered;
import org.pathway.events.avro.NotificationFailed;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.avro.OnwardReferralCreated;
import org.pathway.events.avro.OutcomeRecorded;
import org.pathway.events.avro.PersonSummary;
import org.pathway.events.avro.Recipient;
import org.pathway.events.avro.ReferralCancelled;
import org.pathway.events.avro.ReferralOverdue;
import org.pathway.events.avro.ReferralReceived;
import org.pathway.events.avro.ReferralSource;
import org.pathway.events.avro.RequestPriority;
import org.pathway.events.avro.RoutingAction;
import org.pathway.events.avro.RoutingDecisionMade;
import org.pathway.events.avro.TaskOutput;
import org.pathway.events.avro.TaskStatus;
import org.pathway.events.avro.TaskStatusChanged;
import org.pathway.events.avro.WellbeingInstrument;
import org.pathway.events.avro.WellbeingScore;
import org.pathway.events.vocabulary.CodeSystems;

/** One realistic event of every type, for round trips and broker tests. */
public final class SampleEvents {

  private static final Instant T0 = Instant.parse("2026-11-02T09:15:00Z");

  private SampleEvents() {}

  public static EventEnvelope envelope(String referralId, String producer) {
    return EventEnvelope.newBuilder()
        .setEventId(UUID.randomUUID())
        .setOccurredAt(T0)
        .setReferralId(referralId)
        .setCorrelationId("corr-" + referralId)
        .setCausationId(null)
        .setProducer(producer)
        .build();
  }

  public static Actor practice() {
    return new Actor(ActorKind.GP_PRACTICE, "Organization/A81001", "A81001", "Riverside Surgery");
  }

  public static Actor linkWorkerService() {
    return new Actor(
        ActorKind.LINK_WORKER_SERVICE,
        "HealthcareService/leeds-north-lw",
        null,
        "Leeds North Social Prescribing");
  }

  public static Actor walkingGroup() {
    return new Actor(
        ActorKind.COMMUNITY_GROUP, "HealthcareService/meanwood-walks", null, "Meanwood Walks");
  }

  public static PersonSummary person() {
    return PersonSummary.newBuilder()
        .setNhsNumber("9434765919")
        .setGivenName("Ada")
        .setFamilyName("Okafor")
        .setBirthDate(LocalDate.of(1958, 3, 14))
        .setPostcodeDistrict("LS6")
        .setContactPreference(ContactMethod.PHONE)
        .setPhone("+447700900123")
        .setEmail(null)
        .build();
  }

  public static ReferralReceived referralReceived(String referralId) {
    return ReferralReceived.newBuilder()
        .setEnvelope(envelope(referralId, "fhir-adapter"))
        .setServiceRequestId(referralId)
        .setTaskId("task-" + referralId)
        .setBusinessIdentifier(new Identifier("https://fhir.nhs.uk/Id/A81001", "REF-" + referralId))
        .setSource(ReferralSource.GP)
        .setRequester(practice())
        .setPracticeOdsCode("A81001")
        .setPcnCode("U12345")
        .setPerson(person())
        .setNeedCategories(List.of("social-connection", "physical-activity"))
        .setPriority(RequestPriority.ROUTINE)
        .setAuthoredOn(T0)
        .setDueAt(T0.plusSeconds(14 * 86_400))
        .build();
  }

  public static TaskStatusChanged taskStatusChanged(String referralId, int version) {
    return TaskStatusChanged.newBuilder()
        .setEnvelope(envelope(referralId, "fhir-adapter"))
        .setTaskId("task-" + referralId)
        .setTaskVersion(version)
        .setParentTaskId(null)
        .setOwner(linkWorkerService())
        .setPreviousStatus(TaskStatus.REQUESTED)
        .setStatus(TaskStatus.ACCEPTED)
        .setBusinessStatus(new Coding(CodeSystems.TASK_BUSINESS_STATUS, "acknowledged", null))
        .setStatusReason(null)
        .setOutputs(List.of())
        .setChangedBy(linkWorkerService())
        .build();
  }

  public static ReferralCancelled referralCancelled(String referralId) {
    return ReferralCancelled.newBuilder()
        .setEnvelope(envelope(referralId, "fhir-adapter"))
        .setServiceRequestId(referralId)
        .setTaskId("task-" + referralId)
        .setCascadedTaskIds(List.of("task-child-1"))
        .setReason(new Coding(null, "patient-moved", "Moved out of area"))
        .setCancelledBy(practice())
        .build();
  }

  /** One of each event type in the catalogue, all for {@code referralId}. */
  public static List<SpecificRecord> oneOfEach(String referralId) {
    var onward =
        OnwardReferralCreated.newBuilder()
            .setEnvelope(envelope(referralId, "fhir-adapter"))
            .setServiceRequestId("onward-" + referralId)
            .setTaskId("task-child-1")
            .setParentTaskId("task-" + referralId)
            .setGroupService(walkingGroup())
            .setRequestedBy(linkWorkerService())
            .setPerson(person())
            .setActivity("Thursday morning walk")
            .setPreferredStart(T0.plusSeconds(7 * 86_400))
            .build();
    var outcome =
        OutcomeRecorded.newBuilder()
            .setEnvelope(envelope(referralId, "fhir-adapter"))
            .setTaskId("task-" + referralId)
            .setInstrument(WellbeingInstrument.SWEMWBS)
            .setTiming(MeasurementTiming.ENTRY)
            .setScore(19.25)
            .setObservationId("obs-1")
            .setQuestionnaireResponseId("qr-1")
            .setEffectiveAt(T0)
            .build();
    var overdue =
        ReferralOverdue.newBuilder()
            .setEnvelope(envelope(referralId, "fhir-adapter"))
            .setTaskId("task-" + referralId)
            .setOwner(null)
            .setStatus(TaskStatus.REQUESTED)
            .setBusinessStatus(null)
            .setStep("accept")
            .setDueAt(T0.plusSeconds(14 * 86_400))
            .setRequestedAt(T0)
            .build();
    var decision =
        RoutingDecisionMade.newBuilder()
            .setEnvelope(envelope(referralId, "router"))
            .setTaskId("task-" + referralId)
            .setAction(RoutingAction.ASSIGN_OWNER)
            .setTarget(linkWorkerService())
            .setRuleId("pcn-U12345")
            .setCapacity(CapacityStatus.CAPACITY)
            .setExplanation("practice A81001 is in PCN U12345")
            .setCausedByEventType(ReferralReceived.getClassSchema().getFullName())
            .build();
    UUID notificationId = UUID.randomUUID();
    var requested =
        NotificationRequested.newBuilder()
            .setEnvelope(envelope(referralId, "router"))
            .setNotificationId(notificationId)
            .setTaskId("task-child-1")
            .setAudience(Audience.FACILITATOR)
            .setChannel(Channel.EMAIL)
            .setRecipient(new Recipient(walkingGroup(), "Sam", "walks@example.org", null))
            .setTemplateId("facilitator-new-member")
            .setFields(Map.of("givenName", "Ada", "activity", "Thursday morning walk"))
            .setIdempotencyKey(notificationId.toString())
            .build();
    var delivered =
        NotificationDelivered.newBuilder()
            .setEnvelope(envelope(referralId, "notifier"))
            .setNotificationId(notificationId)
            .setChannel(Channel.EMAIL)
            .setProviderReference("<abc@pathway>")
            .setAttempts(1)
            .setDeliveredAt(T0)
            .build();
    var failed =
        NotificationFailed.newBuilder()
            .setEnvelope(envelope(referralId, "notifier"))
            .setNotificationId(notificationId)
            .setChannel(Channel.WEBHOOK)
            .setAttempts(List.of(new DeliveryAttempt(T0, "503 Service Unavailable")))
            .setReason("retry horizon of 6h reached")
            .setDeadLetterTopic("pathway.notifier.dlq")
            .build();
    var completed = taskStatusChanged(referralId, 5);
    completed.setStatus(TaskStatus.COMPLETED);
    completed.setOutputs(
        List.of(
            new TaskOutput(
                new Coding(CodeSystems.TASK_OUTPUT_TYPE, "wellbeing-score", null),
                "Observation/obs-2",
                "SWEMWBS exit 24",
                new WellbeingScore(
                    WellbeingInstrument.SWEMWBS,
                    MeasurementTiming.EXIT,
                    24.0,
                    T0.toEpochMilli()))));
    return List.of(
        referralReceived(referralId),
        referralCancelled(referralId),
        completed,
        onward,
        outcome,
        overdue,
        decision,
        requested,
        delivered,
        failed);
  }
}
