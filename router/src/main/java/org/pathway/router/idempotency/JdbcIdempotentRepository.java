package org.pathway.router.idempotency;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Event ids the router has handled, in a database every instance shares, so a redelivered or
 * re-published event is recognised whichever instance reads it and after any restart.
 */
public final class JdbcIdempotentRepository extends ServiceSupport implements IdempotentRepository {

  private final DataSource dataSource;
  private final String processor;

  /**
   * @param processor names the consumer, so two consumers of the same event keep separate ids
   */
  public JdbcIdempotentRepository(DataSource dataSource, String processor) {
    this.dataSource = dataSource;
    this.processor = processor;
  }

  @Override
  public boolean add(String key) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO router_processed_event (event_id, processor) VALUES (?, ?)")) {
      insert.setString(1, key);
      insert.setString(2, processor);
      insert.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (SqlStates.isDuplicateKey(e)) {
        return false;
      }
      throw new MemoryUnavailableException("cannot record event " + key, e);
    }
  }

  /**
   * Records the handled event ids of one committed batch in one statement and one transaction; an
   * id already there (a replay, a second instance) is left as it is.
   */
  public void addAll(Collection<String> keys) {
    if (keys.isEmpty()) {
      return;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO router_processed_event (event_id, processor)"
                    + " SELECT unnest(?), ? ON CONFLICT DO NOTHING")) {
      insert.setArray(1, c.createArrayOf("varchar", keys.toArray()));
      insert.setString(2, processor);
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new MemoryUnavailableException("cannot record " + keys.size() + " events", e);
    }
  }

  /** Which of {@code keys} were handled before, in one query. */
  public Set<String> containedAmong(Set<String> keys) {
    if (keys.isEmpty()) {
      return Set.of();
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement select =
            c.prepareStatement(
                "SELECT event_id FROM router_processed_event WHERE event_id = ANY(?)"
                    + " AND processor = ?")) {
      select.setArray(1, c.createArrayOf("varchar", keys.toArray()));
      select.setString(2, processor);
      Set<String> known = new HashSet<>();
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          known.add(rs.getString(1));
        }
      }
      return known;
    } catch (SQLException e) {
      throw new MemoryUnavailableException("cannot look up " + keys.size() + " events", e);
    }
  }

  @Override
  public boolean contains(String key) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement select =
            c.prepareStatement(
                "SELECT 1 FROM router_processed_event WHERE event_id = ? AND processor = ?")) {
      select.setString(1, key);
      select.setString(2, processor);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw new MemoryUnavailableException("cannot look up event " + key, e);
    }
  }

  @Override
  public boolean remove(String key) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement delete =
            c.prepareStatement(
                "DELETE FROM router_processed_event WHERE event_id = ? AND processor = ?")) {
      delete.setString(1, key);
      delete.setString(2, processor);
      return delete.executeUpdate() > 0;
    } catch (SQLException e) {
      throw new MemoryUnavailableException("cannot forget event " + key, e);
    }
  }

  @Override
  public boolean confirm(String key) {
    return true;
  }

  @Override
  public void clear() {
    throw new UnsupportedOperationException("the processed-event record is never cleared in bulk");
  }
}
