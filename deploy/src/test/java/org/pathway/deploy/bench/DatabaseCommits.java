package org.pathway.deploy.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.pathway.deploy.DevDatabases;

/**
 * How many transactions each service committed in its own database during a run, from PostgreSQL's
 * count ({@code pg_stat_database.xact_commit}, read-only ones included), so a run says which
 * service commits most for each referral. PostgreSQL publishes a session's counts within seconds of
 * its commits, so the last moments of a run may be missing from the reading after it.
 */
final class DatabaseCommits {

  private static final List<String> SERVICES = List.of("fhir-adapter", "router", "notifier");

  /** Commits so far, by service. */
  record Reading(Map<String, Long> commits) {

    /** What each service committed between {@code before} and this. */
    Reading since(Reading before) {
      Map<String, Long> made = new LinkedHashMap<>();
      commits.forEach((name, n) -> made.put(name, n - before.commits.getOrDefault(name, 0L)));
      return new Reading(made);
    }

    /** Commits per referral, by service, for {@code referrals} referrals. */
    String perReferral(long referrals) {
      if (referrals == 0) {
        return "no referral sent";
      }
      return commits.entrySet().stream()
          .map(e -> String.format("%s %.1f", e.getKey(), e.getValue() / (double) referrals))
          .collect(Collectors.joining(", "));
    }
  }

  private final DevDatabases databases;

  DatabaseCommits(DevDatabases databases) {
    this.databases = databases;
  }

  Reading now() throws SQLException {
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
    return new Reading(commits);
  }
}
