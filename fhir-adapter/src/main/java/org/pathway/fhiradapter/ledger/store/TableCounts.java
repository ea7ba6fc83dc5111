package org.pathway.fhiradapter.ledger.store;

import jakarta.inject.Singleton;
import java.sql.SQLException;
import org.pathway.fhiradapter.ledger.LedgerTx;

/** Row counts over a ledger table, for tests and health checks. */
@Singleton
public class TableCounts {

  /** {@code SELECT count(*) FROM table [WHERE where]} with {@code args} bound. */
  public long count(LedgerTx tx, String table, String where, Object... args) throws SQLException {
    if (!table.matches("[a-z_]+")) {
      throw new IllegalArgumentException(table);
    }
    try (var ps =
        tx.connection()
            .prepareStatement(
                "SELECT count(*) FROM " + table + (where == null ? "" : " WHERE " + where))) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
