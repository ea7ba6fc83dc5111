package org.pathway.fhiradapter.ledger;

import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.pathway.fhiradapter.ledger.store.InteractionRows;
import org.pathway.fhiradapter.ledger.store.ProvenanceRows;
import org.pathway.fhiradapter.ledger.store.ResourceRows;
import org.pathway.fhiradapter.ledger.store.TaskRows;

/**
 * Everything the ledger holds about one person, for their request to see it (a subject access
 * request, answered by an operator): found from the Patient through every referral naming them, so
 * nothing of anyone else's pathway is read. One read transaction, so the answer is one moment.
 */
@Singleton
public class PersonRecord {

  /**
   * What is held about the person.
   *
   * @param resources the Patient, then every pathway's resources (ServiceRequests, Consents,
   *     QuestionnaireResponses, Observations, Communications and what came with the referral)
   * @param taskVersions every version of every Task of their pathways, each Task newest first
   * @param statusChanges every Task status change (the ledger's provenance), oldest first per Task
   * @param accesses every audit row naming one of those resources or Tasks: who touched them
   */
  public record Held(
      List<Resource> resources,
      List<Task> taskVersions,
      List<StatusChange> statusChanges,
      List<InteractionRecord> accesses) {}

  private final LedgerTransactions transactions;
  private final ResourceRows resources;
  private final TaskRows tasks;
  private final ProvenanceRows provenance;
  private final InteractionRows audit;

  public PersonRecord(
      LedgerTransactions transactions,
      ResourceRows resources,
      TaskRows tasks,
      ProvenanceRows provenance,
      InteractionRows audit) {
    this.transactions = transactions;
    this.resources = resources;
    this.tasks = tasks;
    this.provenance = provenance;
    this.audit = audit;
  }

  /** What is held about Patient {@code patientId}; empty when the ledger holds no such person. */
  public Optional<Held> of(String patientId) {
    return transactions.inTransaction(
        tx -> {
          Optional<Resource> patient = resources.read(tx, "Patient", patientId);
          List<String> pathways = resources.pathwaysOf(tx, patientId);
          if (patient.isEmpty() && pathways.isEmpty()) {
            return Optional.<Held>empty();
          }
          // Keyed by type and id, so the Patient stored with its first referral appears once.
          Map<String, Resource> held = new LinkedHashMap<>();
          patient.ifPresent(p -> held.put(key(p), p));
          List<Task> versions = new ArrayList<>();
          List<StatusChange> changes = new ArrayList<>();
          Set<String> ids = new LinkedHashSet<>();
          ids.add(patientId);
          for (String root : pathways) {
            for (Resource r : resources.allOf(tx, root)) {
              held.putIfAbsent(key(r), r);
              ids.add(r.getIdElement().getIdPart());
            }
            for (String taskId : tasks.idsOfPathway(tx, root)) {
              ids.add(taskId);
              versions.addAll(tasks.history(tx, taskId, Visibility.EVERYTHING));
              changes.addAll(provenance.ofTask(tx, taskId, Visibility.EVERYTHING));
            }
          }
          return Optional.of(
              new Held(List.copyOf(held.values()), versions, changes, audit.touching(tx, ids)));
        });
  }

  private static String key(Resource r) {
    return r.fhirType() + "/" + r.getIdElement().getIdPart();
  }
}
