package org.pathway.fhiradapter.ledger;

import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.pathway.fhiradapter.evaluation.OutcomeSets;
import org.pathway.fhiradapter.fhir.EventMapper;
import org.pathway.fhiradapter.fhir.Issue;
import org.pathway.fhiradapter.fhir.OutcomeSubmission;
import org.pathway.fhiradapter.ids.RandomUuids;
import org.pathway.fhiradapter.ledger.LedgerRefusedException.Reason;
import org.pathway.fhiradapter.ledger.store.AuditTrail;
import org.pathway.fhiradapter.ledger.store.OutcomeRows;
import org.pathway.fhiradapter.ledger.store.ReferralRows;
import org.pathway.fhiradapter.ledger.store.RequestKeys;
import org.pathway.fhiradapter.ledger.store.ResourceRows;
import org.pathway.fhiradapter.ledger.store.TaskRows;

/**
 * Outcome recording: a wellbeing score against its Task, stored as the Observation, its outcome
 * row, an audit record and the {@code OutcomeRecorded} event, in one transaction.
 */
@Singleton
public class OutcomeRecording {

  private final LedgerTransactions transactions;
  private final RequestKeys requestKeys;
  private final TaskRows tasks;
  private final ResourceRows resources;
  private final OutcomeRows outcomes;
  private final AuditTrail audit;
  private final OutboxWriter outbox;
  private final ReferralRows referrals;
  private final OutcomeSets outcomeSets;

  public OutcomeRecording(
      LedgerTransactions transactions,
      RequestKeys requestKeys,
      TaskRows tasks,
      ResourceRows resources,
      OutcomeRows outcomes,
      AuditTrail audit,
      OutboxWriter outbox,
      ReferralRows referrals,
      OutcomeSets outcomeSets) {
    this.transactions = transactions;
    this.requestKeys = requestKeys;
    this.tasks = tasks;
    this.resources = resources;
    this.outcomes = outcomes;
    this.audit = audit;
    this.outbox = outbox;
    this.referrals = referrals;
    this.outcomeSets = outcomeSets;
  }

  /**
   * Records a score. The Task must be held, visible to the caller and not entered in error; a
   * subject, if given, must be the Task's patient; a QuestionnaireResponse, if named, must be held;
   * the instrument must be in the outcome set of the referral's pathway at that timing.
   *
   * @throws LedgerRefusedException otherwise, or for a repeated X-Request-ID
   */
  public Observation record(OutcomeSubmission s, RequestContext ctx) {
    return transactions.inTransaction(tx -> insert(tx, s, ctx));
  }

  private Observation insert(LedgerTx tx, OutcomeSubmission s, RequestContext ctx)
      throws SQLException {
    String observationId = RandomUuids.nextString();
    if (ctx.requestId() != null
        && !requestKeys.remember(tx, ctx.clientId(), ctx.requestId(), observationId)) {
      throw LedgerRefusedException.duplicateRequest(ctx.requestId());
    }
    // Another tenant's Task is answered as one not held: its existence is not revealed.
    Task task =
        tasks
            .lock(tx, s.taskId(), ctx.visibility())
            .orElseThrow(
                () -> LedgerRefusedException.notFound("Observation.focus", "Task/" + s.taskId()));
    if (task.getStatus() == TaskStatus.ENTEREDINERROR) {
      throw refused(
          Reason.STATE_CONFLICT,
          IssueType.BUSINESSRULE,
          "Observation.focus",
          "Task/" + s.taskId() + " was entered in error");
    }
    String patientRef = task.getFor().getReference();
    if (s.subjectRef() != null && !s.subjectRef().equals(patientRef)) {
      throw refused(
          Reason.BROKEN_RULE,
          IssueType.BUSINESSRULE,
          "Observation.subject",
          "subject " + s.subjectRef() + " is not the patient of Task/" + s.taskId());
    }
    Optional<Resource> questionnaire =
        s.questionnaireResponseId() == null
            ? Optional.empty()
            : resources.read(
                tx, "QuestionnaireResponse", s.questionnaireResponseId(), ctx.visibility());
    if (s.questionnaireResponseId() != null && questionnaire.isEmpty()) {
      throw refused(
          Reason.BROKEN_RULE,
          IssueType.NOTFOUND,
          "Observation.derivedFrom",
          "QuestionnaireResponse/" + s.questionnaireResponseId() + " is not held");
    }
    Instant taken = takenAt(s, questionnaire);
    if (taken == null) {
      throw refused(
          Reason.BROKEN_RULE,
          IssueType.REQUIRED,
          "Observation.effective[x]",
          "no time the measure was taken: the Observation has no effectiveDateTime or issued, and"
              + " QuestionnaireResponse/"
              + s.questionnaireResponseId()
              + " has no authored");
    }
    OutcomeSubmission settled = s.takenAt(taken);
    TaskRows.Keys keys = tasks.keys(tx, settled.taskId());
    // The outcome set is the pathway's the referral was placed on at intake (co-produced locally).
    String pathway = referrals.pathway(tx, keys.rootReferralId()).orElse(null);
    var outside = outcomeSets.refusal(pathway, settled.instrument(), settled.timing());
    if (outside.isPresent()) {
      throw refused(Reason.BROKEN_RULE, IssueType.BUSINESSRULE, "Observation.code", outside.get());
    }
    OffsetDateTime at = LedgerTx.now();
    Observation o = settled.observation();
    o.setId(observationId);
    o.setSubject(new Reference(patientRef));
    if (!o.hasEffective()) {
      // The ledger's copy says when the measure was taken, as the events and the GP's copy do.
      o.setEffective(new DateTimeType(Date.from(taken)).setTimeZoneZulu(true));
    }
    o.setFocus(List.of(new Reference("Task/" + settled.taskId())));
    resources.insert(tx, o, keys.rootReferralId(), at);
    outcomes.insert(tx, observationId, settled, patientRef, at);
    audit.record(tx, "create", "Observation", observationId, ctx);
    var env =
        EventMapper.envelope(
            keys.rootReferralId(),
            task.getGroupIdentifier().getValue(),
            ctx.causationId(),
            at.toInstant());
    outbox.append(
        tx,
        keys.rootReferralId(),
        env,
        EventMapper.outcomeRecorded(settled, settled.taskId(), observationId, env),
        at);
    return o;
  }

  /**
   * When the measure was taken: the Observation's effectiveDateTime, else the authored time of the
   * QuestionnaireResponse it was scored from, else when it was issued; null when none says.
   */
  static Instant takenAt(OutcomeSubmission s, Optional<Resource> questionnaire) {
    if (s.effectiveAt() != null) {
      return s.effectiveAt();
    }
    if (questionnaire.isPresent()
        && questionnaire.get() instanceof QuestionnaireResponse qr
        && qr.hasAuthored()) {
      return qr.getAuthored().toInstant();
    }
    return s.issuedAt();
  }

  private static LedgerRefusedException refused(
      Reason reason, IssueType type, String expression, String message) {
    return new LedgerRefusedException(reason, new Issue(type, expression, message));
  }
}
