package org.pathway.deadletters.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.pathway.deadletters.desk.Handling;

/**
 * The service's record of handled dead letters ({@code dead_letter_handled}, one row per dead
 * letter, so one is never handled twice) and the audit of every action ({@code dead_letter_audit}).
 * Each service creates both tables in its own Flyway migration; the columns are in this module's
 * README.
 */
public final class DeadLetterLedger {

  private final DataSource dataSource;
  private final String topic;

  /** The ledger of {@code topic}'s dead letters in {@code dataSource}. */
  public DeadLetterLedger(DataSource dataSource, String topic) {
    this.dataSource = dataSource;
    this.topic = topic;
  }

  /** Every handled dead letter of the topic, by id. */
  public Map<String, Handling> handled() {
    Map<String, Handling> out = new HashMap<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "select dead_letter_id, action, operator, handled_at, reason, replay_id,"
                    + " replayed_to from dead_letter_handled where topic = ?")) {
      ps.setString(1, topic);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Handling h = handling(rs);
          out.put(h.deadLetterId(), h);
        }
      }
      return out;
    } catch (SQLException e) {
      throw new LedgerException("could not read handled dead letters", e);
    }
  }

  /** How {@code id} was handled, if it was. */
  public Optional<Handling> find(String id) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "select dead_letter_id, action, operator, handled_at, reason, replay_id,"
                    + " replayed_to from dead_letter_handled where topic = ? and dead_letter_id"
                    + " = ?")) {
      ps.setString(1, topic);
      ps.setString(2, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(handling(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new LedgerException("could not read dead letter " + id, e);
    }
  }

  /**
   * Keeps {@code h}. Returns false when the dead letter was handled already (another operator was
   * quicker), leaving the first handling as it is.
   */
  public boolean record(Handling h) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "insert into dead_letter_handled (topic, dead_letter_id, action, operator,"
                    + " handled_at, reason, replay_id, replayed_to) values (?,?,?,?,?,?,?,?)"
                    + " on conflict do nothing")) {
      ps.setString(1, topic);
      ps.setString(2, h.deadLetterId());
      ps.setString(3, h.action().name());
      ps.setString(4, h.operator());
      ps.setTimestamp(5, Timestamp.from(h.at()));
      ps.setString(6, h.reason());
      ps.setString(7, h.replayId());
      ps.setString(8, h.replayedTo());
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new LedgerException("could not record dead letter " + h.deadLetterId(), e);
    }
  }

  /** Appends {@code entry} to the audit. */
  public void audit(AuditEntry entry) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "insert into dead_letter_audit (at, topic, operator, action, dead_letter_id,"
                    + " outcome, detail) values (?,?,?,?,?,?,?)")) {
      ps.setTimestamp(1, Timestamp.from(entry.at()));
      ps.setString(2, topic);
      ps.setString(3, entry.operator());
      ps.setString(4, entry.action());
      ps.setString(5, entry.deadLetterId());
      ps.setInt(6, entry.outcome());
      String detail = entry.detail();
      ps.setString(
          7, detail == null || detail.length() <= 2000 ? detail : detail.substring(0, 2000));
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new LedgerException("could not audit " + entry.action(), e);
    }
  }

  /** The newest {@code limit} audit entries of the topic, newest first. */
  public List<AuditEntry> audit(int limit) {
    List<AuditEntry> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "select at, operator, action, dead_letter_id, outcome, detail from"
                    + " dead_letter_audit where topic = ? order by id desc limit ?")) {
      ps.setString(1, topic);
      ps.setInt(2, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new AuditEntry(
                  rs.getTimestamp(1).toInstant(),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getInt(5),
                  rs.getString(6)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new LedgerException("could not read the dead-letter audit", e);
    }
  }

  private static Handling handling(ResultSet rs) throws SQLException {
    return new Handling(
        rs.getString("dead_letter_id"),
        Handling.Action.valueOf(rs.getString("action")),
        rs.getString("operator"),
        rs.getTimestamp("handled_at").toInstant(),
        rs.getString("reason"),
        rs.getString("replay_id"),
        rs.getString("replayed_to"));
  }

  /** The database could not be read or written; the API answers 503. */
  public static final class LedgerException extends RuntimeException {
    public LedgerException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
