package org.pathway.fhiradapter.ledger.store;

import ca.uhn.fhir.context.FhirContext;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Task;
import org.pathway.fhiradapter.ledger.LedgerTx;
import org.pathway.fhiradapter.ledger.TaskQuery;

/**
 * The {@code task} table (each Task's current version, with the columns searches use) and {@code
 * task_version} (every version, for vread and history).
 */
@Singleton
public class TaskRows {

  /** Where a Task sits: its referral, and the root referral its pathway's events are keyed by. */
  public record Keys(String referralId, String rootReferralId) {}

  private final FhirContext fhir;

  public TaskRows(FhirContext fhir) {
    this.fhir = fhir;
  }

  /**
   * Writes {@code task} as {@code version}, stamped {@code at}: inserts the current row for version
   * 1, updates it after that, and adds the version to the history.
   *
   * @param requesterRef the requester as searched ({@code Type/id} or {@code system|value})
   * @param ownerRef the owner as searched, or null
   */
  public void write(
      LedgerTx tx,
      Task task,
      int version,
      Keys keys,
      String requesterRef,
      String ownerRef,
      OffsetDateTime at)
      throws SQLException {
    String id = task.getIdElement().getIdPart();
    task.setId(id);
    task.getMeta().setVersionId(Integer.toString(version));
    task.getMeta().setLastUpdated(Date.from(at.toInstant()));
    String body = fhir.newJsonParser().encodeResourceToString(task);
    String sqlText =
        version == 1
            ? "INSERT INTO task (status, business_status, owner_ref, requester_ref, subject_ref,"
                + " focus_ref, part_of, last_updated, body, due_at, version, referral_id,"
                + " root_referral_id, id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
            : "UPDATE task SET status = ?, business_status = ?, owner_ref = ?, requester_ref = ?,"
                + " subject_ref = ?, focus_ref = ?, part_of = ?, last_updated = ?, body = ?,"
                + " due_at = ?, version = ? WHERE referral_id = ? AND root_referral_id = ? AND id = ?";
    var c = tx.connection();
    try (var ps = c.prepareStatement(sqlText)) {
      ps.setString(1, task.getStatus().toCode());
      ps.setString(
          2,
          task.hasBusinessStatus() ? task.getBusinessStatus().getCodingFirstRep().getCode() : null);
      ps.setString(3, ownerRef);
      ps.setString(4, requesterRef);
      ps.setString(5, task.getFor().getReference());
      ps.setString(6, task.getFocus().getReference());
      ps.setString(
          7, task.hasPartOf() ? task.getPartOfFirstRep().getReferenceElement().getIdPart() : null);
      ps.setObject(8, at);
      ps.setString(9, body);
      Instant due = dueAt(task);
      ps.setObject(10, due == null ? null : due.atOffset(ZoneOffset.UTC));
      ps.setInt(11, version);
      ps.setString(12, keys.referralId());
      ps.setString(13, keys.rootReferralId());
      ps.setString(14, id);
      if (ps.executeUpdate() != 1) {
        throw new IllegalStateException("Task/" + id + " was not written");
      }
    }
    try (var ps =
        c.prepareStatement(
            "INSERT INTO task_version (id, version, last_updated, body) VALUES (?,?,?,?)")) {
      ps.setString(1, id);
      ps.setInt(2, version);
      ps.setObject(3, at);
      ps.setString(4, body);
      ps.executeUpdate();
    }
  }

  /**
   * Task.restriction.period.end as the stored body states it: a dateTime keeps only the precision
   * it is written with (seconds by default), so the column must not hold more than the body.
   */
  public static Instant dueAt(Task task) {
    var end = task.getRestriction().getPeriod().getEndElement();
    if (end == null || end.isEmpty() || end.getValueAsString() == null) {
      return null;
    }
    return new DateTimeType(end.getValueAsString()).getValue().toInstant();
  }

  /** The current version of a Task, its row locked until the transaction ends. */
  public Optional<Task> lock(LedgerTx tx, String id) throws SQLException {
    return one(tx, "SELECT body FROM task WHERE id = ? FOR UPDATE", id);
  }

  /** The current version of a Task. */
  public Optional<Task> read(LedgerTx tx, String id) throws SQLException {
    return one(tx, "SELECT body FROM task WHERE id = ?", id);
  }

  /** One version of a Task. */
  public Optional<Task> readVersion(LedgerTx tx, String id, int version) throws SQLException {
    List<Task> found =
        Bodies.list(
            tx.connection(),
            fhir,
            Task.class,
            "SELECT body FROM task_version WHERE id = ? AND version = ?",
            List.of(id, version));
    return found.stream().findFirst();
  }

  /** Every version of a Task, newest first. */
  public List<Task> history(LedgerTx tx, String id) throws SQLException {
    return Bodies.list(
        tx.connection(),
        fhir,
        Task.class,
        "SELECT body FROM task_version WHERE id = ? ORDER BY version DESC",
        List.of(id));
  }

  /** Tasks matching every given criterion, oldest change first. */
  public List<Task> search(LedgerTx tx, TaskQuery q) throws SQLException {
    StringBuilder where = new StringBuilder(" WHERE 1=1");
    List<Object> args = new ArrayList<>();
    Bodies.addCriterion(where, args, "requester_ref", q.requester());
    Bodies.addCriterion(where, args, "owner_ref", q.owner());
    Bodies.addCriterion(where, args, "subject_ref", q.subject());
    Bodies.addCriterion(where, args, "status", q.status());
    Bodies.addCriterion(where, args, "focus_ref", q.focus());
    Bodies.addCriterion(where, args, "part_of", q.partOf());
    if (q.updatedFrom() != null) {
      where.append(" AND last_updated >= ?");
      args.add(q.updatedFrom().atOffset(ZoneOffset.UTC));
    }
    if (q.updatedTo() != null) {
      where.append(" AND last_updated < ?");
      args.add(q.updatedTo().atOffset(ZoneOffset.UTC));
    }
    String query =
        "SELECT body FROM task"
            + where
            + " ORDER BY last_updated, id FETCH FIRST "
            + q.limit()
            + " ROWS ONLY";
    return Bodies.list(tx.connection(), fhir, Task.class, query, args);
  }

  /** The referral and root referral of a held Task. */
  public Keys keys(LedgerTx tx, String taskId) throws SQLException {
    try (var ps =
        tx.connection()
            .prepareStatement("SELECT referral_id, root_referral_id FROM task WHERE id = ?")) {
      ps.setString(1, taskId);
      try (var rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("Task/" + taskId + " is not held");
        }
        return new Keys(rs.getString(1), rs.getString(2));
      }
    }
  }

  /** The ids of the Tasks {@code partOf} this one. */
  public List<String> childrenOf(LedgerTx tx, String parentId) throws SQLException {
    List<String> children = new ArrayList<>();
    try (var ps =
        tx.connection().prepareStatement("SELECT id FROM task WHERE part_of = ? ORDER BY id")) {
      ps.setString(1, parentId);
      try (var rs = ps.executeQuery()) {
        while (rs.next()) {
          children.add(rs.getString(1));
        }
      }
    }
    return children;
  }

  private Optional<Task> one(LedgerTx tx, String query, String id) throws SQLException {
    try (var ps = tx.connection().prepareStatement(query)) {
      ps.setString(1, id);
      try (var rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(fhir.newJsonParser().parseResource(Task.class, rs.getString(1)))
            : Optional.empty();
      }
    }
  }
}
