package org.pathway.fhiradapter.ledger.store;

import jakarta.inject.Singleton;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.pathway.fhiradapter.ledger.LedgerTx;

/**
 * The retention job's SQL: which records have passed their period (locked with {@code SKIP LOCKED},
 * so two adapter instances purge different batches and never wait on each other), their removal,
 * and the {@code retention_purge} log.
 */
@Singleton
public class RetentionRows {

  /**
   * Up to {@code limit} root referrals closed before {@code cutoff}: every Task of the referral in
   * a status outside {@code open} and none changed since, locked for this transaction. A referral
   * with an event still unpublished in the outbox waits: its events must leave before it goes, or
   * the relay would later announce a referral the ledger no longer holds (and an unpublished row is
   * never purged).
   */
  public List<String> closedReferrals(
      LedgerTx tx, Set<TaskStatus> open, OffsetDateTime cutoff, int limit) throws SQLException {
    Connection c = tx.connection();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT r.id FROM referral r WHERE r.id = r.root_referral_id AND r.created_at < ?"
                + " AND EXISTS (SELECT 1 FROM task t WHERE t.root_referral_id = r.id)"
                + " AND NOT EXISTS (SELECT 1 FROM task t WHERE t.root_referral_id = r.id"
                + " AND (t.status = ANY(?) OR t.last_updated >= ?))"
                + " AND NOT EXISTS (SELECT 1 FROM outbox o JOIN referral c ON c.id = o.referral_id"
                + " JOIN outbox_pending p ON p.seq = o.seq WHERE c.root_referral_id = r.id)"
                + " ORDER BY r.created_at LIMIT ? FOR UPDATE OF r SKIP LOCKED")) {
      ps.setObject(1, cutoff);
      ps.setArray(2, c.createArrayOf("varchar", open.stream().map(TaskStatus::toCode).toArray()));
      ps.setObject(3, cutoff);
      ps.setInt(4, limit);
      return strings(ps);
    }
  }

  /**
   * Removes the referrals rooted at {@code roots} with everything the ledger keeps of them: the
   * onward referrals, Tasks, Task history, provenance, SLA notices, places, scores, their FHIR
   * resources and the people they named (a Patient another referral still names is kept), request
   * keys and published outbox rows. A group's capacity history stays, without the Task it counted.
   */
  public void removeReferrals(LedgerTx tx, List<String> roots) throws SQLException {
    Connection c = tx.connection();
    Array rootIds = c.createArrayOf("varchar", roots.toArray());
    Array taskIds =
        c.createArrayOf(
            "varchar",
            select(c, "SELECT id FROM task WHERE root_referral_id = ANY(?)", rootIds).toArray());
    List<String> referralIds =
        select(c, "SELECT id FROM referral WHERE root_referral_id = ANY(?)", rootIds);
    Array allReferrals = c.createArrayOf("varchar", referralIds.toArray());
    for (String table :
        List.of(
            "provenance",
            "overdue_notice",
            "sla_ladder",
            "group_place",
            "group_waitlist",
            "outcome")) {
      update(c, "DELETE FROM " + table + " WHERE task_id = ANY(?)", taskIds);
    }
    update(c, "DELETE FROM task_version WHERE id = ANY(?)", taskIds);
    update(
        c,
        "UPDATE group_capacity SET counted_for_task = NULL WHERE counted_for_task = ANY(?)",
        taskIds);
    update(
        c,
        "DELETE FROM fhir_resource WHERE referral_id = ANY(?) AND resource_type <> 'Patient'",
        allReferrals);
    // The people these referrals named, wherever the ledger first stored them (a person named by
    // two pathways is held once, under the first), unless a referral that stays names them too.
    try (PreparedStatement ps =
        c.prepareStatement(
            "DELETE FROM fhir_resource r WHERE r.resource_type = 'Patient' AND (r.referral_id ="
                + " ANY(?) OR r.id IN (SELECT patient_id FROM referral WHERE root_referral_id ="
                + " ANY(?))) AND NOT EXISTS (SELECT 1 FROM referral o WHERE o.patient_id = r.id"
                + " AND NOT (o.root_referral_id = ANY(?)))")) {
      ps.setArray(1, allReferrals);
      ps.setArray(2, rootIds);
      ps.setArray(3, rootIds);
      ps.executeUpdate();
    }
    update(
        c,
        "DELETE FROM outbox WHERE referral_id = ANY(?) AND " + OutboxRows.PUBLISHED,
        allReferrals);
    update(c, "DELETE FROM request_key WHERE referral_id = ANY(?)", allReferrals);
    update(c, "DELETE FROM task WHERE root_referral_id = ANY(?)", rootIds);
    update(c, "DELETE FROM referral WHERE root_referral_id = ANY(?)", rootIds);
  }

  /**
   * Removes up to {@code limit} wellbeing scores of Tasks closed before {@code cutoff}: the {@code
   * outcome} rows and their Observation and QuestionnaireResponse.
   *
   * @return the scores removed
   */
  public int removeScores(LedgerTx tx, Set<TaskStatus> open, OffsetDateTime cutoff, int limit)
      throws SQLException {
    Connection c = tx.connection();
    List<String> observations = new ArrayList<>();
    List<String> responses = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT o.observation_id, o.questionnaire_response_id FROM outcome o"
                + " JOIN task t ON t.id = o.task_id"
                + " WHERE NOT (t.status = ANY(?)) AND t.last_updated < ?"
                + " LIMIT ? FOR UPDATE OF o SKIP LOCKED")) {
      ps.setArray(1, c.createArrayOf("varchar", open.stream().map(TaskStatus::toCode).toArray()));
      ps.setObject(2, cutoff);
      ps.setInt(3, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          observations.add(rs.getString(1));
          if (rs.getString(2) != null) {
            responses.add(rs.getString(2));
          }
        }
      }
    }
    Array obs = c.createArrayOf("varchar", observations.toArray());
    update(c, "DELETE FROM fhir_resource WHERE resource_type = 'Observation' AND id = ANY(?)", obs);
    update(
        c,
        "DELETE FROM fhir_resource WHERE resource_type = 'QuestionnaireResponse' AND id = ANY(?)",
        c.createArrayOf("varchar", responses.toArray()));
    update(c, "DELETE FROM outcome WHERE observation_id = ANY(?)", obs);
    return observations.size();
  }

  /**
   * Removes up to {@code limit} rows of {@code table} whose {@code column} is before {@code cutoff}
   * (and that match {@code also}, when given), skipping rows another purge holds.
   *
   * @return the rows removed
   */
  public int removeOlder(
      LedgerTx tx, String table, String column, String also, OffsetDateTime cutoff, int limit)
      throws SQLException {
    String where = column + " < ?" + (also == null ? "" : " AND " + also);
    try (PreparedStatement ps =
        tx.connection()
            .prepareStatement(
                "DELETE FROM "
                    + table
                    + " WHERE ctid IN (SELECT ctid FROM "
                    + table
                    + " WHERE "
                    + where
                    + " LIMIT ? FOR UPDATE SKIP LOCKED)")) {
      ps.setObject(1, cutoff);
      ps.setInt(2, limit);
      return ps.executeUpdate();
    }
  }

  /** Records one purge: what kind, how many, the cutoff applied and when. */
  public void record(LedgerTx tx, String kind, int purged, OffsetDateTime cutoff, OffsetDateTime at)
      throws SQLException {
    try (PreparedStatement ps =
        tx.connection()
            .prepareStatement(
                "INSERT INTO retention_purge (kind, purged, cutoff, purged_at) VALUES (?,?,?,?)")) {
      ps.setString(1, kind);
      ps.setInt(2, purged);
      ps.setObject(3, cutoff);
      ps.setObject(4, at);
      ps.executeUpdate();
    }
  }

  private static List<String> select(Connection c, String sql, Array ids) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setArray(1, ids);
      return strings(ps);
    }
  }

  private static List<String> strings(PreparedStatement ps) throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private static void update(Connection c, String sql, Array ids) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setArray(1, ids);
      ps.executeUpdate();
    }
  }
}
