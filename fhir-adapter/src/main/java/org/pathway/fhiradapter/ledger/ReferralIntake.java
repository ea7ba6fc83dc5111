package org.pathway.fhiradapter.ledger;

import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.pathway.access.clients.Role;
import org.pathway.events.avro.ConsentParty;
import org.pathway.events.avro.ConsentSummary;
import org.pathway.events.avro.EvaluationFacts;
import org.pathway.events.avro.EventEnvelope;
import org.pathway.events.avro.ReferralReceived;
import org.pathway.events.avro.ReferralSource;
import org.pathway.fhiradapter.evaluation.IntakeEvaluation;
import org.pathway.fhiradapter.fhir.ConsentProvisionsReader;
import org.pathway.fhiradapter.fhir.EventMapper;
import org.pathway.fhiradapter.fhir.Issue;
import org.pathway.fhiradapter.fhir.LocalReferences;
import org.pathway.fhiradapter.fhir.ReferralSubmission;
import org.pathway.fhiradapter.fhir.ReferrerKinds;
import org.pathway.fhiradapter.ids.RandomUuids;
import org.pathway.fhiradapter.ledger.store.AuditTrail;
import org.pathway.fhiradapter.ledger.store.ReferralRows;
import org.pathway.fhiradapter.ledger.store.ReferralRows.NewReferral;
import org.pathway.fhiradapter.ledger.store.RequestKeys;
import org.pathway.fhiradapter.ledger.store.ResourceRows;
import org.pathway.fhiradapter.ledger.store.TaskRows;
import org.pathway.fhiradapter.sla.StepDueTimes;

/**
 * Referral intake: records a referral (ServiceRequest, Patient, supporting resources), its first
 * Task, provenance, audit and its event in one transaction. A client repeating a business
 * identifier it sent before is answered with its original; another client's identifiers are never
 * looked at. A caller refers only as its own organisation, and refers on only from a referral it
 * may see.
 */
@Singleton
public class ReferralIntake {

  /**
   * What intake did.
   *
   * @param created false when the business identifier was already held and this is the original
   */
  public record Accepted(
      String referralId, String taskId, boolean created, ServiceRequest serviceRequest) {}

  private final LedgerTransactions transactions;
  private final ReferralRows referrals;
  private final RequestKeys requestKeys;
  private final ResourceRows resources;
  private final TaskRows tasks;
  private final TaskSaver saver;
  private final GroupCommit groupCommit;
  private final AuditTrail audit;
  private final OutboxWriter outbox;
  private final StepDueTimes dueTimes;
  private final IntakeDirectory directory;
  private final GroupPlaces places;
  private final IntakeEvaluation evaluation;

  public ReferralIntake(
      LedgerTransactions transactions,
      ReferralRows referrals,
      RequestKeys requestKeys,
      ResourceRows resources,
      TaskRows tasks,
      TaskSaver saver,
      GroupCommit groupCommit,
      AuditTrail audit,
      OutboxWriter outbox,
      StepDueTimes dueTimes,
      IntakeDirectory directory,
      GroupPlaces places,
      IntakeEvaluation evaluation) {
    this.transactions = transactions;
    this.referrals = referrals;
    this.requestKeys = requestKeys;
    this.resources = resources;
    this.tasks = tasks;
    this.saver = saver;
    this.groupCommit = groupCommit;
    this.audit = audit;
    this.outbox = outbox;
    this.dueTimes = dueTimes;
    this.directory = directory;
    this.places = places;
    this.evaluation = evaluation;
  }

  /**
   * Records a referral. A referral whose business identifier is already held is answered with the
   * original ({@code created == false}).
   *
   * @throws LedgerRefusedException a repeated X-Request-ID, a requester other than the caller's
   *     organisation (forbidden), or an onward referral based on a referral not held here or not
   *     the caller's to see (not found)
   */
  public Accepted record(ReferralSubmission s, RequestContext ctx) {
    checkRequester(s, ctx);
    // Decided before anything is written: a pathway the referrer names must be one configured.
    EvaluationFacts facts = s.isOnward() ? null : evaluation.facts(s, Instant.now());
    // Ids and references are settled once, outside the transaction, so a write that a group commit
    // runs again alone writes exactly what it would have written the first time.
    Stored stored = assignIds(s);
    if (s.isOnward()) {
      // An onward referral reads and changes its parent's Task: it commits on its own.
      return transactions.inTransaction(tx -> insert(tx, s, facts, ctx, stored));
    }
    return groupCommit.run(tx -> insert(tx, s, facts, ctx, stored));
  }

