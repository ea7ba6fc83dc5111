package org.pathway.fhiradapter.ledger.store;

import ca.uhn.fhir.context.FhirContext;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Communication;
import org.pathway.fhiradapter.ledger.LedgerTx;
import org.pathway.fhiradapter.ledger.Visibility;

/**
 * Reads of the Communications in {@code fhir_resource} (one per delivery receipt), by the Task they
 * are part of ({@code comm_task_id}) and the request they are based on ({@code comm_based_on}),
 * each visible exactly when that Task is (migration V12).
 */
@Singleton
public class CommunicationRows {

  /** The most rows one search reads; a referral's receipts are far fewer. */
  public static final int MAX_ROWS = 1000;

  private final FhirContext fhir;

  public CommunicationRows(FhirContext fhir) {
    this.fhir = fhir;
  }

  /** The Communication {@code id}, if {@code v} may see its Task. */
  public Optional<Communication> read(LedgerTx tx, String id, Visibility v) throws SQLException {
    List<Object> args = new ArrayList<>(List.of(id));
    return query(tx, " AND r.id = ?", args, v).stream().findFirst();
  }

  /**
   * Communications part of Task {@code taskId} and based on {@code basedOn} ({@code Type/id}), each
   * null for any, on Tasks {@code v} may see, in the order they were recorded.
   */
  public List<Communication> search(LedgerTx tx, String basedOn, String taskId, Visibility v)
      throws SQLException {
    StringBuilder criteria = new StringBuilder();
    List<Object> args = new ArrayList<>();
    Bodies.addCriterion(criteria, args, "r.comm_based_on", basedOn);
    Bodies.addCriterion(criteria, args, "r.comm_task_id", taskId);
    return query(tx, criteria.toString(), args, v);
  }

  private List<Communication> query(LedgerTx tx, String criteria, List<Object> args, Visibility v)
      throws SQLException {
    String visible = VisibleTasks.condition("t", v, args);
    return Bodies.list(
        tx.connection(),
        fhir,
        Communication.class,
        "SELECT r.body FROM fhir_resource r JOIN task t ON t.id = r.comm_task_id"
            + " WHERE r.resource_type = 'Communication'"
            + criteria
            + " AND "
            + visible
            + " ORDER BY r.last_updated, r.id FETCH FIRST "
            + MAX_ROWS
            + " ROWS ONLY",
        args);
  }
}
