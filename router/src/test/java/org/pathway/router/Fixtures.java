package org.pathway.router;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.pathway.directory.Directory;
import org.pathway.directory.HsdsFeedReader;
import org.pathway.events.avro.Actor;
import org.pathway.events.avro.ActorKind;
import org.pathway.events.avro.Coding;
import org.pathway.events.avro.ContactMethod;
import org.pathway.events.avro.EventEnvelope;
import org.pathway.events.avro.Identifier;
import org.pathway.events.avro.MeasurementTiming;
import org.pathway.events.avro.OnwardReferralCreated;
import org.pathway.events.avro.PersonSummary;
import org.pathway.events.avro.ReferralOverdue;
import org.pathway.events.avro.ReferralReceived;
import org.pathway.events.avro.ReferralSource;
import org.pathway.events.avro.RequestPriority;
import org.pathway.events.avro.TaskOutput;
import org.pathway.events.avro.TaskStatus;
import org.pathway.events.avro.TaskStatusChanged;
import org.pathway.events.avro.WellbeingInstrument;
import org.pathway.events.avro.WellbeingScore;
import org.pathway.events.notifications.WellbeingScoreText;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.router.decision.KnownReferral;

/** Events and the demo directory for tests. */
public final class Fixtures {

  public static final Instant AUTHORED = Instant.parse("2026-11-02T10:00:00Z");

  private Fixtures() {}

