package org.pathway.fhiradapter.ledger;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskIntent;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.pathway.events.vocabulary.IdentifierSystems;
import org.pathway.fhiradapter.sla.SlaStep;
import org.pathway.fhiradapter.sla.StepDueTimes;

/** The first Task of an accepted referral, as a pure function of the referral. */
public final class NewTask {

  private NewTask() {}

  /**
   * A requested Task fulfilling {@code sr}: the referral's requester, its performer as owner, due
   * when its accept step is (for its owner) after {@code authoredOn}.
   *
   * @param parentTaskId the Task an onward referral is {@code partOf}, or null
   */
  public static Task forReferral(
      String taskId,
      ServiceRequest sr,
      String patientId,
      String parentTaskId,
      String correlationId,
      Instant authoredOn,
      StepDueTimes dueTimes) {
    Task task = new Task();
    task.setId(taskId);
    task.setStatus(TaskStatus.REQUESTED);
    task.setIntent(TaskIntent.ORDER);
    task.getCode().addCoding().setSystem(TaskCodes.TASK_CODE_SYSTEM).setCode("fulfill");
    task.setFocus(new Reference("ServiceRequest/" + sr.getIdElement().getIdPart()));
    task.setFor(new Reference("Patient/" + patientId));
    task.setRequester(sr.getRequester().copy());
    if (sr.hasPerformer()) {
      task.setOwner(sr.getPerformerFirstRep().copy());
    }
    if (parentTaskId != null) {
      task.addPartOf(new Reference("Task/" + parentTaskId));
    }
    task.setGroupIdentifier(
        new Identifier().setSystem(IdentifierSystems.CORRELATION_ID).setValue(correlationId));
    task.setAuthoredOn(Date.from(authoredOn));
    if (dueTimes == null) {
      return task; // the caller sets the due time
    }
    Instant dueAt =
        dueTimes.dueAt(SlaStep.ACCEPT, task.hasOwner() ? task.getOwner() : null, authoredOn);
    return withDue(task, dueAt);
  }

  /**
   * As {@link #forReferral(String, ServiceRequest, String, String, String, Instant, StepDueTimes)},
   * due {@code acceptWithin} after {@code authoredOn} whoever owns it.
   */
  public static Task forReferral(
      String taskId,
      ServiceRequest sr,
      String patientId,
      String parentTaskId,
      String correlationId,
      Instant authoredOn,
      Duration acceptWithin) {
    Task task =
        forReferral(
            taskId, sr, patientId, parentTaskId, correlationId, authoredOn, (StepDueTimes) null);
    // Whole seconds: what Task.restriction.period.end (a dateTime) carries once stored.
    return withDue(task, authoredOn.plus(acceptWithin).truncatedTo(ChronoUnit.SECONDS));
  }

  private static Task withDue(Task task, Instant dueAt) {
    task.getRestriction().setPeriod(new Period().setEnd(Date.from(dueAt)));
    return task;
  }

  /** The due time {@link #forReferral} set. */
  public static Instant dueAt(Task task) {
    return task.getRestriction().getPeriod().getEnd().toInstant();
  }
}
