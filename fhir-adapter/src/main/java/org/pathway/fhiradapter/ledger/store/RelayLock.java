package org.pathway.fhiradapter.ledger.store;

import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leadership of the outbox relay among adapter replicas: a PostgreSQL session-level advisory lock
 * held on a connection of its own (outside the pool, so it is never handed to other work with the
 * lock on it). The session is the lease: a replica that dies, is killed or loses its connection
 * ends its session and PostgreSQL frees the lock for a stand-by to take.
 *
 * <p>Chosen over {@code FOR UPDATE SKIP LOCKED} shared between replicas because skipping locked
 * rows lets a second replica publish a referral's later event while the first still holds its
 * earlier one, so per-referral order would be lost; one publisher reading in sequence order keeps
 * it, and the relay's throughput is Kafka's batch send, not the replica count.
 */
@Singleton
public class RelayLock implements AutoCloseable {

  /** The lock's key in this database (advisory keys are per database): "pathway" and 1. */
  static final long KEY = 0x7061746877617901L;

  private static final Logger LOG = LoggerFactory.getLogger(RelayLock.class);

  private final String url;
  private final Properties credentials;
  private Connection session;
  private volatile boolean held;

  public RelayLock(
      @Value("${datasources.default.url}") String url,
      @Value("${datasources.default.username:}") String username,
      @Value("${datasources.default.password:}") String password) {
    this.url = url;
    // A dead peer's half-open socket must not hold the lock for ever, nor a check hang the relay.
    this.credentials = OwnSessions.settings(username, password, "pathway-outbox-relay-lock");
    credentials.setProperty("socketTimeout", "10");
  }

  /**
   * True when this replica holds the lock now: checked on its session every call (a session that
   * ended lost it), or taken when free. False on any database error, which also drops the session.
   */
  public synchronized boolean holds() {
    try {
      if (session == null) {
        session = DriverManager.getConnection(url, credentials);
        session.setAutoCommit(true);
      }
      boolean now = held ? stillHeld() : tryTake();
      if (now != held) {
        if (now) {
          LOG.info("outbox relay: this replica now leads (advisory lock {} taken)", KEY);
        } else {
          LOG.warn("outbox relay: leadership lost; standing by");
        }
      }
      held = now;
    } catch (SQLException e) {
      if (held) {
        LOG.warn("outbox relay: leadership lost with its session: {}", e.getMessage());
      }
      held = false;
      dropSession();
    }
    return held;
  }

  /** Whether the last check found this replica leading (for health; no database call). */
  public boolean leading() {
    return held;
  }

  /** The backend process id of the lock's session, or -1 without one (tests end it to fence). */
  public synchronized int sessionPid() {
    if (session == null) {
      return -1;
    }
    try (var st = session.createStatement();
        var rs = st.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    } catch (SQLException e) {
      return -1;
    }
  }

  private boolean tryTake() throws SQLException {
    try (var ps = session.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
      ps.setLong(1, KEY);
      try (var rs = ps.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  private boolean stillHeld() throws SQLException {
    // The bigint form of the key shows in pg_locks as classid (high half) and objid (low half).
    try (var ps =
        session.prepareStatement(
            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted"
                + " AND pid = pg_backend_pid() AND objsubid = 1 AND classid = ?::oid"
                + " AND objid = ?::oid)")) {
      ps.setLong(1, KEY >>> 32);
      ps.setLong(2, KEY & 0xFFFFFFFFL);
      try (var rs = ps.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  private void dropSession() {
    if (session != null) {
      try {
        session.close();
      } catch (SQLException e) {
        LOG.debug("closing the relay lock's session", e);
      }
      session = null;
    }
  }

  /** Ends the session, which frees the lock for a stand-by at once (a graceful hand-over). */
  @Override
  @PreDestroy
  public synchronized void close() {
    held = false;
    dropSession();
  }
}
