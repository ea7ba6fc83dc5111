package org.pathway.reporting.support;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.pathway.events.avro.Actor;
import org.pathway.events.avro.ActorKind;
import org.pathway.events.avro.Coding;
import org.pathway.events.avro.ContactMethod;
import org.pathway.events.avro.EvaluationFacts;
import org.pathway.events.avro.EventEnvelope;
import org.pathway.events.avro.Identifier;
import org.pathway.events.avro.MeasurementTiming;
import org.pathway.events.avro.OnwardReferralCreated;
import org.pathway.events.avro.OutcomeRecorded;
import org.pathway.events.avro.PersonSummary;
import org.pathway.events.avro.ReferralReceived;
import org.pathway.events.avro.ReferralSource;
import org.pathway.events.avro.RequestPriority;
import org.pathway.events.avro.TaskStatus;
import org.pathway.events.avro.TaskStatusChanged;
import org.pathway.events.avro.WellbeingInstrument;
import org.pathway.events.vocabulary.CodeSystems;

/**
 * Writes one referral's events as the fhir-adapter would, step by step at known times: the test
 * fixtures of reporting (the events carry what the adapter's intake puts on them).
 */
public final class JourneyScript {

  private final String referralId;
  private final Instant start;
  private final List<SpecificRecord> events = new ArrayList<>();
  private int version = 1;

  private JourneyScript(String referralId, Instant start) {
    this.referralId = referralId;
    this.start = start;
  }

  /** A referral from {@code practice} in {@code pcn}, referred at {@code start}. */
  public static JourneyScript referral(
      String referralId,
      Instant start,
      String practice,
      String pcn,
      String pathway,
      String sex,
      String ethnicCategory,
      String ageBand,
      Integer decile) {
    JourneyScript s = new JourneyScript(referralId, start);
    s.events.add(
        ReferralReceived.newBuilder()
            .setEnvelope(s.envelope(0))
            .setServiceRequestId("sr-" + referralId)
            .setTaskId(s.rootTask())
            .setBusinessIdentifier(
                Identifier.newBuilder()
                    .setSystem("https://gp.example/ref")
                    .setValue(referralId)
                    .build())
            .setSource(ReferralSource.GP)
            .setRequester(actor(ActorKind.GP_PRACTICE, "Organization/" + practice, practice))
            .setPracticeOdsCode(practice)
            .setPcnCode(pcn)
            .setPerson(person())
            .setNeedCategories(List.of("loneliness"))
            .setPriority(RequestPriority.ROUTINE)
            .setAuthoredOn(start)
            .setEvaluation(
                EvaluationFacts.newBuilder()
                    .setSex(sex)
                    .setEthnicCategory(ethnicCategory)
                    .setAgeBand(ageBand)
                    .setDeprivationDecile(decile)
                    .setPathway(pathway)
                    .build())
            .build());
    return s;
  }

  /** The link-worker service accepts the referral {@code days} after it was made. */
  public JourneyScript accepted(double days, String service) {
    return root(days, TaskStatus.ACCEPTED, null, service);
  }

  /** The referral Task gets business status {@code code}. */
  public JourneyScript business(double days, String code, String service) {
    return root(days, TaskStatus.IN_PROGRESS, code, service);
  }

  /** The link worker declines (rejects) the referral. */
  public JourneyScript declined(double days, String service) {
    return root(days, TaskStatus.REJECTED, null, service);
  }

  /** The referral is completed. */
  public JourneyScript completed(double days, String service) {
    return root(days, TaskStatus.COMPLETED, "completed-goals-met", service);
  }

  /** The link worker refers on to {@code group}. */
  public JourneyScript onward(double days, String service, String group) {
    events.add(
        OnwardReferralCreated.newBuilder()
            .setEnvelope(envelope(days))
            .setServiceRequestId("sr-onward-" + referralId)
            .setTaskId(groupTask())
            .setParentTaskId(rootTask())
            .setGroupService(actor(ActorKind.COMMUNITY_GROUP, "HealthcareService/" + group, group))
            .setRequestedBy(
                actor(ActorKind.LINK_WORKER_SERVICE, "HealthcareService/" + service, service))
            .setPerson(person())
            .setActivity("Walking group")
            .build());
    return this;
  }

