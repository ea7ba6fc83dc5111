package org.pathway.router.idempotency;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Creates the router's two tables if absent; plain SQL that PostgreSQL and H2 both accept. */
public final class Schema {

  private Schema() {}

  public static void ensure(DataSource dataSource) {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS router_processed_event ("
              + " event_id VARCHAR(64) NOT NULL,"
              + " processor VARCHAR(100) NOT NULL,"
              + " processed_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,"
              + " PRIMARY KEY (processor, event_id))");
      s.execute(
          "CREATE TABLE IF NOT EXISTS router_referral ("
              + " referral_id VARCHAR(200) NOT NULL PRIMARY KEY,"
              + " practice_ods VARCHAR(20),"
              + " recorded_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the router's tables", e);
    }
  }

  /** True for a primary-key clash on either database. */
  static boolean isDuplicateKey(SQLException e) {
    return "23505".equals(e.getSQLState());
  }
}
