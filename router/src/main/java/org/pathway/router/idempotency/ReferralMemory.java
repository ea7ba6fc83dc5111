package org.pathway.router.idempotency;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Which practice sent each referral. Later events (Task changes, overdue steps) do not carry it,
 * and the GP feedback policy needs it to find the practice's FHIR endpoint. Written before the
 * decision is published, and idempotently, so a crash cannot leave a decision without it.
 */
public final class ReferralMemory {

  private final DataSource dataSource;

  public ReferralMemory(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public void remember(String referralId, String practiceOdsCode) {
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement insert =
          c.prepareStatement(
              "INSERT INTO router_referral (referral_id, practice_ods) VALUES (?, ?)")) {
        insert.setString(1, referralId);
        insert.setString(2, practiceOdsCode);
        insert.executeUpdate();
      } catch (SQLException e) {
        if (!SqlStates.isDuplicateKey(e)) {
          throw e;
        }
        try (PreparedStatement update =
            c.prepareStatement(
                "UPDATE router_referral SET practice_ods = ? WHERE referral_id = ?")) {
          update.setString(1, practiceOdsCode);
          update.setString(2, referralId);
          update.executeUpdate();
        }
      }
    } catch (SQLException e) {
      throw new MemoryUnavailableException("cannot remember referral " + referralId, e);
    }
  }

  /** The practice's ODS code, or null when the router never saw the referral. */
  public String practiceOf(String referralId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement select =
            c.prepareStatement("SELECT practice_ods FROM router_referral WHERE referral_id = ?")) {
      select.setString(1, referralId);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new MemoryUnavailableException("cannot look up referral " + referralId, e);
    }
  }
}
