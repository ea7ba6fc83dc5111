package org.pathway.fhiradapter.ledger;

import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.pathway.fhiradapter.ledger.store.AuditTrail;
import org.pathway.fhiradapter.ledger.store.OutcomeRows;
import org.pathway.fhiradapter.ledger.store.ResourceRows;
import org.pathway.fhiradapter.ledger.store.TableCounts;
import org.pathway.fhiradapter.ledger.store.TaskRows;

/** Reads: resources, Tasks and their versions, searches, and the audit record of a read. */
@Singleton
public class LedgerReads {

  private final LedgerTransactions transactions;
  private final ResourceRows resources;
  private final TaskRows tasks;
  private final OutcomeRows outcomes;
  private final AuditTrail audit;
  private final TableCounts counts;

  public LedgerReads(
      LedgerTransactions transactions,
      ResourceRows resources,
      TaskRows tasks,
      OutcomeRows outcomes,
      AuditTrail audit,
      TableCounts counts) {
    this.transactions = transactions;
    this.resources = resources;
    this.tasks = tasks;
    this.outcomes = outcomes;
    this.audit = audit;
    this.counts = counts;
  }

  /** The current version of a stored resource. */
  public Optional<Resource> read(String type, String id) {
    if ("Task".equals(type)) {
      return readTask(id).map(Resource.class::cast);
    }
    return transactions.inTransaction(tx -> resources.read(tx, type, id));
  }

  /** The current version of a Task. */
  public Optional<Task> readTask(String id) {
    return transactions.inTransaction(tx -> tasks.read(tx, id));
  }

  /** One version of a Task. */
  public Optional<Task> readTaskVersion(String id, int version) {
    return transactions.inTransaction(tx -> tasks.readVersion(tx, id, version));
  }

  /** Every version of a Task, newest first. */
  public List<Task> taskHistory(String id) {
    return transactions.inTransaction(tx -> tasks.history(tx, id));
  }

  /** Tasks matching every given criterion, oldest change first. */
  public List<Task> searchTasks(TaskQuery q) {
    return transactions.inTransaction(tx -> tasks.search(tx, q));
  }

  /** Score Observations matching both criteria (null = any), oldest effective time first. */
  public List<Observation> searchOutcomes(String taskId, String subjectRef, int limit) {
    return transactions.inTransaction(tx -> outcomes.search(tx, taskId, subjectRef, limit));
  }

  /** Communications recorded for a referral (root referral id). */
  public List<Communication> communicationsOf(String rootReferralId) {
    return transactions.inTransaction(tx -> resources.communicationsOf(tx, rootReferralId));
  }

  /** Records a read-only API interaction in the audit trail. */
  public void auditRead(String interaction, String type, String id, RequestContext ctx) {
    transactions.inTransaction(
        tx -> {
          audit.record(tx, interaction, type, id, ctx);
          return null;
        });
  }

  /** A count over a ledger table, for tests and health: {@code SELECT count(*) FROM table}. */
  public long count(String table, String where, Object... args) {
    return transactions.inTransaction(tx -> counts.count(tx, table, where, args));
  }
}
