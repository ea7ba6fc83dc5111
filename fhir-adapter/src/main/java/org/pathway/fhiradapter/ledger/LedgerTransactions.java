package org.pathway.fhiradapter.ledger;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.Savepoint;
import java.time.Duration;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.pathway.fhiradapter.fhir.Issue;
import org.pathway.fhiradapter.ledger.store.OutboxNotices;

/**
 * Runs ledger work in one JDBC transaction, tells "database unreachable" apart from everything
 * else, and wakes the outbox relay after a commit that wrote outbox rows: this replica's relay
 * in-process, and the one another replica leads through the database ({@link OutboxNotices}).
 */
@Singleton
public class LedgerTransactions {

  /** Work inside one transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run(LedgerTx tx) throws SQLException;
  }

  /**
   * How long a batch's work waits for a lock while the batch holds others: long enough for an
   * ordinary request to finish with the lock, well under PostgreSQL's deadlock_timeout (1 s).
   */
  static final Duration BOUNDED_LOCK_WAIT = Duration.ofMillis(50);

  // SQLState of a statement that gave up waiting for a lock (lock_timeout).
  private static final String LOCK_NOT_AVAILABLE = "55P03";

  private final DataSource dataSource;
  private final CommitSignal signal;
  private final OutboxNotices notices;

  public LedgerTransactions(DataSource dataSource, CommitSignal signal, OutboxNotices notices) {
    this.dataSource = dataSource;
    this.signal = signal;
    this.notices = notices;
  }

  /**
   * Runs {@code work} in one transaction; commits only if it returns normally.
   *
   * @throws LedgerUnavailableException when the database cannot be reached or confirm the commit
   */
  public <T> T inTransaction(Work<T> work) {
    return run(work, false);
  }

  /**
   * Runs {@code work} in one transaction whose appends ({@link LedgerTx#append}) are sent in one
   * batch per statement just before the commit: for a group commit of many writes, none of which
   * reads back what it appended.
   *
   * @throws LedgerUnavailableException when the database cannot be reached or confirm the commit
   */
  <T> T inGroupTransaction(Work<T> work) {
    return run(work, true);
  }

  /**
   * Opens one transaction to be shared by many pieces of work ({@link Batch#run}) and committed
   * once: for a consumer that applies a whole poll of events with one commit (one disk flush)
   * rather than one per event.
   *
   * @param deferAppends whether appends ({@link LedgerTx#append}) wait for the commit, to go as one
   *     JDBC batch per statement (then an append that fails fails the whole commit)
   * @param holdLocks how long the batch keeps what its work locked before it commits what ran so
   *     far: about the longest a request for one of those rows then waits for the batch
   * @throws LedgerUnavailableException when the database cannot be reached
   */
  public Batch openBatch(boolean deferAppends, Duration holdLocks) {
    Connection c = null;
    try {
      c = dataSource.getConnection();
      c.setAutoCommit(false);
      return new Batch(c, deferAppends, holdLocks.toNanos());
    } catch (SQLException e) {
      if (c != null) {
        try {
          c.close();
        } catch (SQLException closeFailed) {
          e.addSuppressed(closeFailed);
        }
      }
      throw translate(e);
    }
  }

  /**
   * One open transaction shared by several pieces of work. Each runs behind a savepoint, so one
   * that fails (a refusal, a broken rule) leaves nothing behind while the others stay; nothing is
   * durable until {@link #commit}. Closing without a commit rolls everything back.
   *
   * <p>A batch never waits long for a lock while it holds the locks of earlier work: it would
   * deadlock with any request that holds the lock it wants and waits for one of the batch's (an
   * onward referral locks its parent Task and then its group, while the batch may already hold that
   * group for one record and reach the parent Task for the next). So every piece of work after the
   * first waits at most {@link #BOUNDED_LOCK_WAIT}; if that passes, its savepoint is undone, what
   * ran before it is committed, which frees every lock the batch held, and it runs again first in a
   * new transaction, where it may wait as long as any single request. The work must therefore be
   * repeatable, as work behind a savepoint already is.
   *
   * <p>Nor does a batch keep its locks for long: once the first piece of work in its transaction
   * began longer ago than the batch's hold time, it commits after the piece that is running. A
   * request for a Task the batch changed (a link worker accepting a referral whose delivery receipt
   * the batch applied) waits for at most that and one piece of work, not for the rest of the poll.
   */
  public final class Batch implements AutoCloseable {
    private final Connection connection;
    private final LedgerTx tx;
    private final long holdNanos;
    private boolean open = true;
    private boolean committed;
    private boolean commitFailed;
    // Pieces of work run (and kept) in the current transaction; its lock waits are bounded once
    // there is one.
    private int kept;
    private boolean waitsBounded;
    // When the current transaction's first piece of work began (System.nanoTime).
    private long firstBegan;

    private Batch(Connection connection, boolean deferAppends, long holdNanos) {
      this.connection = connection;
      this.tx = new LedgerTx(connection, deferAppends);
      this.holdNanos = holdNanos;
    }

