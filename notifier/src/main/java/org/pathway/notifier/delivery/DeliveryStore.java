package org.pathway.notifier.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.pathway.notifier.delivery.Delivery.Attempt;
import org.pathway.notifier.delivery.Delivery.Status;

/**
 * The delivery log and retry schedule in PostgreSQL over JDBC. Every method is one short
 * transaction, so what it returns is durable.
 */
public final class DeliveryStore {

  private static final String COLUMNS =
      "notification_id, seq, referral_id, channel, request_bytes, source, status, attempts,"
          + " received_at, in_doubt, resent_in_doubt, provider_ref, finished_at, failure_reason,"
          + " receipt_event_id";

  private final DataSource dataSource;

  public DeliveryStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** A request to record, as read from Kafka. */
  public record NewDelivery(
      String notificationId,
      String referralId,
      String orderKey,
      String channel,
      String templateId,
      byte[] requestBytes,
      String source,
      long receivedAt) {}

  /**
   * A request to record with the state it starts in: pending, or refused outright ({@code refusal}
   * and the failed receipt's event id set).
   */
  public record Intake(NewDelivery delivery, String refusal, String receiptEventId) {

    public static Intake pending(NewDelivery d) {
      return new Intake(d, null, null);
    }

    public static Intake refused(NewDelivery d, String reason, String receiptEventId) {
      return new Intake(d, reason, receiptEventId);
    }
  }

  /**
   * Records a request. Returns false when its notification id is already known (a redelivered
   * record), which leaves the existing row untouched.
   */
  public boolean accept(NewDelivery d) {
    return !acceptAll(List.of(Intake.pending(d))).isEmpty();
  }

  /** Records a request that is refused outright; its failed receipt is then due. */
  public boolean acceptRefused(NewDelivery d, String reason, String receiptEventId) {
    return !acceptAll(List.of(Intake.refused(d, reason, receiptEventId))).isEmpty();
  }

