package org.pathway.router.idempotency;

import java.sql.SQLException;

/** What PostgreSQL's SQLSTATE codes mean to the router's repositories. */
final class SqlStates {

  private SqlStates() {}

  /** True for a primary-key clash (unique_violation). */
  static boolean isDuplicateKey(SQLException e) {
    return "23505".equals(e.getSQLState());
  }
}
