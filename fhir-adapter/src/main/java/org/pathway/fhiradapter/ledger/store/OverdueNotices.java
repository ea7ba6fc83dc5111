package org.pathway.fhiradapter.ledger.store;

import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.pathway.fhiradapter.ledger.LedgerTx;

/**
 * The {@code overdue_notice} table, keyed by Task and due time: which due times have been
 * announced, so each is announced once.
 */
@Singleton
public class OverdueNotices {

  /** A Task in an open status whose due time has passed and has no notice yet. */
  public record Due(String taskId, OffsetDateTime dueAt) {}

  /** Up to {@code limit} Tasks in one of {@code open} statuses, due at or before {@code cutoff}. */
  public List<Due> unannounced(LedgerTx tx, Set<TaskStatus> open, OffsetDateTime cutoff, int limit)
      throws SQLException {
    String statuses =
        open.stream().map(st -> "'" + st.toCode() + "'").sorted().collect(Collectors.joining(","));
    List<Due> out = new ArrayList<>();
    try (var ps =
        tx.connection()
            .prepareStatement(
                "SELECT t.id, t.due_at FROM task t WHERE t.status IN ("
                    + statuses
                    + ") AND t.due_at <= ? AND NOT EXISTS (SELECT 1 FROM overdue_notice n"
                    + " WHERE n.task_id = t.id AND n.due_at = t.due_at)"
                    + " ORDER BY t.due_at, t.id FETCH FIRST "
                    + limit
                    + " ROWS ONLY")) {
      ps.setObject(1, cutoff);
      try (var rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Due(rs.getString(1), rs.getObject(2, OffsetDateTime.class)));
        }
      }
    }
    return out;
  }

  /** True when this due time of this Task has been announced. */
  public boolean exists(LedgerTx tx, String taskId, OffsetDateTime dueAt) throws SQLException {
    try (var ps =
        tx.connection()
            .prepareStatement("SELECT 1 FROM overdue_notice WHERE task_id = ? AND due_at = ?")) {
      ps.setString(1, taskId);
      ps.setObject(2, dueAt);
      try (var rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Records the notice; false when another transaction recorded it first. */
  public boolean insert(
      LedgerTx tx, String taskId, OffsetDateTime dueAt, String eventId, OffsetDateTime at)
      throws SQLException {
    try (var ps =
        tx.connection()
            .prepareStatement(
                "INSERT INTO overdue_notice (task_id, due_at, event_id, emitted_at)"
                    + " VALUES (?,?,?,?) ON CONFLICT DO NOTHING")) {
      ps.setString(1, taskId);
      ps.setObject(2, dueAt);
      ps.setString(3, eventId);
      ps.setObject(4, at);
      return ps.executeUpdate() == 1;
    }
  }
}
