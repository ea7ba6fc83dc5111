package org.pathway.fhiradapter.ledger.store;

import java.sql.SQLException;

/** What a failed statement's SQLState says. */
final class SqlStates {

  private SqlStates() {}

  /** True for a unique-constraint violation (SQLState 23505). */
  static boolean isUniqueViolation(SQLException e) {
    return "23505".equals(e.getSQLState());
  }
}
