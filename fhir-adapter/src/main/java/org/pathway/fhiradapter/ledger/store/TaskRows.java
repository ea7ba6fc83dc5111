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
import org.pathway.fhiradapter.ledger.PageCursor;
import org.pathway.fhiradapter.ledger.SearchPage;
import org.pathway.fhiradapter.ledger.TaskQuery;
import org.pathway.fhiradapter.ledger.Visibility;

/**
 * The {@code task} table (each Task's current version, with the columns searches use) and {@code
 * task_version} (every version, for vread and history).
 */
@Singleton
public class TaskRows {

  /** Where a Task sits: its referral, and the root referral its pathway's events are keyed by. */
  public record Keys(String referralId, String rootReferralId) {}

  /** The organisations of a Task's owner (null until one is assigned) and requester. */
  public record Orgs(String ownerOrg, String requesterOrg, String parentOwnerOrg) {}

  private final FhirContext fhir;

  public TaskRows(FhirContext fhir) {
    this.fhir = fhir;
  }

  /**
   * Writes {@code task} as {@code version}, stamped {@code at}: inserts the current row for version
   * 1, updates it after that, and adds the version to the history.
   *
   * @param requesterRef the requester as searched ({@code Type/id} or {@code system|value})
   * @param requesterOrg the requester's organisation, kept from version 1 on (a Task's requester
   *     never changes)
   * @param ownerRef the owner as searched, or null
   * @param ownerOrg the owner's organisation, or null
   */
  public void write(
      LedgerTx tx,
      Task task,
      int version,
      Keys keys,
      String requesterRef,
      String requesterOrg,
      String ownerRef,
      String ownerOrg,
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
                + " focus_ref, part_of, last_updated, body, due_at, version, owner_org,"
                + " requester_org, referral_id, root_referral_id, id)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
            : "UPDATE task SET status = ?, business_status = ?, owner_ref = ?, requester_ref = ?,"
                + " subject_ref = ?, focus_ref = ?, part_of = ?, last_updated = ?, body = ?,"
                + " due_at = ?, version = ?, owner_org = ?,"
                + " requester_org = COALESCE(requester_org, ?)"
                + " WHERE referral_id = ? AND root_referral_id = ? AND id = ?";
    Instant due = dueAt(task);
    LedgerTx.Row row =
        ps -> {
          ps.setString(1, task.getStatus().toCode());
          ps.setString(
              2,
              task.hasBusinessStatus()
                  ? task.getBusinessStatus().getCodingFirstRep().getCode()
                  : null);
          ps.setString(3, ownerRef);
          ps.setString(4, requesterRef);
          ps.setString(5, task.getFor().getReference());
          ps.setString(6, task.getFocus().getReference());
          ps.setString(
              7,
              task.hasPartOf() ? task.getPartOfFirstRep().getReferenceElement().getIdPart() : null);
          ps.setObject(8, at);
          ps.setString(9, body);
          ps.setObject(10, due == null ? null : due.atOffset(ZoneOffset.UTC));
          ps.setInt(11, version);
          ps.setString(12, ownerOrg);
          ps.setString(13, requesterOrg);
          ps.setString(14, keys.referralId());
          ps.setString(15, keys.rootReferralId());
          ps.setString(16, id);
        };
    if (version == 1) {
      // An INSERT writes its row or fails: nothing to check, so it may wait for a group commit.
      tx.append(sqlText, row);
    } else {
      try (var ps = tx.connection().prepareStatement(sqlText)) {
        row.bind(ps);
        if (ps.executeUpdate() != 1) {
          throw new IllegalStateException("Task/" + id + " was not written");
        }
      }
    }
    tx.append(
        "INSERT INTO task_version (id, version, last_updated, body) VALUES (?,?,?,?)",
        ps -> {
          ps.setString(1, id);
          ps.setInt(2, version);
          ps.setObject(3, at);
          ps.setString(4, body);
        });
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
    return lock(tx, id, Visibility.EVERYTHING);
  }

  /**
   * The current version of a Task {@code v} may see, its row locked until the transaction ends;
   * empty when it is not held or not visible.
   */
  public Optional<Task> lock(LedgerTx tx, String id, Visibility v) throws SQLException {
    List<Object> args = new ArrayList<>(List.of(id));
    String visible = VisibleTasks.condition("t", v, args);
    try (var ps =
        tx.connection()
            .prepareStatement(
                "SELECT t.body, t.referral_id, t.root_referral_id FROM task t WHERE t.id = ? AND "
                    + visible
                    + " FOR UPDATE OF t")) {
      for (int i = 0; i < args.size(); i++) {
        ps.setObject(i + 1, args.get(i));
      }
      try (var rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        tx.taskKeys().put(id, new Keys(rs.getString(2), rs.getString(3)));
        return Optional.of(fhir.newJsonParser().parseResource(Task.class, rs.getString(1)));
      }
    }
  }

  /** The current version of a Task. */
  public Optional<Task> read(LedgerTx tx, String id) throws SQLException {
    return read(tx, id, Visibility.EVERYTHING);
  }

  /** The current version of a Task {@code v} may see. */
  public Optional<Task> read(LedgerTx tx, String id, Visibility v) throws SQLException {
    List<Object> args = new ArrayList<>(List.of(id));
    String visible = VisibleTasks.condition("t", v, args);
    return Bodies.list(
            tx.connection(),
            fhir,
            Task.class,
            "SELECT t.body FROM task t WHERE t.id = ? AND " + visible,
            args)
        .stream()
        .findFirst();
  }

