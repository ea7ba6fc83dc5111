package org.pathway.fhiradapter.ledger;

import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.pathway.fhiradapter.fhir.IdentifierCriteria;
import org.pathway.fhiradapter.ledger.store.CommunicationRows;
import org.pathway.fhiradapter.ledger.store.OutcomeRows;
import org.pathway.fhiradapter.ledger.store.ProvenanceRows;
import org.pathway.fhiradapter.ledger.store.ResourceRows;
import org.pathway.fhiradapter.ledger.store.TableCounts;
import org.pathway.fhiradapter.ledger.store.TaskRows;

/**
 * Reads: resources, Tasks and their versions, searches, each narrowed to what the caller may see.
 */
@Singleton
public class LedgerReads {

  private final LedgerTransactions transactions;
  private final ResourceRows resources;
  private final TaskRows tasks;
  private final OutcomeRows outcomes;
  private final TableCounts counts;
  private final CommunicationRows communications;
  private final ProvenanceRows provenance;
  private final Clock clock;

  public LedgerReads(
      LedgerTransactions transactions,
      ResourceRows resources,
      TaskRows tasks,
      OutcomeRows outcomes,
      TableCounts counts,
      CommunicationRows communications,
      ProvenanceRows provenance,
      Clock clock) {
    this.transactions = transactions;
    this.resources = resources;
    this.tasks = tasks;
    this.outcomes = outcomes;
    this.counts = counts;
    this.communications = communications;
    this.provenance = provenance;
    // The SLA watch's clock: a step the roll-up counts as overdue is one the watch flags.
    this.clock = clock;
  }

  /** The current version of a stored resource {@code v} may see. */
  public Optional<Resource> read(String type, String id, Visibility v) {
    if ("Task".equals(type)) {
      return readTask(id, v).map(Resource.class::cast);
    }
    return transactions.inTransaction(tx -> resources.read(tx, type, id, v));
  }

  /**
   * The referrals {@code v} may see whose business identifier {@code criteria} names (any system
   * when it names none), oldest first, at most {@code limit}.
   */
  public List<ServiceRequest> serviceRequestsByIdentifier(
      IdentifierCriteria criteria, Visibility v, int limit) {
    return transactions
        .inTransaction(
            tx ->
                resources.serviceRequestsByIdentifier(
                    tx, criteria.system(), criteria.value(), v, limit))
        .stream()
        .map(ServiceRequest.class::cast)
        .toList();
  }

  /**
   * A referral {@code v} may see with its context: its ServiceRequest first, then every resource it
   * references that came with it (Patient, Encounter, Conditions...). Empty when the referral is
   * not held or not the caller's to see (a community group never sees it).
   */
  public List<Resource> referralWithContext(String referralId, Visibility v) {
    return transactions.inTransaction(
        tx -> {
          var sr = resources.read(tx, "ServiceRequest", referralId, v);
          if (sr.isEmpty()) {
            return List.<Resource>of();
          }
          List<Resource> all = new java.util.ArrayList<>();
          all.add(sr.get());
          all.addAll(resources.contextOf(tx, (org.hl7.fhir.r4.model.ServiceRequest) sr.get()));
          return all;
        });
  }

  /**
   * The current version of a Task {@code v} may see, as it may see it ({@link TaskView}); a Task
   * that was passed on carries the roll-up of every Task below it ({@link CascadeRollUp}), counted
   * whoever owns them: counts, statuses and who holds it now, not the Tasks themselves.
   */
  public Optional<Task> readTask(String id, Visibility v) {
    return transactions.inTransaction(
        tx -> {
          Optional<Task> found = tasks.read(tx, id, v).map(t -> TaskView.of(t, v));
          if (found.isPresent()) {
            List<CascadeRollUp.Step> tree = tree(tx, found.get(), 1);
            if (tree.size() > 1) {
              found.get().addExtension(CascadeRollUp.of(tree, clock.instant()).toExtension());
            }
          }
          return found;
        });
  }

