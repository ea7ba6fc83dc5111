package org.pathway.fhiradapter.fhir;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.pathway.access.links.LinkPurpose;
import org.pathway.access.links.SignedLink;
import org.pathway.access.tokens.Caller;
import org.pathway.events.avro.Actor;
import org.pathway.events.avro.ActorKind;
import org.pathway.events.avro.Coding;
import org.pathway.events.avro.EventEnvelope;
import org.pathway.events.avro.Identifier;
import org.pathway.events.avro.OnwardReferralCreated;
import org.pathway.events.avro.OutcomeRecorded;
import org.pathway.events.avro.PersonSummary;
import org.pathway.events.avro.ReferralCancelled;
import org.pathway.events.avro.ReferralOverdue;
import org.pathway.events.avro.ReferralReceived;
import org.pathway.events.avro.RequestPriority;
import org.pathway.events.avro.TaskOutput;
import org.pathway.events.avro.TaskStatus;
import org.pathway.events.avro.TaskStatusChanged;
import org.pathway.events.avro.WellbeingScore;
import org.pathway.events.notifications.WellbeingScoreText;
import org.pathway.events.topics.Service;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.events.vocabulary.DeclineReasons;
import org.pathway.fhiradapter.ids.RandomUuids;

/**
 * Maps ledger changes to the events that announce them. Events carry only what routing and
 * notification need: never reasons, notes, conditions or medication.
 */
public final class EventMapper {

  private EventMapper() {}

  /** The envelope every event starts with; keyed by the root referral so order holds per path. */
  public static EventEnvelope envelope(
      String rootReferralId, String correlationId, String causationId, Instant at) {
    return EventEnvelope.newBuilder()
        .setEventId(RandomUuids.next())
        .setOccurredAt(at)
        .setReferralId(rootReferralId)
        .setCorrelationId(correlationId)
        .setCausationId(causationId)
        .setProducer(Service.FHIR_ADAPTER.id())
        .build();
  }

  /** The event announcing a new GP (or self) referral. */
  public static ReferralReceived referralReceived(
      ReferralSubmission s, String referralId, String taskId, EventEnvelope env, Instant dueAt) {
    ServiceRequest sr = s.serviceRequest();
    return ReferralReceived.newBuilder()
        .setEnvelope(env)
        .setServiceRequestId(referralId)
        .setTaskId(taskId)
        .setBusinessIdentifier(new Identifier(s.identifierSystem(), s.identifierValue()))
        .setSource(s.source())
        .setRequester(
            actor(
                sr.getRequester(),
                s.requesterRef(),
                switch (s.source()) {
                  case SELF -> ActorKind.PATIENT;
                  case GP -> ActorKind.GP_PRACTICE;
                  default -> ActorKind.UNKNOWN;
                }))
        .setPracticeOdsCode(practiceOf(s))
        .setPerson(person(s.patient(), s.nhsNumber(), s))
        .setNeedCategories(needCategories(sr))
        .setPriority(priority(sr))
        .setAuthoredOn(sr.hasAuthoredOn() ? sr.getAuthoredOn().toInstant() : env.getOccurredAt())
        .setDueAt(dueAt)
        // What each hop may be told: the router applies it where it builds every notification.
        .setConsent(ConsentProvisionsReader.read(sent(s)))
        .build();
  }

  /** The event announcing a link worker's onward referral to a group. */
  public static OnwardReferralCreated onwardReferralCreated(
      ReferralSubmission s,
      String referralId,
      String taskId,
      String parentTaskId,
      EventEnvelope env,
      Task.TaskStatus taskStatus,
      Integer waitlistPosition,
      org.pathway.events.avro.CapacityStatus groupCapacity) {
    ServiceRequest sr = s.serviceRequest();
    CodeableConcept code = sr.getCode();
    String activity =
        code.hasText()
            ? code.getText()
            : code.getCodingFirstRep().hasDisplay()
                ? code.getCodingFirstRep().getDisplay()
                : code.getCodingFirstRep().getCode();
    return OnwardReferralCreated.newBuilder()
        .setEnvelope(env)
        .setServiceRequestId(referralId)
        .setTaskId(taskId)
        .setParentTaskId(parentTaskId)
        .setGroupService(actor(sr.getPerformerFirstRep(), s.ownerRef(), ActorKind.COMMUNITY_GROUP))
        .setRequestedBy(actor(sr.getRequester(), s.requesterRef(), ActorKind.LINK_WORKER_SERVICE))
        .setPerson(person(s.patient(), s.nhsNumber(), s))
        .setActivity(activity == null ? "" : activity)
        .setPreferredStart(
            sr.hasOccurrenceDateTimeType()
                ? sr.getOccurrenceDateTimeType().getValue().toInstant()
                : null)
        .setTaskStatus(status(taskStatus))
        .setWaitlistPosition(waitlistPosition)
        .setGroupCapacity(groupCapacity)
        .build();
  }

