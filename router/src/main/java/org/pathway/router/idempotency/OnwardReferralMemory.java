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
                    + " (task_id, referral_id, parent_task_id, link_worker_ref, group_ref,"
                    + " activity, preferred_start, contact_preference, link_worker_name)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (task_id) DO UPDATE SET"
                    + " referral_id = EXCLUDED.referral_id,"
                    + " parent_task_id = EXCLUDED.parent_task_id,"
                    + " link_worker_ref = EXCLUDED.link_worker_ref,"
                    + " group_ref = EXCLUDED.group_ref, activity = EXCLUDED.activity,"
                    + " preferred_start = EXCLUDED.preferred_start,"
                    + " contact_preference = EXCLUDED.contact_preference,"
                    + " link_worker_name = EXCLUDED.link_worker_name")) {
      upsert.setString(1, referral.taskId());
      upsert.setString(2, referralId);
      upsert.setString(3, referral.parentTaskId());
      upsert.setString(4, referral.linkWorkerReference());
      upsert.setString(5, referral.groupReference());
      upsert.setString(6, referral.activity());
      upsert.setObject(
          7,
          referral.preferredStart() == null
              ? null
              : referral.preferredStart().atOffset(java.time.ZoneOffset.UTC));
      upsert.setString(8, referral.contactPreference());
      upsert.setString(9, referral.linkWorkerName());
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
                "SELECT parent_task_id, link_worker_ref, group_ref, activity, preferred_start,"
                    + " contact_preference, link_worker_name FROM router_onward_referral"
                    + " WHERE task_id = ?")) {
      select.setString(1, taskId);
      try (ResultSet rs = select.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        var start = rs.getObject(5, java.time.OffsetDateTime.class);
        return Optional.of(
            new OnwardReferral(
                taskId,
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                start == null ? null : start.toInstant(),
                rs.getString(6),
                rs.getString(7)));
      }
    } catch (SQLException e) {
      throw new MemoryUnavailableException("cannot look up the onward referral of " + taskId, e);
    }
  }
}
