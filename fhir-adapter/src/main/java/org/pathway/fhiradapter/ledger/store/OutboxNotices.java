package org.pathway.fhiradapter.ledger.store;

import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outbox commits made on one adapter replica wake the relay on another, through PostgreSQL's
 * LISTEN/NOTIFY. A replica's own commits wake its relay in-process ({@code CommitSignal}); without
 * this, an event committed by a replica that does not lead the relay (half the referrals behind a
 * load balancer, and every event its applier writes) waited for the leader's next idle poll.
 *
 * <p>A transaction that wrote outbox rows on a replica that does not lead sends {@code NOTIFY}
 * before it commits: PostgreSQL delivers it at the commit and drops it with a rollback, so the
 * leader is never woken for rows it cannot yet see. The leading replica's own commits send none, so
 * one adapter alone pays nothing (a notifying commit takes PostgreSQL's notification-queue lock).
 * The leader listens on a session of its own, outside the pool; while that session is down, notices
 * are missed and the relay falls back to its idle poll, as before.
 */
@Singleton
public class OutboxNotices implements AutoCloseable {

  /** The channel the notices travel on, in this database. */
  static final String CHANNEL = "pathway_outbox";

  private static final Logger LOG = LoggerFactory.getLogger(OutboxNotices.class);
  private static final int WAIT_MILLIS = 1_000;
  // Quiet waits between checks that the listening session still answers (about 30 s).
  private static final int CHECK_EVERY = 30;

  private final String url;
  private final Properties credentials;
  private final RelayLock relay;
  private Thread listener;
  private Runnable wake;
  private volatile boolean running = true;
  private volatile boolean listening;

  public OutboxNotices(
      @Value("${datasources.default.url}") String url,
      @Value("${datasources.default.username:}") String username,
      @Value("${datasources.default.password:}") String password,
      RelayLock relay) {
    this.url = url;
    this.relay = relay;
    this.credentials = OwnSessions.settings(username, password, "pathway-outbox-notices");
  }

  /**
   * In a transaction that wrote outbox rows, just before its commit: unless this replica leads the
   * relay, tells the one that does.
   */
  public void beforeCommit(Connection transaction) throws SQLException {
    if (relay.leading()) {
      return;
    }
    try (Statement st = transaction.createStatement()) {
      st.execute("NOTIFY " + CHANNEL);
    }
  }

  /**
   * Starts listening for other replicas' outbox commits, once, calling {@code wake} for each that
   * arrives; for the replica that leads the relay.
   */
  public synchronized void listen(Runnable wake) {
    if (listener != null || !running) {
      return;
    }
    this.wake = wake;
    listener = new Thread(this::run, "outbox-notices");
    listener.setDaemon(true);
    listener.start();
  }

  /** Whether this replica's session is listening now (for tests and health). */
  public boolean listening() {
    return listening;
  }

  private void run() {
    long backoff = 1_000;
    boolean quiet = false;
    while (running) {
      try (Connection c = DriverManager.getConnection(url, credentials)) {
        try (Statement st = c.createStatement()) {
          st.execute("LISTEN " + CHANNEL);
        }
        listening = true;
        quiet = false;
        backoff = 1_000;
        // A commit that slipped in while the session was down is picked up by this first wake.
        wake.run();
        PGConnection pg = c.unwrap(PGConnection.class);
        int silent = 0;
        while (running) {
          PGNotification[] notices = pg.getNotifications(WAIT_MILLIS);
          if (notices != null && notices.length > 0) {
            silent = 0;
            wake.run();
          } else if (++silent % CHECK_EVERY == 0 && !c.isValid(5)) {
            // A server gone without closing the socket would otherwise look like a quiet one.
            throw new SQLException("the listening session no longer answers");
          }
        }
      } catch (SQLException e) {
        if (!running) {
          return;
        }
        if (!quiet) {
          LOG.warn(
              "outbox notices: no listening session ({}); the relay polls until there is one",
              e.getMessage());
          quiet = true;
        }
        listening = false;
        sleep(backoff);
        backoff = Math.min(backoff * 2, 10_000);
      } finally {
        listening = false;
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  @PreDestroy
  public void close() {
    Thread t;
    synchronized (this) {
      running = false;
      t = listener;
    }
    if (t == null) {
      return;
    }
    t.interrupt();
    try {
      t.join(2 * WAIT_MILLIS + 1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