  /** The event announcing a new Task version whose status, business status or owner changed. */
  public static TaskStatusChanged taskStatusChanged(
      Task before, Task after, EventEnvelope env, Actor changedBy) {
    return TaskStatusChanged.newBuilder()
        .setEnvelope(env)
        .setTaskId(after.getIdElement().getIdPart())
        .setTaskVersion(Integer.parseInt(after.getMeta().getVersionId()))
        .setParentTaskId(
            after.hasPartOf() ? after.getPartOfFirstRep().getReferenceElement().getIdPart() : null)
        .setOwner(after.hasOwner() ? actor(after.getOwner(), null, ActorKind.UNKNOWN) : null)
        .setPreviousStatus(status(before.getStatus()))
        .setStatus(status(after.getStatus()))
        .setBusinessStatus(after.hasBusinessStatus() ? coding(after.getBusinessStatus()) : null)
        .setStatusReason(after.hasStatusReason() ? reason(after.getStatusReason()) : null)
        .setPreviousBusinessStatus(
            before.hasBusinessStatus() ? coding(before.getBusinessStatus()) : null)
        .setOutputs(after.getOutput().stream().map(EventMapper::output).toList())
        .setChangedBy(changedBy)
        .build();
  }

  private static TaskOutput output(Task.TaskOutputComponent o) {
    Reference ref = o.getValue() instanceof Reference r ? r : null;
    String display =
        ref != null
            ? ref.getDisplay()
            : o.getValue() != null && o.getValue().isPrimitive()
                ? o.getValue().primitiveValue()
                : null;
    return TaskOutput.newBuilder()
        .setType(coding(o.getType()))
        .setReference(ref == null ? null : ref.getReference())
        .setDisplay(display)
        .setScore(ref == null ? null : score(ref))
        .build();
  }