  /** The directory shipped for dev mode, which the tests also use. */
  public static Directory demoDirectory() {
    try (InputStream in =
        Fixtures.class.getClassLoader().getResourceAsStream("directory/hsds-demo-feed.json")) {
      return Directory.of(new HsdsFeedReader().read(in, null).change().entries());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static EventEnvelope envelope(String referralId) {
    return envelope(referralId, AUTHORED);
  }

  public static EventEnvelope envelope(String referralId, Instant at) {
    return EventEnvelope.newBuilder()
        .setEventId(UUID.randomUUID())
        .setOccurredAt(at)
        .setReferralId(referralId)
        .setCorrelationId("corr-" + referralId)
        .setCausationId(null)
        .setProducer("fhir-adapter")
        .build();
  }

  public static PersonSummary person(LocalDate birthDate, String postcodeDistrict) {
    return PersonSummary.newBuilder()
        .setNhsNumber("9434765919")
        .setGivenName("Alex")
        .setFamilyName("Jones")
        .setBirthDate(birthDate)
        .setPostcodeDistrict(postcodeDistrict)
        .setContactPreference(ContactMethod.PHONE)
        .setPhone("+447700900999")
        .setEmail("alex@example.org")
        .build();
  }

  /** A GP referral from practice A81001, aged 45, LS1, need "loneliness": matches no rule. */
  public static ReferralReceived.Builder referral(String referralId) {
    return ReferralReceived.newBuilder()
        .setEnvelope(envelope(referralId))
        .setServiceRequestId("sr-" + referralId)
        .setTaskId("task-" + referralId)
        .setBusinessIdentifier(
            Identifier.newBuilder()
                .setSystem("https://emis.example/referrals")
                .setValue(referralId)
                .build())
        .setSource(ReferralSource.GP)
        .setRequester(
            Actor.newBuilder()
                .setKind(ActorKind.GP_PRACTICE)
                .setReference("Organization/A81001")
                .setIdentifier("A81001")
                .setDisplay("The Health Centre")
                .build())
        .setPracticeOdsCode("A81001")
        .setPcnCode("U99999")
        .setPerson(person(LocalDate.of(1981, 5, 17), "LS1"))
        .setNeedCategories(List.of("loneliness"))
        .setPriority(RequestPriority.ROUTINE)
        .setAuthoredOn(AUTHORED)
        .setDueAt(AUTHORED.plusSeconds(7 * 86400));
  }

  public static Actor actor(ActorKind kind, String reference, String display) {
    return Actor.newBuilder().setKind(kind).setReference(reference).setDisplay(display).build();
  }

  public static OnwardReferralCreated onwardReferral(String referralId, String groupId) {
    return OnwardReferralCreated.newBuilder()
        .setEnvelope(envelope(referralId))
        .setServiceRequestId("sr-onward-" + referralId)
        .setTaskId("task-group-" + referralId)
        .setParentTaskId("task-" + referralId)
        .setGroupService(actor(ActorKind.COMMUNITY_GROUP, "HealthcareService/" + groupId, groupId))
        .setRequestedBy(
            actor(
                ActorKind.LINK_WORKER_SERVICE,
                "HealthcareService/lw-north",
                "North PCN Link Workers"))
        .setPerson(person(LocalDate.of(1981, 5, 17), "LS6"))
        .setActivity("Walking group")
        .setPreferredStart(Instant.parse("2026-11-10T10:00:00Z"))
        .build();
  }

  public static TaskStatusChanged.Builder taskChange(
      String referralId, TaskStatus from, TaskStatus to) {
    return TaskStatusChanged.newBuilder()
        .setEnvelope(envelope(referralId))
        .setTaskId("task-" + referralId)
        .setTaskVersion(2)
        .setParentTaskId(null)
        .setOwner(
            actor(
                ActorKind.LINK_WORKER_SERVICE,
                "HealthcareService/lw-north",
                "North PCN Link Workers"))
        .setPreviousStatus(from)
        .setStatus(to)
        .setBusinessStatus(null)
        .setStatusReason(null)
        .setOutputs(List.of())
        .setChangedBy(actor(ActorKind.PRACTITIONER, "Practitioner/lw-1", "Link worker"));
  }

  /**
   * A change of the group's Task that {@link #onwardReferral} created: owned by {@code groupId},
   * part of the link worker's Task.
   */
  public static TaskStatusChanged.Builder groupTaskChange(
      String referralId, String groupId, TaskStatus from, TaskStatus to) {
    return taskChange(referralId, from, to)
        .setTaskId("task-group-" + referralId)
        .setParentTaskId("task-" + referralId)
        .setOwner(actor(ActorKind.COMMUNITY_GROUP, "HealthcareService/" + groupId, groupId))
        .setChangedBy(actor(ActorKind.COMMUNITY_GROUP, "HealthcareService/" + groupId, groupId));
  }

  public static Coding coding(String code, String display) {
    return Coding.newBuilder()
        .setSystem(CodeSystems.TASK_BUSINESS_STATUS)
        .setCode(code)
        .setDisplay(display)
        .build();
  }

  /** A score output as the ledger writes it: typed, with the display beside it. */
  public static TaskOutput output(WellbeingScore score) {
    return legacyOutput(WellbeingScoreText.format(score)).setScore(score).build();
  }

  /** A score output as ledgers wrote it before TaskOutput.score: the display only. */
  public static TaskOutput.Builder legacyOutput(String display) {
    return TaskOutput.newBuilder()
        .setType(
            Coding.newBuilder()
                .setSystem(CodeSystems.TASK_OUTPUT_TYPE)
                .setCode("wellbeing-score")
                .setDisplay("Wellbeing score")
                .build())
        .setReference("Observation/1")
        .setDisplay(display);
  }

  public static WellbeingScore score(MeasurementTiming timing, double value) {
    return new WellbeingScore(WellbeingInstrument.SWEMWBS, timing, value, null);
  }

  /** What the router remembers of {@link #referral} from practice {@code practiceOdsCode}. */
  public static KnownReferral known(String practiceOdsCode) {
    return KnownReferral.of(referral("known").setPracticeOdsCode(practiceOdsCode).build());
  }

  public static ReferralOverdue overdue(
      String referralId,
      TaskStatus status,
      Instant requestedAt,
      Instant dueAt,
      Instant now,
      Actor owner) {
    return ReferralOverdue.newBuilder()
        .setEnvelope(envelope(referralId, now))
        .setTaskId("task-" + referralId)
        .setOwner(owner)
        .setStatus(status)
        .setBusinessStatus(null)
        .setStep("accept")
        .setDueAt(dueAt)
        .setRequestedAt(requestedAt)
        .build();
  }
}
