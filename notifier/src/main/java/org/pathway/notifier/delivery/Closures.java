package org.pathway.notifier.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.notifier.delivery.DeliveryStore.StoreException;

/**
 * The referrals closed for good ({@code referral_closure}): cancelled, or closed because the person
 * withdrew consent. The first closure of a referral is kept; a later one (a redelivered event, a
 * cascade) changes nothing.
 */
public final class Closures {

  /**
   * A closed referral.
   *
   * @param closingEventId the event id of the {@code ReferralCancelled} that closed it
   * @param reasonCode its {@code Task.statusReason} code, e.g. {@code consent-withdrawn}
   */
  public record Closure(String referralId, String closingEventId, String reasonCode) {

    /**
     * Whether {@code request} is the router's answer to this closure (telling a holder the referral
     * was withdrawn), the only kind of message still sent about the referral.
     */
    public boolean answeredBy(NotificationRequested request) {
      return closingEventId.equals(request.getEnvelope().getCausationId());
    }
  }

  private final DataSource dataSource;

  public Closures(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Records that {@code referralId} is closed; false when it already was. */
  public boolean close(
      String referralId, String closingEventId, String reasonCode, long closedAt, long now) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "insert into referral_closure (referral_id, closing_event_id, reason_code,"
                    + " closed_at, recorded_at) values (?, ?, ?, ?, ?)"
                    + " on conflict (referral_id) do nothing")) {
      ps.setString(1, referralId);
      ps.setString(2, closingEventId);
      ps.setString(3, reasonCode);
      ps.setLong(4, closedAt);
      ps.setLong(5, now);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new StoreException("could not record the closure of " + referralId, e);
    }
  }

  /** The closure of {@code referralId}, if it is closed. */
  public Optional<Closure> of(String referralId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "select closing_event_id, reason_code from referral_closure"
                    + " where referral_id = ?")) {
      ps.setString(1, referralId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(new Closure(referralId, rs.getString(1), rs.getString(2)))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StoreException("could not read the closure of " + referralId, e);
    }
  }
}
