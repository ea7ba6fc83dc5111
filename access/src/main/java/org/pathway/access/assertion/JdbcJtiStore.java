package org.pathway.access.assertion;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * The replay log in PostgreSQL, so a {@code jti} is refused across restarts and replicas. The table
 * is created by the FHIR adapter's Flyway migration:
 *
 * <pre>
 * CREATE TABLE client_assertion_jti (
 *   client_id  text        NOT NULL,
 *   jti        text        NOT NULL,
 *   expires_at timestamptz NOT NULL,
 *   PRIMARY KEY (client_id, jti));
 * CREATE INDEX client_assertion_jti_expires_at ON client_assertion_jti (expires_at);
 * </pre>
 */
public final class JdbcJtiStore implements JtiStore {

  private static final String INSERT =
      "INSERT INTO client_assertion_jti (client_id, jti, expires_at) VALUES (?, ?, ?)"
          + " ON CONFLICT DO NOTHING";

  private static final String PURGE = "DELETE FROM client_assertion_jti WHERE expires_at < ?";

  private final DataSource dataSource;
  private final Clock clock;

  public JdbcJtiStore(DataSource dataSource) {
    this(dataSource, Clock.systemUTC());
  }

  public JdbcJtiStore(DataSource dataSource, Clock clock) {
    this.dataSource = dataSource;
    this.clock = clock;
  }

  @Override
  public boolean firstUse(String clientId, String jti, Instant expiresAt) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert = connection.prepareStatement(INSERT)) {
      insert.setString(1, clientId);
      insert.setString(2, jti);
      insert.setTimestamp(3, Timestamp.from(expiresAt));
      boolean inserted = insert.executeUpdate() == 1;
      if (!connection.getAutoCommit()) {
        connection.commit();
      }
      return inserted;
    } catch (SQLException e) {
      throw new JtiStoreUnavailableException("the client assertion replay log is unavailable", e);
    }
  }

  /** Forgets every {@code jti} past its expiry (it could not be accepted again anyway). */
  public int purgeExpired() {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement purge = connection.prepareStatement(PURGE)) {
      purge.setTimestamp(1, Timestamp.from(clock.instant()));
      int purged = purge.executeUpdate();
      if (!connection.getAutoCommit()) {
        connection.commit();
      }
      return purged;
    } catch (SQLException e) {
      throw new JtiStoreUnavailableException("the client assertion replay log is unavailable", e);
    }
  }
}
