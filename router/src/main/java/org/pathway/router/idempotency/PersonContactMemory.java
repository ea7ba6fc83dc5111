package org.pathway.router.idempotency;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.pathway.events.avro.Channel;
import org.pathway.router.decision.PersonContact;

/**
 * How each consenting person may be told their next steps ({@code router_person_contact}): later
 * Task changes do not carry it. Written before the triage decision is published, idempotently; a
 * referral whose person gave no consent leaves no row, and a repeat that lost it removes the row.
 */
public final class PersonContactMemory {

  private final DataSource dataSource;

  public PersonContactMemory(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Keeps {@code contact} for the referral, or forgets any kept when it is empty. */
  public void remember(String referralId, Optional<PersonContact> contact) {
    try (Connection c = dataSource.getConnection()) {
      if (contact.isEmpty()) {
        try (PreparedStatement delete =
            c.prepareStatement("DELETE FROM router_person_contact WHERE referral_id = ?")) {
          delete.setString(1, referralId);
          delete.executeUpdate();
        }
        return;
      }
      try (PreparedStatement upsert =
          c.prepareStatement(
              "INSERT INTO router_person_contact (referral_id, given_name, channel, address)"
                  + " VALUES (?, ?, ?, ?) ON CONFLICT (referral_id) DO UPDATE SET"
                  + " given_name = EXCLUDED.given_name, channel = EXCLUDED.channel,"
                  + " address = EXCLUDED.address, recorded_at = CURRENT_TIMESTAMP")) {
        upsert.setString(1, referralId);
        upsert.setString(2, contact.get().givenName());
        upsert.setString(3, contact.get().channel().name());
        upsert.setString(4, contact.get().address());
        upsert.executeUpdate();
      }
    } catch (SQLException e) {
      throw new MemoryUnavailableException(
          "cannot remember how to reach the person of referral " + referralId, e);
    }
  }

  /** How the person of the referral may be told; empty when they may not be (or never seen). */
  public Optional<PersonContact> recall(String referralId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement select =
            c.prepareStatement(
                "SELECT given_name, channel, address FROM router_person_contact"
                    + " WHERE referral_id = ?")) {
      select.setString(1, referralId);
      try (ResultSet rs = select.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new PersonContact(rs.getString(1), Channel.valueOf(rs.getString(2)), rs.getString(3)));
      }
    } catch (SQLException e) {
      throw new MemoryUnavailableException(
          "cannot look up how to reach the person of referral " + referralId, e);
    }
  }
}
