package org.pathway.fhiradapter.ledger;

import java.sql.Connection;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * One open ledger transaction, handed from part to part (intake, Task saves, audit, outbox) so one
 * FHIR write is still one database commit. Only {@link LedgerTransactions} opens one.
 */
public final class LedgerTx {

  private final Connection connection;
  private boolean wroteOutbox;

  LedgerTx(Connection connection) {
    this.connection = connection;
  }

  /** The JDBC connection, for the row stores ({@code ledger.store}) only. */
  public Connection connection() {
    return connection;
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