  private static void checkRequester(ReferralSubmission s, RequestContext ctx) {
    var caller = ctx.caller();
    if (caller != null && passesOnOnly(caller.role()) && !s.isOnward()) {
      // A hub or group (a street coordinator) only passes on what it was given.
      throw LedgerRefusedException.forbidden(
          "ServiceRequest.basedOn",
          "a "
              + caller.role().code()
              + " client refers only on, from a Task it owns: intent filler-order, basedOn the"
              + " referral it was given");
    }
    if (caller != null
        && s.source() == ReferralSource.SELF
        && ReferrerKinds.SELF_REFERRAL.equals(caller.kind())) {
      // The person refers themselves: the requester is them, forwarded by a self-referral client.
      return;
    }
    if (caller != null
        && !Parties.namesOrganization(
            caller.organization(), s.requesterRef(), s.practiceOdsCode())) {
      throw LedgerRefusedException.forbidden(
          "ServiceRequest.requester",
          "the requester must be the calling organisation ("
              + caller.organization()
              + "); a client refers only as itself");
    }
  }

  /**
   * The ids a new referral is stored under, with the references between its resources pointed at
   * them.
   *
   * @param newPatient the Patient to store, or null when the referral names one held already
   * @param requesterRef the requester as the Task records it
   */
  private record Stored(
      String referralId,
      String taskId,
      String patientId,
      Patient newPatient,
      String requesterRef) {}

  private static Stored assignIds(ReferralSubmission s) {
    String referralId = RandomUuids.nextString();
    String patientId = s.existingPatientId();
    Patient newPatient = null;
    if (patientId == null) {
      patientId = RandomUuids.nextString();
      newPatient = s.patient();
      newPatient.setId(patientId);
    }
    ServiceRequest sr = s.serviceRequest();
    sr.setId(referralId);
    String requesterRef = s.requesterRef();
    if (sr.getRequester().hasReference()
        && sr.getRequester().getReference().startsWith("#")
        && sr.getRequester().getReference().equals(sr.getSubject().getReference())) {
      // The person refers themselves: the requester is the Patient the ledger keeps of them, which
      // the Task (not holding the contained copy) can point at.
      requesterRef = "Patient/" + patientId;
      sr.getRequester().setReference(requesterRef);
    }
    if (sr.getSubject().hasReference() && !sr.getSubject().getReference().startsWith("#")) {
      sr.setSubject(new Reference("Patient/" + patientId));
    }
    for (Resource extra : s.supporting()) {
      extra.setId(RandomUuids.nextString());
    }
    keepTogether(s, newPatient, patientId);
    return new Stored(referralId, RandomUuids.nextString(), patientId, newPatient, requesterRef);
  }

