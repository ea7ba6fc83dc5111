package org.pathway.router.idempotency;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Who owns each Task ({@code router_task_owner}), as a directory reference: a cancellation names
 * only Task ids, and their owners must be told. Written before the output that caused it is
 * published, and idempotently (the last owner learnt wins), like {@link ReferralMemory}.
 */
public final class TaskOwnerMemory {

  private final DataSource dataSource;

  public TaskOwnerMemory(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** {@code ownerReference} (e.g. {@code HealthcareService/lw-east}) owns Task {@code taskId}. */
  public void remember(String referralId, String taskId, String ownerReference) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement upsert =
            c.prepareStatement(
                "INSERT INTO router_task_owner (task_id, referral_id, owner_ref)"
                    + " VALUES (?, ?, ?) ON CONFLICT (task_id) DO UPDATE SET"
                    + " referral_id = EXCLUDED.referral_id, owner_ref = EXCLUDED.owner_ref,"
                    + " recorded_at = CURRENT_TIMESTAMP")) {
      upsert.setString(1, taskId);
      upsert.setString(2, referralId);
      upsert.setString(3, ownerReference);
      upsert.executeUpdate();
    } catch (SQLException e) {
      throw new MemoryUnavailableException("cannot remember the owner of task " + taskId, e);
    }
  }

  /** The owner of Task {@code taskId} as a directory reference; empty when never learnt. */
  public Optional<String> recall(String taskId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement select =
            c.prepareStatement("SELECT owner_ref FROM router_task_owner WHERE task_id = ?")) {
      select.setString(1, taskId);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new MemoryUnavailableException("cannot look up the owner of task " + taskId, e);
    }
  }
}
