package org.pathway.fhiradapter.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class LedgerTransactionsTest {

  @Test
  void aDeadlockOrSerializationFailureIsBusyNotAnInternalError() {
    // PostgreSQL rolls the victim back whole: the caller is told to try again (503), not 500.
    assertThat(LedgerTransactions.translate(new SQLException("deadlock detected", "40P01")))
        .isInstanceOf(LedgerBusyException.class);
    assertThat(
            LedgerTransactions.translate(new SQLException("could not serialize access", "40001")))
        .isInstanceOf(LedgerBusyException.class);
  }

  @Test
  void anyOtherFailedStatementStaysAnInternalError() {
    assertThat(LedgerTransactions.translate(new SQLException("syntax error", "42601")))
        .isInstanceOf(IllegalStateException.class);
  }
}
