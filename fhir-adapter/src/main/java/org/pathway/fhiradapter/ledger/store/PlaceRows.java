package org.pathway.fhiradapter.ledger.store;

import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pathway.fhiradapter.ledger.LedgerTx;

/**
 * The {@code group_place} table (the Tasks holding one of their group's places) and {@code
 * group_waitlist} (each group's waitlist, in order), and the per-group lock that makes every change
 * of one group's count wait for the one before it.
 */
@Singleton
public class PlaceRows {

  /** Where a Task stands with a group: whether it holds a place, and its waitlist position. */
  public record Held(String groupId, boolean holdsPlace, Integer position) {}

  /**
   * Locks {@code groupId}'s count until the transaction ends, so two members accepted at once
   * cannot both take the last place.
   */
  public void lockGroup(LedgerTx tx, String groupId) throws SQLException {
    advisoryLock(tx, "pg_advisory_xact_lock", "group-places:" + groupId);
    tx.queuedForLockTaken();
  }

  /**
   * Shares {@code groupId}'s lock until the transaction ends: the count stays as read, while others
   * who only read it (new Tasks starting) go on beside this one; whoever changes it waits for all.
   */
  public void shareGroup(LedgerTx tx, String groupId) throws SQLException {
    advisoryLock(tx, "pg_advisory_xact_lock_shared", "group-places:" + groupId);
    tx.queuedForLockTaken();
  }

  /** Where {@code taskId} stands with {@code groupId}. */
  public Held standing(LedgerTx tx, String groupId, String taskId) throws SQLException {
    boolean holds;
    try (var ps =
        tx.connection()
            .prepareStatement("SELECT 1 FROM group_place WHERE task_id = ? AND group_id = ?")) {
      ps.setString(1, taskId);
      ps.setString(2, groupId);
      try (var rs = ps.executeQuery()) {
        holds = rs.next();
      }
    }
    return new Held(groupId, holds, position(tx, taskId).orElse(null));
  }

  /** {@code taskId}'s position on its group's waitlist (1 = next), if it is on one. */
  public Optional<Integer> position(LedgerTx tx, String taskId) throws SQLException {
    try (var ps =
        tx.connection()
            .prepareStatement(
                "SELECT count(*) FROM group_waitlist w JOIN group_waitlist me"
                    + " ON me.group_id = w.group_id AND w.seq <= me.seq WHERE me.task_id = ?")) {
      ps.setString(1, taskId);
      try (var rs = ps.executeQuery()) {
        rs.next();
        int n = rs.getInt(1);
        return n == 0 ? Optional.empty() : Optional.of(n);
      }
    }
  }

  /** The Tasks waiting for {@code groupId}, first first. */
  public List<String> waiting(LedgerTx tx, String groupId) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (var ps =
        tx.connection()
            .prepareStatement(
                "SELECT task_id FROM group_waitlist WHERE group_id = ? ORDER BY seq")) {
      ps.setString(1, groupId);
      try (var rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
    }
    return ids;
  }

  /**
   * Puts {@code taskId} at the end of {@code groupId}'s waitlist; returns its position. Joining
   * takes the waitlist's own lock, so two people joining under a shared group lock get positions
   * one after the other.
   */
  public int join(LedgerTx tx, String groupId, String taskId, OffsetDateTime at)
      throws SQLException {
    advisoryLock(tx, "pg_advisory_xact_lock", "group-waitlist:" + groupId);
    try (var ps =
        tx.connection()
            .prepareStatement(
                "INSERT INTO group_waitlist (group_id, task_id, joined_at) VALUES (?,?,?)")) {
      ps.setString(1, groupId);
      ps.setString(2, taskId);
      ps.setObject(3, at);
      ps.executeUpdate();
    }
    return position(tx, taskId).orElseThrow();
  }

  /** Takes {@code taskId} off its waitlist; true when it was on one. */
  public boolean leave(LedgerTx tx, String taskId) throws SQLException {
    try (var ps =
        tx.connection().prepareStatement("DELETE FROM group_waitlist WHERE task_id = ?")) {
      ps.setString(1, taskId);
      return ps.executeUpdate() == 1;
    }
  }

  /** Records that {@code taskId} holds one of {@code groupId}'s places. */
  public void take(LedgerTx tx, String groupId, String taskId, OffsetDateTime at)
      throws SQLException {
    try (var ps =
        tx.connection()
            .prepareStatement(
                "INSERT INTO group_place (task_id, group_id, taken_at) VALUES (?,?,?)"
                    + " ON CONFLICT (task_id) DO NOTHING")) {
      ps.setString(1, taskId);
      ps.setString(2, groupId);
      ps.setObject(3, at);
      ps.executeUpdate();
    }
  }

  /** Gives back the place {@code taskId} held; true when it held one. */
  public boolean free(LedgerTx tx, String taskId) throws SQLException {
    try (var ps = tx.connection().prepareStatement("DELETE FROM group_place WHERE task_id = ?")) {
      ps.setString(1, taskId);
      return ps.executeUpdate() == 1;
    }
  }

  private static void advisoryLock(LedgerTx tx, String function, String key) throws SQLException {
    try (var ps =
        tx.connection().prepareStatement("SELECT " + function + "(hashtextextended(?, 7))")) {
      ps.setString(1, key);
      ps.execute();
    }
  }
}
