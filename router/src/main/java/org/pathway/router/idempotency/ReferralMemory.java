package org.pathway.router.idempotency;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.pathway.router.decision.ConsentProvisions;
import org.pathway.router.decision.ConsentProvisions.Party;
import org.pathway.router.decision.ConsentProvisions.State;
import org.pathway.router.decision.KnownReferral;

/**
 * What the router keeps of each referral (practice, the person as the GP knows them, priority, the
 * consent provisions). Later events (Task changes, overdue steps) do not carry it, and the GP
 * feedback and escalation policies need it to find the practice's FHIR endpoint and to fill their
 * templates. Written before the decision is published, and idempotently, so a crash cannot leave a
 * decision without it.
 */
public final class ReferralMemory {

  private static final String COLUMNS =
      "practice_ods, given_name, family_name, nhs_number, birth_date, priority,"
          + " referral_identifier, consent_state, consent_denied";

  private final DataSource dataSource;

  public ReferralMemory(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public void remember(String referralId, KnownReferral referral) {
    // An upsert rather than an insert that may fail: inside a poll's transaction a failed
    // statement would abort everything the poll remembered before it.
    try (Connection c = dataSource.getConnection();
        PreparedStatement upsert =
            c.prepareStatement(
                "INSERT INTO router_referral (referral_id, "
                    + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (referral_id) DO UPDATE"
                    + " SET practice_ods = EXCLUDED.practice_ods,"
                    + " given_name = EXCLUDED.given_name, family_name = EXCLUDED.family_name,"
                    + " nhs_number = EXCLUDED.nhs_number, birth_date = EXCLUDED.birth_date,"
                    + " priority = EXCLUDED.priority,"
                    + " referral_identifier = EXCLUDED.referral_identifier,"
                    + " consent_state = EXCLUDED.consent_state,"
                    + " consent_denied = EXCLUDED.consent_denied")) {
      upsert.setString(1, referralId);
      bind(upsert, 2, referral);
      upsert.executeUpdate();
    } catch (SQLException e) {
      throw new MemoryUnavailableException("cannot remember referral " + referralId, e);
    }
  }

  /**
   * What is known of the referral; {@link KnownReferral#unknown()} when the router never saw it.
   */
  public KnownReferral recall(String referralId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement select =
            c.prepareStatement(
                "SELECT " + COLUMNS + " FROM router_referral WHERE referral_id = ?")) {
      select.setString(1, referralId);
      try (ResultSet rs = select.executeQuery()) {
        if (!rs.next()) {
          return KnownReferral.unknown();
        }
        Date birth = rs.getDate(5);
        return new KnownReferral(
            rs.getString(1),
            rs.getString(2),
            rs.getString(3),
            rs.getString(4),
            birth == null ? null : birth.toLocalDate(),
            rs.getString(6),
            rs.getString(7),
            consent(rs.getString(8), rs.getString(9)));
      }
    } catch (SQLException e) {
      throw new MemoryUnavailableException("cannot look up referral " + referralId, e);
    }
  }

  private static void bind(PreparedStatement ps, int first, KnownReferral r) throws SQLException {
    ps.setString(first, r.practiceOdsCode());
    ps.setString(first + 1, r.givenName());
    ps.setString(first + 2, r.familyName());
    ps.setString(first + 3, r.nhsNumber());
    ps.setDate(first + 4, r.birthDate() == null ? null : Date.valueOf(r.birthDate()));
    ps.setString(first + 5, r.priority());
    ps.setString(first + 6, r.referralIdentifier());
    ps.setString(first + 7, r.consent().state().name());
    ps.setString(
        first + 8,
        r.consent().denied().stream().map(Enum::name).sorted().collect(Collectors.joining(",")));
  }

  /** A row written before consent was kept (null state) reads as no Consent sent. */
  private static ConsentProvisions consent(String state, String denied) {
    if (state == null) {
      return ConsentProvisions.absent();
    }
    Set<Party> parties = EnumSet.noneOf(Party.class);
    if (denied != null && !denied.isBlank()) {
      for (String p : denied.split(",")) {
        parties.add(Party.valueOf(p));
      }
    }
    return new ConsentProvisions(State.valueOf(state), parties);
  }
}