    /** Runs {@code work} in this transaction; if it throws, only its own writes are undone. */
    public <T> T run(Work<T> work) {
      if (!open) {
        throw new IllegalStateException("the batch is closed");
      }
      try {
        if (kept == 0) {
          firstBegan = System.nanoTime();
        }
        if (kept > 0 && !waitsBounded) {
          try (var st = connection.createStatement()) {
            st.execute("SET LOCAL lock_timeout = '" + BOUNDED_LOCK_WAIT.toMillis() + "ms'");
          }
          waitsBounded = true;
        }
        T result;
        try {
          result = attempt(work);
        } catch (SQLException e) {
          if (kept == 0 || !LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
            throw e;
          }
          // Another transaction holds a lock this work needs and may be waiting for one of ours.
          commitSoFar();
          firstBegan = System.nanoTime();
          result = attempt(work);
        }
        kept++;
        if (tx.tookQueuedForLock() || System.nanoTime() - firstBegan > holdNanos) {
          // Held through the rest of the poll, a group's lock would queue every onward referral to
          // the group behind the whole batch; it is let go as soon as it has served. Any other
          // lock is let go once the batch has held it for its hold time.
          commitSoFar();
        }
        return result;
      } catch (SQLException e) {
        throw translate(e);
      }
    }

    /**
     * Runs {@code work} that only reads in this transaction, outside the pieces of work the batch
     * keeps: no savepoint, and it neither starts the hold time nor bounds the next piece's lock
     * wait.
     */
    public <T> T read(Work<T> work) {
      if (!open) {
        throw new IllegalStateException("the batch is closed");
      }
      try {
        return work.run(tx);
      } catch (SQLException e) {
        throw translate(e);
      }
    }

    private <T> T attempt(Work<T> work) throws SQLException {
      // A lock taken by work that is then undone is released with its savepoint.
      tx.tookQueuedForLock();
      Savepoint before = connection.setSavepoint();
      int mark = tx.deferredMark();
      try {
        return work.run(tx);
      } catch (SQLException | RuntimeException | Error e) {
        tx.discardSince(mark);
        try {
          connection.rollback(before);
        } catch (SQLException rollbackFailed) {
          e.addSuppressed(rollbackFailed);
        }
        throw e;
      }
    }

    // Commits what ran so far and goes on in a new transaction on the same connection; the
    // settings made with SET LOCAL end with the old one.
    private void commitSoFar() throws SQLException {
      try {
        tx.flush();
        if (tx.wroteOutbox()) {
          notices.beforeCommit(connection);
        }
        connection.commit();
      } catch (SQLException e) {
        commitFailed = true;
        throw e;
      }
      kept = 0;
      waitsBounded = false;
      if (tx.wroteOutbox()) {
        signal.committed();
      }
    }

    /**
     * Commits everything run so far and closes the batch.
     *
     * @throws LedgerUnavailableException when the database cannot confirm the commit
     */
    public void commit() {
      if (!open) {
        throw new IllegalStateException("the batch is closed");
      }
      try {
        commitSoFar();
        committed = true;
      } catch (SQLException e) {
        close();
        throw translate(e);
      }
      close();
    }

    /**
     * Whether a commit of this batch (at the end, or early to free its locks) failed: then a
     * deferred append may be what the database refused, and the next try should append at once.
     */
    public boolean commitFailed() {
      return commitFailed;
    }

    /**
     * Rolls back whatever was not committed and returns the connection; a second call is a no-op.
     */
    @Override
    public void close() {
      if (!open) {
        return;
      }
      open = false;
      try (connection) {
        if (!committed) {
          connection.rollback();
        }
      } catch (SQLException e) {
        // The connection is broken or gone: nothing uncommitted of the batch is kept either way.
      }
    }
  }

  private <T> T run(Work<T> work, boolean deferAppends) {
    T result;
    LedgerTx tx;
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      tx = new LedgerTx(c, deferAppends);
      try {
        result = work.run(tx);
        tx.flush();
        if (tx.wroteOutbox()) {
          notices.beforeCommit(c);
        }
        c.commit();
      } catch (SQLException | RuntimeException | Error e) {
        try {
          c.rollback();
        } catch (SQLException rollbackFailed) {
          e.addSuppressed(rollbackFailed);
        }
        throw e;
      }
    } catch (SQLException e) {
      throw translate(e);
    }
    if (tx.wroteOutbox()) {
      signal.committed();
    }
    return result;
  }

  static RuntimeException translate(SQLException e) {
    String state = e.getSQLState();
    if (e instanceof SQLTransientConnectionException
        || e instanceof SQLRecoverableException
        || (state != null && (state.startsWith("08") || state.startsWith("57")))
        || (state != null && state.startsWith("53"))) {
      return new LedgerUnavailableException("ledger database unavailable: " + e.getMessage(), e);
    }
    if ("40P01".equals(state) || "40001".equals(state)) {
      // A deadlock or serialization failure rolled this transaction back, nothing of it written:
      // the same request may succeed at once (503, and the applier reads its poll again).
      return new LedgerBusyException("ledger busy, try again: " + e.getMessage(), e);
    }
    if ("22001".equals(state)) {
      // A value longer than its column: the readers check the known ones by element; this is the
      // net under them, a refusal without the database's text.
      return new LedgerRefusedException(
          LedgerRefusedException.Reason.BROKEN_RULE,
          new Issue(IssueType.TOOLONG, null, "a submitted value is longer than Pathway stores"));
    }
    return new IllegalStateException("ledger SQL failed: " + e.getMessage(), e);
  }
}
