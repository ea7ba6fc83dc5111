package org.pathway.fhiradapter.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One open ledger transaction, handed from part to part (intake, Task saves, audit, outbox) so one
 * FHIR write is still one database commit. Only {@link LedgerTransactions} opens one.
 *
 * <p>Rows that are only ever appended (resources, Task versions, provenance, audit, outbox) go
 * through {@link #append}: at once in an ordinary transaction, or, in a group commit's, gathered
 * into one JDBC batch per statement and sent just before the commit, so a batch of referrals costs
 * one round trip per table rather than one per row.
 */
public final class LedgerTx {

  /** Binds one row's values to an append statement. */
  @FunctionalInterface
  public interface Row {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private final Connection connection;
  private final boolean deferAppends;
  // In first-use order: every write appends its tables in the same order, so the batches run in it.
  private final Map<String, PreparedStatement> batches = new LinkedHashMap<>();
  private boolean wroteOutbox;

  LedgerTx(Connection connection) {
    this(connection, false);
  }

  LedgerTx(Connection connection, boolean deferAppends) {
    this.connection = connection;
    this.deferAppends = deferAppends;
  }

  /** The JDBC connection, for the row stores ({@code ledger.store}) only. */
  public Connection connection() {
    return connection;
  }

  /**
   * Inserts one row with {@code sql} (an INSERT whose result nobody reads): now, or in a group
   * commit before it commits. Reads in the same transaction must not expect deferred rows.
   */
  public void append(String sql, Row row) throws SQLException {
    if (!deferAppends) {
      try (var ps = connection.prepareStatement(sql)) {
        row.bind(ps);
        ps.executeUpdate();
      }
      return;
    }
    PreparedStatement ps = batches.get(sql);
    if (ps == null) {
      ps = connection.prepareStatement(sql);
      batches.put(sql, ps);
    }
    row.bind(ps);
    ps.addBatch();
  }

  /** Sends the deferred appends; the transaction commits after this. */
  void flush() throws SQLException {
    try {
      for (PreparedStatement ps : batches.values()) {
        ps.executeBatch();
      }
    } finally {
      for (PreparedStatement ps : batches.values()) {
        ps.close();
      }
      batches.clear();
    }
  }

  /** Notes that an outbox row was written, so the relay is woken once this commits. */
  public void outboxWritten() {
    wroteOutbox = true;
  }

  boolean wroteOutbox() {
    return wroteOutbox;
  }

  /** The ledger's clock. */
  public static OffsetDateTime now() {
    // Millisecond precision, as FHIR's meta.lastUpdated carries: row and resource then agree.
    return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
  }
}
