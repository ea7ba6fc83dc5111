package org.pathway.fhiradapter.ledger.store;

import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.pathway.fhiradapter.ledger.LedgerTx;

/**
 * The {@code overdue_notice} table, keyed by Task and due time (which due times have been
 * announced, so each is announced once), and {@code sla_ladder}, the next rung armed for a Task.
 */
@Singleton
public class OverdueNotices {

  /** The first rung: the step's own due time has passed. */
  public static final String FIRST_RUNG = "nudge";

  /**
   * A rung due and not yet announced: for the first rung {@code dueAt} is the step's own due time;
   * for a later one it is the rung's, armed on the step due at {@code stepDueAt}.
   */
  public record Due(String taskId, OffsetDateTime dueAt, String rung, OffsetDateTime stepDueAt) {}

  /** A notice: what was announced, by which event. */
  public record Notice(
      String taskId, OffsetDateTime dueAt, String rung, OffsetDateTime stepDueAt) {}

  /**
   * Up to {@code limit} Tasks in one of {@code open} statuses whose step was due at or before
   * {@code cutoff} and has no notice yet (the ladder's first rung).
   */
  public List<Due> unannounced(LedgerTx tx, Set<TaskStatus> open, OffsetDateTime cutoff, int limit)
      throws SQLException {
    List<Due> out = new ArrayList<>();
    try (var ps =
        tx.connection()
            .prepareStatement(
                "SELECT t.id, t.due_at FROM task t WHERE t.status IN ("
                    + inList(open)
                    + ") AND t.due_at <= ? AND NOT EXISTS (SELECT 1 FROM overdue_notice n"
                    + " WHERE n.task_id = t.id AND n.due_at = t.due_at)"
                    + " ORDER BY t.due_at, t.id FETCH FIRST "
                    + limit
                    + " ROWS ONLY")) {
      ps.setObject(1, cutoff);
      try (var rs = ps.executeQuery()) {
        while (rs.next()) {
          var due = rs.getObject(2, OffsetDateTime.class);
          out.add(new Due(rs.getString(1), due, FIRST_RUNG, due));
        }
      }
    }
    return out;
  }

  /**
   * Up to {@code limit} armed rungs due at or before {@code cutoff}, not yet announced, whose Task
   * is still open on the step the rung was armed on (same due time).
   */
  public List<Due> armedRungsDue(
      LedgerTx tx, Set<TaskStatus> open, OffsetDateTime cutoff, int limit) throws SQLException {
    List<Due> out = new ArrayList<>();
    try (var ps =
        tx.connection()
            .prepareStatement(
                "SELECT l.task_id, l.due_at, l.rung, l.step_due_at FROM sla_ladder l"
                    + " JOIN task t ON t.id = l.task_id AND t.due_at = l.step_due_at"
                    + " WHERE t.status IN ("
                    + inList(open)
                    + ") AND l.due_at <= ? AND NOT EXISTS (SELECT 1 FROM overdue_notice n"
                    + " WHERE n.task_id = l.task_id AND n.due_at = l.due_at)"
                    + " ORDER BY l.due_at, l.task_id FETCH FIRST "
                    + limit
                    + " ROWS ONLY")) {
      ps.setObject(1, cutoff);
      try (var rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Due(
                  rs.getString(1),
                  rs.getObject(2, OffsetDateTime.class),
                  rs.getString(3),
                  rs.getObject(4, OffsetDateTime.class)));
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
  public boolean insert(LedgerTx tx, Due due, String eventId, OffsetDateTime at)
      throws SQLException {
    try (var ps =
        tx.connection()
            .prepareStatement(
                "INSERT INTO overdue_notice (task_id, due_at, event_id, emitted_at, rung,"
                    + " step_due_at) VALUES (?,?,?,?,?,?) ON CONFLICT DO NOTHING")) {
      ps.setString(1, due.taskId());
      ps.setObject(2, due.dueAt());
      ps.setString(3, eventId);
      ps.setObject(4, at);
      ps.setString(5, due.rung());
      ps.setObject(6, due.stepDueAt());
      return ps.executeUpdate() == 1;
    }
  }

  /** The notice announced by overdue event {@code eventId}, if this ledger wrote it. */
  public Optional<Notice> byEvent(LedgerTx tx, String eventId) throws SQLException {
    try (var ps =
        tx.connection()
            .prepareStatement(
                "SELECT task_id, due_at, rung, step_due_at FROM overdue_notice WHERE event_id = ?")) {
      ps.setString(1, eventId);
      try (var rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Notice(
                rs.getString(1),
                rs.getObject(2, OffsetDateTime.class),
                rs.getString(3),
                rs.getObject(4, OffsetDateTime.class)));
      }
    }
  }

  /**
   * Arms {@code rung} of the Task's ladder, due at {@code dueAt}, on the step due at {@code
   * stepDueAt}; it replaces whatever rung was armed before.
   */
  public void arm(
      LedgerTx tx,
      String taskId,
      OffsetDateTime stepDueAt,
      String rung,
      OffsetDateTime dueAt,
      String armedBy,
      OffsetDateTime at)
      throws SQLException {
    try (var ps =
        tx.connection()
            .prepareStatement(
                "INSERT INTO sla_ladder (task_id, step_due_at, rung, due_at, armed_by, armed_at)"
                    + " VALUES (?,?,?,?,?,?) ON CONFLICT (task_id) DO UPDATE SET"
                    + " step_due_at = EXCLUDED.step_due_at, rung = EXCLUDED.rung,"
                    + " due_at = EXCLUDED.due_at, armed_by = EXCLUDED.armed_by,"
                    + " armed_at = EXCLUDED.armed_at")) {
      ps.setString(1, taskId);
      ps.setObject(2, stepDueAt);
      ps.setString(3, rung);
      ps.setObject(4, dueAt);
      ps.setString(5, armedBy);
      ps.setObject(6, at);
      ps.executeUpdate();
    }
  }

  /** Disarms the Task's ladder (the rung it ends on was applied). */
  public void disarm(LedgerTx tx, String taskId) throws SQLException {
    try (var ps = tx.connection().prepareStatement("DELETE FROM sla_ladder WHERE task_id = ?")) {
      ps.setString(1, taskId);
      ps.executeUpdate();
    }
  }

  private static String inList(Set<TaskStatus> statuses) {
    return statuses.stream()
        .map(st -> "'" + st.toCode() + "'")
        .sorted()
        .collect(Collectors.joining(","));
  }
}
