package org.pathway.fhiradapter.ledger.store;

import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.pathway.fhiradapter.ledger.LedgerTx;
import org.pathway.fhiradapter.ledger.StatusChange;
import org.pathway.fhiradapter.ledger.Visibility;

/**
 * Reads of {@code provenance} (written by {@link AuditTrail#provenance}): the status changes of
 * Tasks a caller may see, oldest first.
 */
@Singleton
public class ProvenanceRows {

  private static final String SELECT =
      "SELECT p.task_id, p.task_version, p.recorded_at, p.from_status, p.to_status, p.actor,"
          + " p.reason, t.referral_id FROM provenance p JOIN task t ON t.id = p.task_id WHERE ";

  /** Every status change of Task {@code taskId}, if {@code v} may see the Task. */
  public List<StatusChange> ofTask(LedgerTx tx, String taskId, Visibility v) throws SQLException {
    List<Object> args = new ArrayList<>(List.of(taskId));
    return query(tx, "p.task_id = ?", args, v);
  }

  /**
   * The change that created each Task of referral {@code referralId} (the only changes whose target
   * is the ServiceRequest as well as the Task), if {@code v} may see the Task.
   */
  public List<StatusChange> creationsOf(LedgerTx tx, String referralId, Visibility v)
      throws SQLException {
    List<Object> args = new ArrayList<>(List.of(referralId));
    return query(tx, "t.referral_id = ? AND p.from_status IS NULL", args, v);
  }

  /** The change that produced version {@code version} of Task {@code taskId}, if visible. */
  public List<StatusChange> ofVersion(LedgerTx tx, String taskId, int version, Visibility v)
      throws SQLException {
    List<Object> args = new ArrayList<>(List.of(taskId, version));
    return query(tx, "p.task_id = ? AND p.task_version = ?", args, v);
  }

  private static List<StatusChange> query(
      LedgerTx tx, String criteria, List<Object> args, Visibility v) throws SQLException {
    String visible = VisibleTasks.condition("t", v, args);
    List<StatusChange> out = new ArrayList<>();
    try (var ps =
        tx.connection()
            .prepareStatement(
                SELECT
                    + criteria
                    + " AND "
                    + visible
                    + " ORDER BY p.recorded_at, p.task_id, p.task_version")) {
      for (int i = 0; i < args.size(); i++) {
        ps.setObject(i + 1, args.get(i));
      }
      try (var rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new StatusChange(
                  rs.getString(1),
                  rs.getInt(2),
                  rs.getObject(3, OffsetDateTime.class).toInstant(),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getString(7),
                  rs.getString(8)));
        }
      }
    }
    return out;
  }
}