  /** {@code task} at {@code level} and every Task below it, parents before their children. */
  private List<CascadeRollUp.Step> tree(LedgerTx tx, Task task, int level) throws SQLException {
    List<CascadeRollUp.Step> steps = new ArrayList<>();
    steps.add(CascadeRollUp.Step.of(task, level));
    for (String childId : tasks.childrenOf(tx, task.getIdElement().getIdPart())) {
      Optional<Task> child = tasks.read(tx, childId);
      if (child.isPresent()) {
        steps.addAll(tree(tx, child.get(), level + 1));
      }
    }
    return steps;
  }

  /** One version of a Task {@code v} may see. */
  public Optional<Task> readTaskVersion(String id, int version, Visibility v) {
    return transactions
        .inTransaction(tx -> tasks.readVersion(tx, id, version, v))
        .map(t -> TaskView.of(t, v));
  }

  /** Every version of a Task {@code v} may see, newest first. */
  public List<Task> taskHistory(String id, Visibility v) {
    return transactions.inTransaction(tx -> tasks.history(tx, id, v)).stream()
        .map(t -> TaskView.of(t, v))
        .toList();
  }

  /**
   * A page of the Tasks matching every given criterion that the query's caller may see, oldest
   * change first, each as the caller may see it.
   */
  public SearchPage<Task> searchTasks(TaskQuery q) {
    return transactions
        .inTransaction(tx -> tasks.search(tx, q))
        .map(t -> TaskView.of(t, q.visibility()));
  }

  /**
   * Score Observations matching both criteria (null = any) on Tasks {@code v} may see, oldest
   * effective time first.
   */
  public List<Observation> searchOutcomes(
      String taskId, String subjectRef, int limit, Visibility v) {
    return transactions.inTransaction(tx -> outcomes.search(tx, taskId, subjectRef, limit, v));
  }

  /** Communications recorded for a referral (root referral id). */
  public List<Communication> communicationsOf(String rootReferralId) {
    return transactions.inTransaction(tx -> resources.communicationsOf(tx, rootReferralId));
  }

  /** The Communication {@code id} if {@code v} may see its Task, as {@code v} may see it. */
  public Optional<Communication> readCommunication(String id, Visibility v) {
    return transactions
        .inTransaction(tx -> communications.read(tx, id, v))
        .map(c -> CommunicationView.of(c, v));
  }

  /**
   * Communications part of Task {@code taskId} and based on {@code basedOn} ({@code Type/id}; each
   * null for any) on Tasks {@code v} may see, as it may see them, ordered by when they were sent
   * (when recorded, for one never sent), newest first when {@code newestFirst}.
   */
  public List<Communication> searchCommunications(
      String basedOn, String taskId, boolean newestFirst, Visibility v) {
    Comparator<Communication> bySent =
        Comparator.comparing(
            (Communication c) -> c.hasSent() ? c.getSent() : c.getMeta().getLastUpdated(),
            Comparator.nullsFirst(Comparator.<Date>naturalOrder()));
    return transactions.inTransaction(tx -> communications.search(tx, basedOn, taskId, v)).stream()
        .sorted(newestFirst ? bySent.reversed() : bySent)
        .map(c -> CommunicationView.of(c, v))
        .toList();
  }

  /** Every status change of Task {@code taskId} if {@code v} may see it, oldest first. */
  public List<StatusChange> statusChangesOfTask(String taskId, Visibility v) {
    return narrowed(transactions.inTransaction(tx -> provenance.ofTask(tx, taskId, v)), v);
  }

  /** The changes that created the Tasks of referral {@code referralId} that {@code v} may see. */
  public List<StatusChange> creationsOfReferral(String referralId, Visibility v) {
    return narrowed(transactions.inTransaction(tx -> provenance.creationsOf(tx, referralId, v)), v);
  }

  /** The status change that produced version {@code version} of a Task {@code v} may see. */
  public Optional<StatusChange> statusChange(String taskId, int version, Visibility v) {
    return narrowed(
            transactions.inTransaction(tx -> provenance.ofVersion(tx, taskId, version, v)), v)
        .stream()
        .findFirst();
  }

  private static List<StatusChange> narrowed(List<StatusChange> changes, Visibility v) {
    return v.clinical() ? changes : changes.stream().map(StatusChange::withoutReason).toList();
  }

  /** A count over a ledger table, for tests and health: {@code SELECT count(*) FROM table}. */
  public long count(String table, String where, Object... args) {
    return transactions.inTransaction(tx -> counts.count(tx, table, where, args));
  }
}
