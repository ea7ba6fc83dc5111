package org.pathway.router.idempotency;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import javax.sql.DataSource;
import org.pathway.router.decision.RoutedReferral;

/**
 * The referrals triage routed, per Task ({@code router_routed_referral}), until the ledger
 * announces the owner: the link worker's notice is built then, from what the announcement does not
 * carry. Written before the decision is published, and idempotently (triage of the same event again
 * writes the same row), like {@link ReferralMemory}; purged with the other referral facts.
 */
public final class RoutedReferralMemory {

  private final DataSource dataSource;

  public RoutedReferralMemory(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public void remember(String referralId, RoutedReferral routed) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement upsert =
            c.prepareStatement(
                "INSERT INTO router_routed_referral (task_id, referral_id, decision_id,"
                    + " service_ref, postcode_district, contact_preference, contact_phone,"
                    + " contact_email, need_categories, due_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (task_id) DO UPDATE SET"
                    + " referral_id = EXCLUDED.referral_id, decision_id = EXCLUDED.decision_id,"
                    + " service_ref = EXCLUDED.service_ref,"
                    + " postcode_district = EXCLUDED.postcode_district,"
                    + " contact_preference = EXCLUDED.contact_preference,"
                    + " contact_phone = EXCLUDED.contact_phone,"
                    + " contact_email = EXCLUDED.contact_email,"
                    + " need_categories = EXCLUDED.need_categories, due_at = EXCLUDED.due_at,"
                    + " recorded_at = CURRENT_TIMESTAMP")) {
      upsert.setString(1, routed.taskId());
      upsert.setString(2, referralId);
      upsert.setString(3, routed.decisionId());
      upsert.setString(4, routed.serviceReference());
      upsert.setString(5, routed.postcodeDistrict());
      upsert.setString(6, routed.preferredContact());
      upsert.setString(7, routed.contactPhone());
      upsert.setString(8, routed.contactEmail());
      upsert.setString(9, routed.needCategories());
      upsert.setObject(
          10,
          routed.dueAt() == null ? null : OffsetDateTime.ofInstant(routed.dueAt(), ZoneOffset.UTC));
      upsert.executeUpdate();
    } catch (SQLException e) {
      throw new MemoryUnavailableException(
          "cannot remember the routing of task " + routed.taskId(), e);
    }
  }

  /** What triage routed for Task {@code taskId}; empty when it routed none. */
  public Optional<RoutedReferral> recall(String taskId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement select =
            c.prepareStatement(
                "SELECT decision_id, service_ref, postcode_district, contact_preference,"
                    + " contact_phone, contact_email, need_categories, due_at"
                    + " FROM router_routed_referral WHERE task_id = ?")) {
      select.setString(1, taskId);
      try (ResultSet rs = select.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        OffsetDateTime due = rs.getObject(8, OffsetDateTime.class);
        return Optional.of(
            new RoutedReferral(
                taskId,
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                due == null ? null : due.toInstant()));
      }
    } catch (SQLException e) {
      throw new MemoryUnavailableException("cannot look up the routing of task " + taskId, e);
    }
  }
}