  /**
   * Records a poll's requests in one statement (one commit), and returns the notification ids it
   * recorded: an id already known (a redelivered record, one another replica records at the same
   * moment, or a repeat within the list) inserts nothing and leaves the existing row untouched.
   */
  public Set<String> acceptAll(List<Intake> intakes) {
    if (intakes.isEmpty()) {
      return Set.of();
    }
    String row = "(?,?,?,?,?,?,?,?,?,?,?,?,?)";
    String sql =
        "insert into delivery (notification_id, referral_id, order_key, channel, template_id,"
            + " request_bytes, source, status, received_at, next_attempt_at, failure_reason,"
            + " finished_at, receipt_event_id) values "
            + String.join(",", Collections.nCopies(intakes.size(), row))
            + " on conflict (notification_id) do nothing returning notification_id";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 0;
      for (Intake intake : intakes) {
        NewDelivery d = intake.delivery();
        boolean refused = intake.refusal() != null;
        ps.setString(++i, d.notificationId());
        ps.setString(++i, d.referralId());
        ps.setString(++i, d.orderKey());
        ps.setString(++i, d.channel());
        ps.setString(++i, truncate(d.templateId(), 200));
        ps.setBytes(++i, d.requestBytes());
        ps.setString(++i, truncate(d.source(), 300));
        ps.setString(++i, (refused ? Status.FAILED : Status.PENDING).name());
        ps.setLong(++i, d.receivedAt());
        ps.setLong(++i, d.receivedAt());
        ps.setString(++i, truncate(intake.refusal(), 2000));
        if (refused) {
          ps.setLong(++i, d.receivedAt());
        } else {
          ps.setNull(++i, java.sql.Types.BIGINT);
        }
        ps.setString(++i, intake.receiptEventId());
      }
      Set<String> recorded = new HashSet<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          recorded.add(rs.getString(1));
        }
      }
      return recorded;
    } catch (SQLException e) {
      throw new StoreException("could not record " + intakes.size() + " notifications", e);
    }
  }

  /**
   * Reopens a delivery that failed and was dead-lettered, because an operator replayed its dead
   * letter as replay {@code replayId}: it is due now, and its retry horizon counts from now.
   * Returns false when there is nothing to reopen (not failed, its dead letter not yet published,
   * or this replay already applied), so a replay read twice is applied once.
   */
  public boolean reopenForReplay(String id, String replayId, long now) {
    return update(
            "update delivery set status = 'PENDING', replay_id = ?, received_at = ?,"
                + " next_attempt_at = ?, finished_at = null, failure_reason = null,"
                + " receipt_published = false, receipt_event_id = null, in_doubt = false,"
                + " resent_in_doubt = false, lease_until = null where notification_id = ? and"
                + " status = 'FAILED' and receipt_published = true and (replay_id is null or"
                + " replay_id <> ?)",
            replayId,
            now,
            now,
            id,
            replayId)
        == 1;
  }

  /**
   * Returns tries interrupted by a crash (still sending after their lease) to the queue, marked in
   * doubt: the provider may or may not have received them.
   */
  public int recoverInterrupted(long now) {
    return update(
        "update delivery set status = 'PENDING', in_doubt = true, next_attempt_at = ?,"
            + " lease_until = null where status = 'SENDING' and lease_until < ?",
        now,
        now);
  }

  /**
   * Claims up to {@code limit} deliveries that are due and first in their order (no earlier
   * delivery with the same order key is still pending or sending), oldest due first, in one
   * statement: each becomes SENDING with a lease until {@code leaseUntil}, its attempt count goes
   * up and the try is logged. Rows another worker is claiming are skipped rather than waited for
   * ({@code FOR UPDATE SKIP LOCKED}), and a row is claimed only while still pending, so two
   * replicas never claim the same delivery; at most one per order key is ever sending.
   *
   * <p>Each step reads an index in claim order or looks rows up by key, whatever the planner knows
   * of the table (V11): "first unfinished of its order" is a lookup by order key for each row read,
   * where a NOT EXISTS became an anti-join that a plan made without statistics ran as a scan of
   * every unfinished row for each due one; and the claimed rows are updated by id alone (still
   * pending, since this statement holds their locks), as a status test there drew the planner to a
   * status index.
   */
  public List<Delivery> claimDue(long now, long leaseUntil, int limit) {
    String sql =
        "with due as (select d.notification_id from delivery d where d.status = 'PENDING'"
            + " and d.next_attempt_at <= ? and d.seq = (select min(e.seq) from delivery e"
            + " where e.order_key = d.order_key and e.status in ('PENDING', 'SENDING'))"
            + " order by d.next_attempt_at, d.seq limit ? for update of d skip locked),"
            + " claimed as (update delivery set status = 'SENDING', attempts = attempts + 1,"
            + " lease_until = ?, resent_in_doubt = (resent_in_doubt or in_doubt) from due"
            + " where delivery.notification_id = due.notification_id returning delivery.*),"
            + " logged as (insert into delivery_attempt (notification_id, attempt_no,"
            + " attempted_at) select notification_id, attempts, ? from claimed)"
            + " select "
            + COLUMNS
            + ", next_attempt_at from claimed order by next_attempt_at, seq";
    return query(
        sql,
        ps -> {
          ps.setLong(1, now);
          ps.setInt(2, limit);
          ps.setLong(3, leaseUntil);
          ps.setLong(4, now);
        });
  }

  /**
   * The try succeeded; the receipt is now due. {@code resentInDoubt} is what the receipt will say:
   * whether an earlier, interrupted try may also have arrived.
   */
  public void recordDelivered(
      String id, String providerRef, long now, String receiptEventId, boolean resentInDoubt) {
    update(
        "update delivery set status = 'DELIVERED', provider_ref = ?, finished_at = ?,"
            + " receipt_event_id = ?, lease_until = null, resent_in_doubt = ?"
            + " where notification_id = ? and status in ('SENDING', 'PENDING')",
        truncate(providerRef, 500),
        now,
        receiptEventId,
        resentInDoubt,
        id);
  }

  /** The try failed; try again at {@code nextAt}. */
  public void recordRetry(
      String id, int attemptNo, String error, long nextAt, boolean maybeDelivered) {
    attemptError(id, attemptNo, error);
    update(
        "update delivery set status = 'PENDING', next_attempt_at = ?, lease_until = null,"
            + " in_doubt = (in_doubt or ?) where notification_id = ? and status = 'SENDING'",
        nextAt,
        maybeDelivered,
        id);
  }

  /** The try failed and there will be no other; the failed receipt and dead letter are due. */
  public void recordFailed(
      String id, int attemptNo, String error, String reason, long now, String receiptEventId) {
    attemptError(id, attemptNo, error);
    update(
        "update delivery set status = 'FAILED', failure_reason = ?, finished_at = ?,"
            + " receipt_event_id = ?, lease_until = null"
            + " where notification_id = ? and status in ('SENDING', 'PENDING')",
        truncate(reason, 2000),
        now,
        receiptEventId,
        id);
  }

  /**
   * The delivery is withheld for good (its referral is closed): nothing was sent and none will be.
   * No receipt is published for it.
   */
  public void recordWithheld(String id, String reason, long now) {
    update(
        "update delivery set status = 'WITHHELD', failure_reason = ?, finished_at = ?,"
            + " lease_until = null, receipt_published = true"
            + " where notification_id = ? and status in ('SENDING', 'PENDING')",
        truncate(reason, 2000),
        now,
        id);
  }

  private void attemptError(String id, int attemptNo, String error) {
    update(
        "update delivery_attempt set error = ? where notification_id = ? and attempt_no = ?",
        truncate(error, 2000),
        id,
        attemptNo);
  }

  /** Terminal deliveries whose receipt is not yet on Kafka, in the order they finished. */
  public List<Delivery> unpublished(int limit) {
    return query(
        "select "
            + COLUMNS
            + " from delivery where receipt_published = false and status in ('DELIVERED',"
            + " 'FAILED') order by finished_at, seq limit ?",
        ps -> ps.setInt(1, limit));
  }

  /** The receipts (and dead letters, for failures) of these deliveries are on Kafka. */
  public void markPublished(List<String> ids) {
    if (ids.isEmpty()) {
      return;
    }
    String sql = "update delivery set receipt_published = true where notification_id = any(?)";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setArray(1, c.createArrayOf("text", ids.toArray()));
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("update failed: " + sql, e);
    }
  }

  /** Every try of {@code id}, oldest first. */
  public List<Attempt> attempts(String id) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "select attempt_no, attempted_at, error from delivery_attempt"
                    + " where notification_id = ? order by attempt_no")) {
      ps.setString(1, id);
      List<Attempt> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Attempt(rs.getInt(1), rs.getLong(2), rs.getString(3)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException("could not read attempts of " + id, e);
    }
  }

  public Optional<Delivery> find(String id) {
    try (Connection c = dataSource.getConnection()) {
      return select(c, id);
    } catch (SQLException e) {
      throw new StoreException("could not read " + id, e);
    }
  }

  /** How many deliveries are in each status. */
  public Map<Status, Long> countByStatus() {
    Map<Status, Long> counts = new EnumMap<>(Status.class);
    for (Status s : Status.values()) {
      counts.put(s, 0L);
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("select status, count(*) from delivery group by status");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        counts.put(Status.valueOf(rs.getString(1)), rs.getLong(2));
      }
      return counts;
    } catch (SQLException e) {
      throw new StoreException("could not count deliveries", e);
    }
  }

  private Optional<Delivery> select(Connection c, String id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("select " + COLUMNS + " from delivery where notification_id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(row(rs)) : Optional.empty();
      }
    }
  }

  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private List<Delivery> query(String sql, Binder binder) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      List<Delivery> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(row(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException("query failed: " + sql, e);
    }
  }

  private int update(String sql, Object... args) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("update failed: " + sql, e);
    }
  }

  private static Delivery row(ResultSet rs) throws SQLException {
    long finished = rs.getLong("finished_at");
    Long finishedAt = rs.wasNull() ? null : finished;
    return new Delivery(
        rs.getString("notification_id"),
        rs.getLong("seq"),
        rs.getString("referral_id"),
        rs.getString("channel"),
        rs.getBytes("request_bytes"),
        rs.getString("source"),
        Status.valueOf(rs.getString("status")),
        rs.getInt("attempts"),
        rs.getLong("received_at"),
        rs.getBoolean("in_doubt"),
        rs.getBoolean("resent_in_doubt"),
        rs.getString("provider_ref"),
        finishedAt,
        rs.getString("failure_reason"),
        rs.getString("receipt_event_id"));
  }

  private static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }

  /** The store could not be reached or refused a statement. */
  public static final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