  /**
   * The score an Observation output holds. The ledger checked every such output against its
   * recorded scores and wrote the display from the recorded row (SWEMWBS exit 24), so the display
   * is the ledger's own text, read back by the one parser.
   */
  private static WellbeingScore score(Reference ref) {
    if (!"Observation".equals(ref.getReferenceElement().getResourceType())) {
      return null;
    }
    try {
      List<WellbeingScore> scores = WellbeingScoreText.parse(ref.getDisplay());
      return scores.size() == 1 ? scores.get(0) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The event announcing a wellbeing score recorded against a Task. */
  public static OutcomeRecorded outcomeRecorded(
      OutcomeSubmission s, String taskId, String observationId, EventEnvelope env) {
    return OutcomeRecorded.newBuilder()
        .setEnvelope(env)
        .setTaskId(taskId)
        .setInstrument(s.instrument())
        .setTiming(s.timing())
        .setScore(s.score())
        .setObservationId(observationId)
        .setQuestionnaireResponseId(s.questionnaireResponseId())
        .setEffectiveAt(s.effectiveAt())
        .build();
  }

  /** The event announcing that a Task step is past its due time. */
  public static ReferralOverdue referralOverdue(
      Task task, String step, Instant dueAt, EventEnvelope env) {
    return ReferralOverdue.newBuilder()
        .setEnvelope(env)
        .setTaskId(task.getIdElement().getIdPart())
        .setOwner(task.hasOwner() ? actor(task.getOwner(), null, ActorKind.UNKNOWN) : null)
        .setStatus(status(task.getStatus()))
        .setBusinessStatus(task.hasBusinessStatus() ? coding(task.getBusinessStatus()) : null)
        .setStep(step)
        .setDueAt(dueAt)
        .setRequestedAt(
            task.hasAuthoredOn() ? task.getAuthoredOn().toInstant() : env.getOccurredAt())
        .build();
  }

  /** The event announcing a cancelled referral and the child Tasks cancelled with it. */
  public static ReferralCancelled referralCancelled(
      String serviceRequestId, Task cancelled, List<String> cascaded, EventEnvelope env, Actor by) {
    return ReferralCancelled.newBuilder()
        .setEnvelope(env)
        .setServiceRequestId(serviceRequestId)
        .setTaskId(cancelled.getIdElement().getIdPart())
        .setCascadedTaskIds(cascaded)
        .setReason(coding(cancelled.getStatusReason()))
        .setCancelledBy(by)
        .build();
  }

  /** Pathway's event status for a FHIR Task status. */
  public static TaskStatus status(Task.TaskStatus s) {
    if (s == null || s == Task.TaskStatus.NULL) {
      return TaskStatus.UNKNOWN;
    }
    try {
      return TaskStatus.valueOf(s.toCode().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      return TaskStatus.UNKNOWN;
    }
  }

  /** An actor from a FHIR reference; {@code token} is used when the reference has no literal. */
  public static Actor actor(Reference ref, String token, ActorKind fallback) {
    String reference = ref.hasReference() ? ref.getReference() : token;
    ActorKind kind = fallback;
    String type = ref.hasType() ? ref.getType() : ref.getReferenceElement().getResourceType();
    if ("HealthcareService".equals(type) && fallback == ActorKind.UNKNOWN) {
      kind = ActorKind.COMMUNITY_GROUP;
    } else if ("Patient".equals(type)) {
      kind = ActorKind.PATIENT;
    } else if ("Practitioner".equals(type) || "PractitionerRole".equals(type)) {
      kind = fallback == ActorKind.GP_PRACTICE ? ActorKind.PRACTITIONER : fallback;
    }
    return Actor.newBuilder()
        .setKind(kind)
        .setReference(reference == null ? "" : reference)
        .setIdentifier(
            ref.hasIdentifier()
                ? ref.getIdentifier().getSystem() + "|" + ref.getIdentifier().getValue()
                : null)
        .setDisplay(ref.getDisplay())
        .build();
  }

  /**
   * The recipient of a signed link as the actor of a change the portal made for them: the
   * organisation (a link-worker service or a community group, by directory id), said to have acted
   * via a signed link.
   */
  public static Actor linkRecipient(SignedLink link) {
    return Actor.newBuilder()
        .setKind(
            link.purpose() == LinkPurpose.FACILITATOR
                ? ActorKind.COMMUNITY_GROUP
                : ActorKind.LINK_WORKER_SERVICE)
        .setReference("HealthcareService/" + link.recipient())
        .setIdentifier(link.recipient())
        .setDisplay(link.recipient() + " via signed link")
        .build();
  }

  /**
   * The API caller who made a change, as an actor: the kind of party its role makes it (a referrer
   * registered as a GP practice is {@code GP_PRACTICE}), its client id as the reference (as before)
   * and its organisation as the identifier, so a reader can tell the referrer's own change (a GP
   * cancelling its referral) from one made by anyone else.
   */
  public static Actor apiCaller(Caller caller, String actor) {
    ActorKind kind =
        switch (caller.role()) {
          case REFERRER ->
              caller.kind() == null || "gp-practice".equals(caller.kind())
                  ? ActorKind.GP_PRACTICE
                  : ActorKind.UNKNOWN;
          case LINK_WORKER_SERVICE -> ActorKind.LINK_WORKER_SERVICE;
          case COMMUNITY_GROUP -> ActorKind.COMMUNITY_GROUP;
          case HUB -> ActorKind.HUB;
          default -> ActorKind.SYSTEM;
        };
    return Actor.newBuilder()
        .setKind(kind)
        .setReference(actor == null ? caller.clientId() : actor)
        .setIdentifier(caller.organization())
        .setDisplay(caller.clientId())
        .build();
  }

  /** The system as an actor, for changes the ledger makes itself (cascades, applied events). */
  public static Actor system(String what) {
    return Actor.newBuilder().setKind(ActorKind.SYSTEM).setReference(what).build();
  }

  /**
   * The GP practice a new referral names: the referring practice; for any other referrer, the
   * person's own practice ({@code Patient.generalPractitioner}) when a Consent sent with the
   * referral lets that practice be told, so it hears of the referral and its outcome.
   */
  public static String practiceOf(ReferralSubmission s) {
    if (s.source() == org.pathway.events.avro.ReferralSource.GP) {
      return s.practiceOdsCode();
    }
    String own = s.person().gpPracticeOdsCode();
    return own != null && PersonContact.mayTell(sent(s), own) ? own : null;
  }

  private static List<Resource> sent(ReferralSubmission s) {
    List<Resource> sent = new ArrayList<>(s.supporting());
    sent.addAll(s.serviceRequest().getContained());
    return sent;
  }

  private static PersonSummary person(Patient p, String nhs, ReferralSubmission s) {
    var name = p.getNameFirstRep();
    List<Resource> sent = sent(s);
    // A child's notices go to their parent or guardian, through the guardian's own telecoms.
    var guardian = s.person().guardian();
    Patient contact = p;
    if (guardian != null) {
      contact = new Patient();
      contact.setTelecom(guardian.getTelecom());
    }
    String postcode = p.getAddressFirstRep().getPostalCode();
    String district =
        postcode == null || postcode.isBlank() ? null : postcode.trim().split("\\s+")[0];
    return PersonSummary.newBuilder()
        .setNhsNumber(nhs)
        .setGivenName(name.hasGiven() ? name.getGiven().get(0).getValue() : "")
        .setFamilyName(name.hasFamily() ? name.getFamily() : "")
        .setBirthDate(
            p.hasBirthDate()
                ? p.getBirthDate().toInstant().atZone(ZoneOffset.UTC).toLocalDate()
                : null)
        .setPostcodeDistrict(district)
        .setContactPreference(PersonContact.preference(contact))
        .setPhone(PersonContact.phone(contact))
        .setEmail(PersonContact.email(contact))
        .setContactConsent(PersonContact.consent(sent))
        .setIdentityUnverified(s.person().identityUnverified())
        .setGuardianRelationship(guardian == null ? null : relationship(guardian))
        .build();
  }

  private static String relationship(Patient.ContactComponent guardian) {
    var r = guardian.getRelationshipFirstRep();
    if (r.hasText()) {
      return r.getText();
    }
    var c = r.getCodingFirstRep();
    return c.hasDisplay() ? c.getDisplay() : c.getCode();
  }

  private static List<String> needCategories(ServiceRequest sr) {
    // A BaRS category says what style of request it is (a referral), not what the person needs.
    return sr.getCategory().stream()
        .flatMap(c -> c.getCoding().stream())
        .filter(c -> !BarsMessage.isBarsCategory(c))
        // Nor does the pathway the referrer names: it is carried as evaluation.pathway.
        .filter(c -> !CodeSystems.PATHWAY.equals(c.getSystem()))
        .map(c -> c.hasDisplay() ? c.getDisplay() : c.getCode())
        .filter(v -> v != null && !v.isBlank())
        .toList();
  }

  private static RequestPriority priority(ServiceRequest sr) {
    if (!sr.hasPriority()) {
      return RequestPriority.ROUTINE;
    }
    return switch (sr.getPriority()) {
      case URGENT -> RequestPriority.URGENT;
      case ASAP -> RequestPriority.ASAP;
      case STAT -> RequestPriority.STAT;
      default -> RequestPriority.ROUTINE;
    };
  }

  /**
   * A status reason as events carry it: the coding of the decline-reason ValueSet when there is one
   * (with the ValueSet's display when the sender gave none), so the GP and the link worker get the
   * code the ledger checked whatever order the codings came in; else the first coding.
   */
  static Coding reason(CodeableConcept cc) {
    for (var c : cc.getCoding()) {
      var known = DeclineReasons.find(c.getSystem(), c.getCode());
      if (known.isPresent()) {
        return Coding.newBuilder()
            .setSystem(c.getSystem())
            .setCode(c.getCode())
            .setDisplay(c.hasDisplay() ? c.getDisplay() : known.get().display())
            .build();
      }
    }
    return coding(cc);
  }

  private static Coding coding(CodeableConcept cc) {
    var c = cc.getCodingFirstRep();
    return Coding.newBuilder()
        .setSystem(c.getSystem())
        .setCode(c.hasCode() ? c.getCode() : cc.hasText() ? cc.getText() : "")
        .setDisplay(c.hasDisplay() ? c.getDisplay() : cc.getText())
        .build();
  }
}
