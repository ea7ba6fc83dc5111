package org.pathway.fhiradapter.ledger;

import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
import org.pathway.fhiradapter.ledger.store.RequestKeys;
import org.pathway.fhiradapter.ledger.store.TaskRows;

/**
 * Task updates ({@code PUT Task}): the Task as the caller may see it (another tenant's is not
 * found), the version check, what may change and who may change it ({@link TaskChangeCheck}), score
 * outputs described from the ledger, then the one save path ({@link TaskSaver}) and an audit
 * record, in one transaction. A repeated X-Request-ID is answered with the version it wrote.
 */
@Singleton
public class TaskUpdates {

  private final LedgerTransactions transactions;
  private final TaskRows tasks;
  private final OutcomeRows outcomes;
  private final TaskSaver saver;
  private final AuditTrail audit;
  private final RequestKeys requestKeys;

  public TaskUpdates(
      LedgerTransactions transactions,
      TaskRows tasks,
      OutcomeRows outcomes,
      TaskSaver saver,
      AuditTrail audit,
      RequestKeys requestKeys) {
    this.requestKeys = requestKeys;
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
          // Under the Task's lock, so a repeat sent at the same time waits and finds this one's
          // key.
          var replayed = replayed(tx, id, ctx, visibility);
          if (replayed.isPresent()) {
            return replayed.get();
          }
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
          TaskChangeCheck.checkDeclineReason(
              current, after, ctx.caller() == null ? null : ctx.caller().role());
          Task saved = saver.save(tx, current, after, ctx, LedgerTx.now());
          if (ctx.requestId() != null) {
            requestKeys.rememberUpdate(
                tx,
                ctx.clientId(),
                ctx.requestId(),
                id,
                Integer.parseInt(saved.getMeta().getVersionId()));
          }
          audit.record(tx, "update", "Task", id, ctx);
          return TaskView.of(saved, visibility);
        });
  }

  /**
   * The answer to a repeated X-Request-ID: the Task version that request wrote (a form submitted
   * twice is answered with the original result and changes nothing), or a 409 duplicate when the id
   * was used for something else. Empty for a new request id.
   */
  private Optional<Task> replayed(LedgerTx tx, String id, RequestContext ctx, Visibility visibility)
      throws SQLException {
    if (ctx.requestId() == null) {
      return Optional.empty();
    }
    var earlier = requestKeys.find(tx, ctx.clientId(), ctx.requestId());
    if (earlier.isEmpty()) {
      return Optional.empty();
    }
    if (earlier.get().taskVersion() == null || !id.equals(earlier.get().createdId())) {
      throw LedgerRefusedException.duplicateRequest(ctx.requestId());
    }
    return tasks
        .readVersion(tx, id, earlier.get().taskVersion(), visibility)
        .map(t -> TaskView.of(t, visibility));
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
