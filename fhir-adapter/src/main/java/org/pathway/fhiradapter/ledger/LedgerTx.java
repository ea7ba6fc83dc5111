package org.pathway.fhiradapter.ledger;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pathway.fhiradapter.ledger.store.TaskRows;

/**
 * One open ledger transaction, handed from part to part (intake, Task saves, audit, outbox) so one
 * FHIR write is still one database commit. Only {@link LedgerTransactions} opens one.
 *
 * <p>Rows that are only ever appended (resources, Task versions, provenance, audit, outbox) go
 * through {@link #append}: at once in an ordinary transaction, or, in a group commit's, gathered
 * into one JDBC batch per statement and sent just before the commit, so a batch of referrals costs
 * one round trip per table rather than one per row.
 */
public final class LedgerTx {

  /** Binds one row's values to an append statement. */
  @FunctionalInterface
  public interface Row {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private final Connection connection;
  private final boolean deferAppends;
  // Deferred rows in append order, each with its values as bound when it was appended, so the rows
  // of a piece of work that failed can be dropped again ({@link #discardSince}).
  private final List<Deferred> deferred = new ArrayList<>();
  private boolean wroteOutbox;
  // Whether the work run last took a lock many transactions queue for (a group's count of places).
  private boolean queuedForLockTaken;
  // A Task's referral and root referral never change once it is stored, so each is read once per
  // transaction: a consumed event's apply asks for them when it saves and again when it files a
  // Communication, and the lock has read them already.
  private final Map<String, TaskRows.Keys> taskKeys = new HashMap<>();

  /** One deferred row: its statement and the parameter setters it called, in order. */
  private record Deferred(String sql, List<Bound> values) {}

  /** One parameter setter call ({@code setString(1, "x")}) to repeat on the real statement. */
  private record Bound(Method setter, Object[] args) {}

  LedgerTx(Connection connection) {
    this(connection, false);
  }

  LedgerTx(Connection connection, boolean deferAppends) {
    this.connection = connection;
    this.deferAppends = deferAppends;
  }

  /** The JDBC connection, for the row stores ({@code ledger.store}) only. */
  public Connection connection() {
    return connection;
  }

  /**
   * Inserts one row with {@code sql} (an INSERT whose result nobody reads): now, or in a group
   * commit before it commits. Reads in the same transaction must not expect deferred rows.
   */
  public void append(String sql, Row row) throws SQLException {
    if (!deferAppends) {
      try (var ps = connection.prepareStatement(sql)) {
        row.bind(ps);
        ps.executeUpdate();
      }
      return;
    }
    List<Bound> values = new ArrayList<>();
    row.bind(recorder(values));
    deferred.add(new Deferred(sql, values));
  }

  /**
   * Inserts a row whose key must be new (a business identifier, an X-Request-ID) and answers
   * whether it was. In an ordinary transaction the row goes in at once, {@code ON CONFLICT DO
   * NOTHING}, and a key already held answers false. In a group commit's the row is deferred like an
   * append and answered true: a key already held then fails the whole batch at its flush, nothing
   * of it is written, and each write runs again alone ({@link GroupCommit}), where the answer is
   * known before anything else is written. A batch of new keys so costs no round trip of its own.
   *
   * @param insertSql a plain {@code INSERT ... VALUES (...)}, without an {@code ON CONFLICT} clause
   */
  public boolean claim(String insertSql, Row row) throws SQLException {
    if (deferAppends) {
      append(insertSql, row);
      return true;
    }
    try (var ps = connection.prepareStatement(insertSql + " ON CONFLICT DO NOTHING")) {
      row.bind(ps);
      return ps.executeUpdate() == 1;
    }
  }

  // The values are taken when the row is appended, as addBatch would take them.
  private static PreparedStatement recorder(List<Bound> values) {
    return (PreparedStatement)
        Proxy.newProxyInstance(
            LedgerTx.class.getClassLoader(),
            new Class<?>[] {PreparedStatement.class},
            (proxy, method, args) -> {
              if (!method.getName().startsWith("set") || args == null || args.length < 2) {
                throw new UnsupportedOperationException(
                    "a deferred append only binds parameters, not " + method.getName());
              }
              values.add(new Bound(method, args.clone()));
              return null;
            });
  }

  /** How many rows are deferred so far: a mark for {@link #discardSince}. */
  int deferredMark() {
    return deferred.size();
  }

  /** Drops the rows deferred after {@code mark}: the work that appended them was undone. */
  void discardSince(int mark) {
    deferred.subList(mark, deferred.size()).clear();
  }

  /**
   * Sends the deferred appends, one JDBC batch per statement in the order each statement was first
   * used (every write appends its tables in the same order); the transaction commits after this.
   */
  void flush() throws SQLException {
    Map<String, List<Deferred>> bySql = new LinkedHashMap<>();
    for (Deferred d : deferred) {
      bySql.computeIfAbsent(d.sql(), k -> new ArrayList<>()).add(d);
    }
    deferred.clear();
    for (var entry : bySql.entrySet()) {
      try (PreparedStatement ps = connection.prepareStatement(entry.getKey())) {
        for (Deferred d : entry.getValue()) {
          for (Bound b : d.values()) {
            try {
              b.setter().invoke(ps, b.args());
            } catch (IllegalAccessException e) {
              throw new IllegalStateException(e);
            } catch (InvocationTargetException e) {
              if (e.getCause() instanceof SQLException sql) {
                throw sql;
              }
              throw new IllegalStateException(e.getCause());
            }
          }
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
  }

  /** The keys of the Tasks this transaction has read, by Task id: for {@link TaskRows} only. */
  public Map<String, TaskRows.Keys> taskKeys() {
    return taskKeys;
  }

  /** Notes that an outbox row was written, so the relay is woken once this commits. */
  public void outboxWritten() {
    wroteOutbox = true;
  }

  boolean wroteOutbox() {
    return wroteOutbox;
  }

  /**
   * Notes that a lock many transactions queue for was taken (a group's count of places, which every
   * onward referral to the group and every change of a member's place waits for): a batch of
   * consumed events then commits as soon as the event that took it is done, rather than holding it
   * through the rest of its poll.
   */
  public void queuedForLockTaken() {
    queuedForLockTaken = true;
  }

  /** Whether such a lock was taken since last asked; asking forgets it. */
  boolean tookQueuedForLock() {
    boolean took = queuedForLockTaken;
    queuedForLockTaken = false;
    return took;
  }

  /** The ledger's clock. */
  public static OffsetDateTime now() {
    // Millisecond precision, as FHIR's meta.lastUpdated carries: row and resource then agree.
    return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
  }
}
