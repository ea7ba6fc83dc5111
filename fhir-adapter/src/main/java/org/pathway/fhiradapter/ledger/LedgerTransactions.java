package org.pathway.fhiradapter.ledger;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.pathway.fhiradapter.fhir.Issue;

/**
 * Runs ledger work in one JDBC transaction, tells "database unreachable" apart from everything
 * else, and wakes the outbox relay after a commit that wrote outbox rows.
 */
@Singleton
public class LedgerTransactions {

  /** Work inside one transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run(LedgerTx tx) throws SQLException;
  }

  private final DataSource dataSource;
  private final CommitSignal signal;

  public LedgerTransactions(DataSource dataSource, CommitSignal signal) {
    this.dataSource = dataSource;
    this.signal = signal;
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

  private <T> T run(Work<T> work, boolean deferAppends) {
    T result;
    LedgerTx tx;
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      tx = new LedgerTx(c, deferAppends);
      try {
        result = work.run(tx);
        tx.flush();
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
