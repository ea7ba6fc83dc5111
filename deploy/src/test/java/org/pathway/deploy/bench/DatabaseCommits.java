package org.pathway.deploy.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pathway.deploy.DevDatabases;

/**
 * How many transactions each service committed in its own database during a run, from PostgreSQL's
 * count ({@code pg_stat_database.xact_commit}, read-only ones included), so a run says which
 * service commits most for each referral. PostgreSQL publishes a session's counts within seconds of
 * its commits, so the last moments of a run may be missing from the reading after it.
 */
final class DatabaseCommits {

  private static final List<String> SERVICES = List.of("fhir-adapter", "router", "notifier");

  /** Commits per referral, by service, between two readings, for {@code referrals} referrals. */
  static String perReferral(Tally made, long referrals) {
    return referrals == 0 ? "no referral sent" : made.perReferral(referrals, 1);
  }

  private final DevDatabases databases;

  DatabaseCommits(DevDatabases databases) {
    this.databases = databases;
  }

  /** Commits so far, by service. */
  Tally now() throws SQLException {
    Map<String, Long> commits = new LinkedHashMap<>();
    for (String service : SERVICES) {
      try (Connection c = databases.forService(service).connect();
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")) {
        rs.next();
        commits.put(service, rs.getLong(1));
      }
    }
    return new Tally(commits);
  }
}
