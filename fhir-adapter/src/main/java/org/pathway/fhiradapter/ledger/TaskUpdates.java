package org.pathway.fhiradapter.ledger;

import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.fhiradapter.fhir.Issue;
import org.pathway.fhiradapter.fhir.OutcomeReader;
import org.pathway.fhiradapter.ledger.LedgerRefusedException.Reason;
import org.pathway.fhiradapter.ledger.store.AuditTrail;
import org.pathway.fhiradapter.ledger.store.OutcomeRows;
import org.pathway.fhiradapter.ledger.store.TaskRows;

/**
 * Task updates ({@code PUT Task}): the Task as the caller may see it (another tenant's is not
 * found), the version check, what may change and who may change it ({@link TaskChangeCheck}), score
 * outputs described from the ledger, then the one save path ({@link TaskSaver}) and an audit
 * record, in one transaction.
 */
@Singleton
public class TaskUpdates {

  private final LedgerTransactions transactions;
  private final TaskRows tasks;
  private final OutcomeRows outcomes;
  private final TaskSaver saver;
  private final AuditTrail audit;

  public TaskUpdates(
      LedgerTransactions transactions,
      TaskRows tasks,
      OutcomeRows outcomes,
      TaskSaver saver,
      AuditTrail audit) {
    this.transactions = transactions;
    this.tasks = tasks;
    this.outcomes = outcomes;
    this.saver = saver;
    this.audit = audit;
  }

  /**
   * Writes a new version of a Task from an update. Cancelling cascades to every open child Task.
   *
   * @param expectedVersion the If-Match version, or null when the caller sent none
   * @throws LedgerRefusedException not found (also another tenant's Task), forbidden (not the party
   *     that may make this change), stale version, state conflict or broken rule
   */
  public Task update(String id, Integer expectedVersion, Task incoming, RequestContext ctx) {
    Visibility visibility = ctx.visibility();
    return transactions.inTransaction(
        tx -> {
          Task current =
              tasks
                  .lock(tx, id, visibility)
                  .orElseThrow(() -> LedgerRefusedException.notFound(null, "Task/" + id));
          int version = Integer.parseInt(current.getMeta().getVersionId());
          if (expectedVersion != null && expectedVersion != version) {
            throw new LedgerRefusedException(
                Reason.STALE_VERSION,
                new Issue(
                    IssueType.CONFLICT,
                    null,
                    "If-Match version "
                        + expectedVersion
                        + " is not the current version "
                        + version));
          }
          Task after = TaskChangeCheck.proposed(current, incoming, visibility.clinical());
          describeScoreOutputs(tx, id, after);
          var orgs = tasks.orgs(tx, id);
          TaskChangeCheck.checkParty(
              Parties.relations(ctx.caller(), orgs.ownerOrg(), orgs.requesterOrg()),
              current,
              after);
          TaskChangeCheck.checkTransition(current, after);
          Task saved = saver.save(tx, current, after, ctx, LedgerTx.now());
          audit.record(tx, "update", "Task", id, ctx);
          return TaskView.of(saved, visibility);
        });
  }

  /**
   * Checks every {@code Task.output} that references an Observation: it must be a score recorded
   * against this Task. Its type and display are then set from the ledger ({@code SWEMWBS exit 24}),
   * so the event telling the GP carries the outcome, not just a link.
   */
  private void describeScoreOutputs(LedgerTx tx, String taskId, Task after) throws SQLException {
    List<Issue> issues = new ArrayList<>();
    for (int i = 0; i < after.getOutput().size(); i++) {
      var output = after.getOutput().get(i);
      if (!(output.getValue() instanceof Reference ref)
          || !"Observation".equals(ref.getReferenceElement().getResourceType())) {
        continue;
      }
      String observationId = ref.getReferenceElement().getIdPart();
      var score = outcomes.score(tx, observationId).filter(s -> taskId.equals(s.taskId()));
      if (score.isEmpty()) {
        issues.add(
            new Issue(
                IssueType.NOTFOUND,
                "Task.output[" + i + "].value",
                "Observation/"
                    + observationId
                    + " is not a score recorded against Task/"
                    + taskId));
        continue;
      }
      ref.setReference("Observation/" + observationId);
      ref.setDisplay(
          OutcomeReader.display(
              score.get().instrument(), score.get().timing(), score.get().score()));
      if (!output.hasType()) {
        output.setType(
            new CodeableConcept()
                .addCoding(
                    new Coding()
                        .setSystem(CodeSystems.TASK_OUTPUT_TYPE)
                        .setCode("wellbeing-score")
                        .setDisplay("Wellbeing score")));
      }
    }
    if (!issues.isEmpty()) {
      throw new LedgerRefusedException(Reason.BROKEN_RULE, issues);
    }
  }
}