  private Accepted insert(
      LedgerTx tx, ReferralSubmission s, EvaluationFacts facts, RequestContext ctx, Stored ids)
      throws SQLException {
    String referralId = ids.referralId();
    if (ctx.requestId() != null
        && !requestKeys.remember(tx, ctx.clientId(), ctx.requestId(), referralId)) {
      throw LedgerRefusedException.duplicateRequest(ctx.requestId());
    }
    if (s.isOnward()) {
      // A repeated onward referral is answered with its original before its parent is read again:
      // what the parent allows may have changed since.
      Optional<Accepted> existing =
          existing(tx, ctx.clientId(), s.identifierSystem(), s.identifierValue());
      if (existing.isPresent()) {
        audit.record(tx, "create-existing", "ServiceRequest", existing.get().referralId(), ctx);
        return existing.get();
      }
    }

    OffsetDateTime at = LedgerTx.now();
    Instant instant = at.toInstant();
    String taskId = ids.taskId();
    String rootReferralId = referralId;
    String parentTaskId = null;
    Task parent = null;
    if (s.isOnward()) {
      var notFound =
          LedgerRefusedException.notFound(
              "ServiceRequest.basedOn", "ServiceRequest/" + s.basedOnReferralId());
      var based = referrals.byId(tx, s.basedOnReferralId()).orElseThrow(() -> notFound);
      rootReferralId = based.rootReferralId();
      parentTaskId = based.taskId();
      // Another tenant's referral is answered as one not held: its existence is not revealed.
      parent = tasks.lock(tx, parentTaskId, ctx.visibility()).orElseThrow(() -> notFound);
      samePerson(parent, s);
      if (ctx.caller() != null
          && passesOnOnly(ctx.caller().role())
          && !ctx.caller().organization().equals(tasks.orgs(tx, parentTaskId).ownerOrg())) {
        // A hub sees the Tasks of its area, but passes on only those it holds itself.
        throw LedgerRefusedException.forbidden(
            "ServiceRequest.basedOn", "only the owner of Task/" + parentTaskId + " passes it on");
      }
      directory.refuseSignpostOnly(s.ownerRef());
      refuseWithoutGroupConsent(tx, rootReferralId);
    }
    String correlationId = pathwayCorrelation(parent, ctx);

    String patientId = ids.patientId();
    Patient newPatient = ids.newPatient();
    ServiceRequest sr = s.serviceRequest();
    String requesterRef = ids.requesterRef();
    var row =
        new NewReferral(
            referralId,
            ctx.clientId(),
            s.identifierSystem(),
            s.identifierValue(),
            rootReferralId,
            taskId,
            patientId,
            s.nhsNumber(),
            correlationId,
            facts == null ? null : facts.getPathway(),
            at);
    // The row first, before anything of the referral is written: a new referral's identifier is
    // looked up only when the insert finds it held (a repeat), not on every referral; in a group
    // commit not even that, as a repeat fails the batch and comes back here alone (LedgerTx.claim).
    if (!referrals.insert(tx, row)) {
      return repeated(tx, s, ctx);
    }
    if (newPatient != null) {
      resources.insert(tx, newPatient, rootReferralId, at);
    }
    resources.insert(tx, sr, rootReferralId, at);
    for (Resource extra : s.supporting()) {
      resources.insert(tx, extra, rootReferralId, at);
    }

    Task task =
        NewTask.forReferral(taskId, sr, patientId, parentTaskId, correlationId, instant, dueTimes);
    directory.nameOwner(task);
    // An onward referral to a full group waits on its waitlist or is refused here, counted with
    // the Task, so the group is never asked for a place it does not have.
    GroupPlaces.Started started = s.isOnward() ? places.start(tx, s.ownerRef(), task, at) : null;
    tasks.write(
        tx,
        task,
        1,
        new TaskRows.Keys(referralId, rootReferralId),
        requesterRef,
        ctx.caller() != null
            ? ctx.caller().organization()
            : s.practiceOdsCode() != null
                ? s.practiceOdsCode()
                : Parties.organizationOf(s.requesterRef()),
        s.ownerRef(),
        Parties.organizationOf(s.ownerRef()),
        at);
    audit.provenance(
        tx,
        taskId,
        1,
        at,
        null,
        task.getStatus(),
        ctx.actor(),
        task.hasStatusReason() ? task.getStatusReason().getText() : null);
    audit.record(tx, "create", "ServiceRequest", referralId, ctx);

    EventEnvelope env = EventMapper.envelope(rootReferralId, correlationId, null, instant);
    SpecificRecord event;
    if (s.isOnward()) {
      event =
          EventMapper.onwardReferralCreated(
              s,
              referralId,
              taskId,
              parentTaskId,
              env,
              task.getStatus(),
              started.position(),
              started.capacity());
    } else {
      ReferralReceived received =
          EventMapper.referralReceived(s, referralId, taskId, env, NewTask.dueAt(task));
      // Filled here, once, from the directory as it stood at intake: the event is the fact the
      // router triages on and reporting keeps, so both see the same PCN, and a replay routes alike.
      received.setPcnCode(directory.pcnOf(received.getPracticeOdsCode()));
      received.setEvaluation(facts);
      // A sender that named the performer gave the Task its owner already: the router tells that
      // service at once, since no routing decision will change the owner.
      received.setOwner(task.hasOwner() ? task.getOwner().getReference() : null);
      event = received;
    }
    outbox.append(tx, rootReferralId, env, event, at);
    if (parent != null) {
      Task after = parent.copy();
      after.setBusinessStatus(TaskCodes.businessStatus("onward-referred"));
      saver.save(tx, parent, after, ctx, at);
    }
    return new Accepted(referralId, taskId, true, sr);
  }

