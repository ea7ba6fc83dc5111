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
      // What the GP's, hub's and facilitator's templates need of the referral (issue 10); added
      // to tables created before, so an existing router database keeps its rows.
      for (String column :
          new String[] {
            "given_name VARCHAR(200)",
            "family_name VARCHAR(200)",
            "nhs_number VARCHAR(20)",
            "birth_date DATE",
            "priority VARCHAR(20)"
          }) {
        s.execute("ALTER TABLE router_referral ADD COLUMN IF NOT EXISTS " + column);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the router's tables", e);
    }
  }

  /** True for a primary-key clash on either database. */
  static boolean isDuplicateKey(SQLException e) {
    return "23505".equals(e.getSQLState());
  }
}
