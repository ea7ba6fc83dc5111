package org.pathway.router.idempotency;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.pathway.router.decision.OnwardReferral;

/**
 * Who referred each group's Task on ({@code router_onward_referral}), so the link worker can be
 * told when the group answers. Written before the facilitator's notification is published, and
 * idempotently (a redelivered event writes the same row), like {@link ReferralMemory}.
 */
public final class OnwardReferralMemory {

  private final DataSource dataSource;

  public OnwardReferralMemory(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public void remember(String referralId, OnwardReferral referral) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement upsert =
            c.prepareStatement(
                "INSERT INTO router_onward_referral"
                    + " (task_id, referral_id, parent_task_id, link_worker_ref)"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT (task_id) DO UPDATE SET"
                    + " referral_id = EXCLUDED.referral_id,"
                    + " parent_task_id = EXCLUDED.parent_task_id,"
                    + " link_worker_ref = EXCLUDED.link_worker_ref")) {
      upsert.setString(1, referral.taskId());
      upsert.setString(2, referralId);
      upsert.setString(3, referral.parentTaskId());
      upsert.setString(4, referral.linkWorkerReference());
      upsert.executeUpdate();
    } catch (SQLException e) {
      throw new MemoryUnavailableException(
          "cannot remember the onward referral of task " + referral.taskId(), e);
    }
  }

  /** Who referred the group's Task {@code taskId} on; empty when the router never saw it. */
  public Optional<OnwardReferral> recall(String taskId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement select =
            c.prepareStatement(
                "SELECT parent_task_id, link_worker_ref FROM router_onward_referral"
                    + " WHERE task_id = ?")) {
      select.setString(1, taskId);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next()
            ? Optional.of(new OnwardReferral(taskId, rs.getString(1), rs.getString(2)))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw new MemoryUnavailableException("cannot look up the onward referral of " + taskId, e);
    }
  }
}