  /** One version of a Task {@code v} may see now. */
  public Optional<Task> readVersion(LedgerTx tx, String id, int version, Visibility v)
      throws SQLException {
    List<Object> args = new ArrayList<>(List.of(id, version));
    String visible = VisibleTasks.condition("t", v, args);
    List<Task> found =
        Bodies.list(
            tx.connection(),
            fhir,
            Task.class,
            "SELECT tv.body FROM task_version tv JOIN task t ON t.id = tv.id"
                + " WHERE tv.id = ? AND tv.version = ? AND "
                + visible,
            args);
    return found.stream().findFirst();
  }

  /** The ids of every Task of a pathway (root referral id), oldest first. */
  public List<String> idsOfPathway(LedgerTx tx, String rootReferralId) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (var ps =
        tx.connection()
            .prepareStatement(
                "SELECT id FROM task WHERE root_referral_id = ? ORDER BY last_updated, id")) {
      ps.setString(1, rootReferralId);
      try (var rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
    }
    return ids;
  }

  /** Every version of a Task {@code v} may see now, newest first. */
  public List<Task> history(LedgerTx tx, String id, Visibility v) throws SQLException {
    List<Object> args = new ArrayList<>(List.of(id));
    String visible = VisibleTasks.condition("t", v, args);
    return Bodies.list(
        tx.connection(),
        fhir,
        Task.class,
        "SELECT tv.body FROM task_version tv JOIN task t ON t.id = tv.id WHERE tv.id = ? AND "
            + visible
            + " ORDER BY tv.version DESC",
        args);
  }

  /** The organisations of a held Task's owner, requester and parent's owner. */
  public Orgs orgs(LedgerTx tx, String taskId) throws SQLException {
    try (var ps =
        tx.connection()
            .prepareStatement(
                "SELECT t.owner_org, t.requester_org, p.owner_org FROM task t"
                    + " LEFT JOIN task p ON p.id = t.part_of WHERE t.id = ?")) {
      ps.setString(1, taskId);
      try (var rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("Task/" + taskId + " is not held");
        }
        return new Orgs(rs.getString(1), rs.getString(2), rs.getString(3));
      }
    }
  }

  /**
   * A page of the Tasks matching every given criterion that the query's caller may see, oldest
   * change first or newest (ties by id, the same way), starting after the query's cursor. The total
   * is counted only when the page does not already say it (a first page that holds every match).
   */
  public SearchPage<Task> search(LedgerTx tx, TaskQuery q) throws SQLException {
    List<Object> args = new ArrayList<>();
    String where = where(q, args);
    List<Object> pageArgs = new ArrayList<>(args);
    String after = "";
    if (q.after() != null) {
      after = " AND (last_updated, t.id) " + (q.newestFirst() ? "<" : ">") + " (?, ?)";
      pageArgs.add(q.after().at().atOffset(ZoneOffset.UTC));
      pageArgs.add(q.after().id());
    }
    return SearchPages.read(
        tx.connection(),
        new SearchPages.Query(
            "SELECT body, last_updated, t.id FROM task t"
                + where
                + after
                + (q.newestFirst()
                    ? " ORDER BY last_updated DESC, t.id DESC"
                    : " ORDER BY last_updated, t.id"),
            pageArgs,
            "SELECT count(*) FROM task t" + where,
            args),
        q.limit(),
        q.after() != null,
        rs -> fhir.newJsonParser().parseResource(Task.class, rs.getString(1)),
        rs -> new PageCursor(rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3)));
  }

  /** Adds {@code AND column IN (values...)}, or {@code NOT IN} when {@code excluded}. */
  private static void anyOf(
      StringBuilder where,
      List<Object> args,
      String column,
      List<String> values,
      boolean excluded) {
    where
        .append(" AND ")
        .append(column)
        .append(excluded ? " NOT IN (" : " IN (")
        .append(String.join(", ", java.util.Collections.nCopies(values.size(), "?")))
        .append(')');
    args.addAll(values);
  }

  /** The search's criteria and the caller's visibility, as a WHERE clause over {@code task t}. */
  private static String where(TaskQuery q, List<Object> args) {
    StringBuilder where = new StringBuilder(" WHERE 1=1");
    if (q.ids() != null) {
      anyOf(where, args, "t.id", q.ids(), false);
    }
    Bodies.addCriterion(where, args, "requester_ref", q.requester());
    Bodies.addCriterion(where, args, "owner_ref", q.owner());
    Bodies.addCriterion(where, args, "subject_ref", q.subject());
    if (q.status() != null) {
      anyOf(where, args, "status", q.status().codes(), q.status().excluded());
    }
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
    where.append(" AND ").append(VisibleTasks.condition("t", q.visibility(), args));
    return where.toString();
  }

  /** The referral and root referral of a held Task, read once per transaction. */
  public Keys keys(LedgerTx tx, String taskId) throws SQLException {
    Keys known = tx.taskKeys().get(taskId);
    if (known != null) {
      return known;
    }
    try (var ps =
        tx.connection()
            .prepareStatement("SELECT referral_id, root_referral_id FROM task WHERE id = ?")) {
      ps.setString(1, taskId);
      try (var rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("Task/" + taskId + " is not held");
        }
        Keys keys = new Keys(rs.getString(1), rs.getString(2));
        tx.taskKeys().put(taskId, keys);
        return keys;
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
}