  /** The group's Task gets business status {@code code} ({@code session-attended}, ...). */
  public JourneyScript group(double days, String code, String group) {
    events.add(
        TaskStatusChanged.newBuilder()
            .setEnvelope(envelope(days))
            .setTaskId(groupTask())
            .setTaskVersion(version++)
            .setParentTaskId(rootTask())
            .setOwner(actor(ActorKind.COMMUNITY_GROUP, "HealthcareService/" + group, group))
            .setPreviousStatus(TaskStatus.ACCEPTED)
            .setStatus(TaskStatus.IN_PROGRESS)
            .setBusinessStatus(status(code))
            .setOutputs(List.of())
            .setChangedBy(actor(ActorKind.COMMUNITY_GROUP, "HealthcareService/" + group, group))
            .build());
    return this;
  }

  /** A wellbeing score. */
  public JourneyScript score(
      double days, WellbeingInstrument instrument, MeasurementTiming timing, double score) {
    events.add(
        OutcomeRecorded.newBuilder()
            .setEnvelope(envelope(days))
            .setTaskId(rootTask())
            .setInstrument(instrument)
            .setTiming(timing)
            .setScore(score)
            .setObservationId("obs-" + referralId + "-" + events.size())
            .setEffectiveAt(at(days))
            .build());
    return this;
  }

  public String referralId() {
    return referralId;
  }

  /** The events, in the order the adapter would write them. */
  public List<SpecificRecord> events() {
    return List.copyOf(events);
  }

  /** {@code days} after the referral. */
  public Instant at(double days) {
    return start.plus(Duration.ofMillis(Math.round(days * 86_400_000d)));
  }

  private JourneyScript root(double days, TaskStatus status, String code, String service) {
    events.add(
        TaskStatusChanged.newBuilder()
            .setEnvelope(envelope(days))
            .setTaskId(rootTask())
            .setTaskVersion(version++)
            .setParentTaskId(null)
            .setOwner(actor(ActorKind.LINK_WORKER_SERVICE, "HealthcareService/" + service, service))
            .setPreviousStatus(TaskStatus.REQUESTED)
            .setStatus(status)
            .setBusinessStatus(code == null ? null : status(code))
            .setStatusReason(
                status == TaskStatus.REJECTED
                    ? Coding.newBuilder()
                        .setSystem(CodeSystems.DECLINE_REASON)
                        .setCode("not-eligible")
                        .build()
                    : null)
            .setOutputs(List.of())
            .setChangedBy(
                actor(ActorKind.LINK_WORKER_SERVICE, "HealthcareService/" + service, service))
            .build());
    return this;
  }

  private String rootTask() {
    return "task-" + referralId;
  }

  private String groupTask() {
    return "task-group-" + referralId;
  }

  private EventEnvelope envelope(double days) {
    return EventEnvelope.newBuilder()
        .setEventId(UUID.randomUUID())
        .setOccurredAt(at(days))
        .setReferralId(referralId)
        .setCorrelationId("corr-" + referralId)
        .setProducer("fhir-adapter")
        .build();
  }

  private static PersonSummary person() {
    return PersonSummary.newBuilder()
        .setNhsNumber("9434765919")
        .setGivenName("Alex")
        .setFamilyName("Jones")
        .setBirthDate(LocalDate.of(1981, 5, 17))
        .setPostcodeDistrict("LS1")
        .setContactPreference(ContactMethod.PHONE)
        .build();
  }

  private static Coding status(String code) {
    return Coding.newBuilder().setSystem(CodeSystems.TASK_BUSINESS_STATUS).setCode(code).build();
  }

  private static Actor actor(ActorKind kind, String reference, String identifier) {
    return Actor.newBuilder()
        .setKind(kind)
        .setReference(reference)
        .setIdentifier(identifier)
        .build();
  }
}