  /**
   * Points references between the Bundle's resources at their stored ids, and lists on the
   * ServiceRequest ({@code supportingInfo}) every kept resource it did not reference already, so a
   * reader of the referral finds its whole context from it.
   */
  private static void keepTogether(ReferralSubmission s, Patient newPatient, String patientId) {
    Map<String, String> stored = new HashMap<>();
    s.bundled()
        .forEach(
            (fullUrl, r) -> {
              if (r == s.serviceRequest() || s.supporting().contains(r)) {
                stored.put(fullUrl, r.fhirType() + "/" + r.getIdElement().getIdPart());
              } else if (r instanceof Patient && (r == s.patient() || r == newPatient)) {
                stored.put(fullUrl, "Patient/" + patientId);
              }
            });
    // What is not kept (a Bundle-local requester, say) is kept as who it was: identifier and name.
    ServiceRequest sr = s.serviceRequest();
    Set<String> referenced = LocalReferences.rewrite(sr, stored, s.bundled());
    s.supporting().forEach(r -> LocalReferences.rewrite(r, stored, s.bundled()));
    if (newPatient != null) {
      LocalReferences.rewrite(newPatient, stored, s.bundled());
    }
    for (Resource extra : s.supporting()) {
      String ref = extra.fhirType() + "/" + extra.getIdElement().getIdPart();
      if (!referenced.contains(ref)) {
        sr.addSupportingInfo(new Reference(ref));
      }
    }
  }

  /**
   * The correlation id the new Task and its event carry: the request's for a new pathway, the
   * parent Task's for an onward hop, so one id runs from the GP's request to the outcome whatever
   * id the link worker's system sent (its own id stays on its request's audit record and answer).
   */
  static String pathwayCorrelation(Task parent, RequestContext ctx) {
    if (parent != null && parent.hasGroupIdentifier() && parent.getGroupIdentifier().hasValue()) {
      return parent.getGroupIdentifier().getValue();
    }
    return ctx.correlationId();
  }

  /**
   * Roles that take part in referrals only by passing on a Task they hold (a community hub, a
   * street coordinator), never by starting one.
   */
  private static boolean passesOnOnly(Role role) {
    return role == Role.HUB || role == Role.COMMUNITY_GROUP;
  }

  /**
   * An onward referral is about the person of the Task it continues: whoever passes a request on (a
   * link worker, a hub, a street coordinator) cannot attach it to someone else.
   */
  private static void samePerson(Task parent, ReferralSubmission s) {
    String person = s.existingPatientId();
    if (person != null
        && parent.hasFor()
        && !("Patient/" + person).equals(parent.getFor().getReference())) {
      throw new LedgerRefusedException(
          LedgerRefusedException.Reason.BROKEN_RULE,
          new Issue(
              IssueType.BUSINESSRULE,
              "ServiceRequest.subject",
              "an onward referral is about the person of the referral it continues ("
                  + parent.getFor().getReference()
                  + ")"));
    }
  }

  /**
   * A group hears of a person only under a consent that lets groups be told: refused here, before
   * any Task exists, so the link worker sees why at once and no one is left waiting on a Task no
   * group was told of. No Consent is read as direct care, agreed with the person by the link
   * worker.
   */
  private void refuseWithoutGroupConsent(LedgerTx tx, String rootReferralId) throws SQLException {
    ConsentSummary consent = ConsentProvisionsReader.read(resources.consentsOf(tx, rootReferralId));
    boolean groupsDenied =
        switch (consent.getState()) {
          case DENY, WITHDRAWN -> true;
          case PERMIT -> consent.getDenied().contains(ConsentParty.COMMUNITY_GROUP);
          case ABSENT -> false;
        };
    if (groupsDenied) {
      throw new LedgerRefusedException(
          LedgerRefusedException.Reason.BROKEN_RULE,
          new Issue(
              IssueType.BUSINESSRULE,
              "ServiceRequest.basedOn",
              "the person's consent for this referral does not let Pathway share their details"
                  + " with community groups: the onward referral was not made and no group was"
                  + " told"));
    }
  }

  /**
   * The original of a referral whose business identifier the insert found held, recorded as a
   * repeat. The insert waited for the holder's transaction, which wrote the original with the row.
   */
  private Accepted repeated(LedgerTx tx, ReferralSubmission s, RequestContext ctx)
      throws SQLException {
    Accepted a =
        existing(tx, ctx.clientId(), s.identifierSystem(), s.identifierValue())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "business identifier held without its referral: " + s.identifierValue()));
    audit.record(tx, "create-existing", "ServiceRequest", a.referralId(), ctx);
    return a;
  }

  private Optional<Accepted> existing(LedgerTx tx, String clientId, String system, String value)
      throws SQLException {
    var found = referrals.byIdentifier(tx, clientId, system, value);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    var r = found.get();
    return resources
        .read(tx, "ServiceRequest", r.id())
        .map(sr -> new Accepted(r.id(), r.taskId(), false, (ServiceRequest) sr));
  }
}
