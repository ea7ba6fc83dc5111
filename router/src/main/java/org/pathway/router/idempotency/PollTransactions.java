package org.pathway.router.idempotency;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * One database transaction for everything the router remembers while it decides one poll. A
 * consumer thread {@link #begin begins} a poll, its records read and write the memory through
 * {@link #dataSource()} on that thread, and it {@link #commit commits} once, just before the poll's
 * outputs are published: the memory is still durable before anything it explains leaves, and a poll
 * of a hundred records costs one commit (one flush of the write-ahead log) rather than one per
 * write. A poll that fails is rolled back and read again whole, and every memory write is an
 * upsert, so reading it again writes the same thing.
 *
 * <p>Outside a poll (another thread, or this one between polls) {@link #dataSource()} hands out the
 * pool's own connections, each statement in a transaction of its own, as before.
 */
public final class PollTransactions {

  private final DataSource pool;
  private final ThreadLocal<Poll> current = new ThreadLocal<>();
  private final DataSource scoped = new Scoped();

  public PollTransactions(DataSource pool) {
    this.pool = pool;
  }

  /**
   * Where the memory takes its connections: the poll's, on a thread inside a poll (closing it
   * leaves it open for the rest of the poll), the pool's otherwise.
   */
  public DataSource dataSource() {
    return scoped;
  }

  /** A poll starts on this thread; its connection is taken when its first record needs one. */
  public void begin() {
    end();
    current.set(new Poll());
  }

  /** Commits what this thread's poll remembered; nothing to do when it touched no memory. */
  public void commit() {
    Poll poll = current.get();
    if (poll == null || poll.connection == null) {
      return;
    }
    try {
      poll.connection.commit();
      poll.committed = true;
    } catch (SQLException e) {
      throw new MemoryUnavailableException("cannot commit what this poll remembered", e);
    }
  }

  /**
   * Ends this thread's poll: what it did not commit is rolled back and its connection goes back to
   * the pool. Safe to call at any time, more than once.
   */
  public void end() {
    Poll poll = current.get();
    current.remove();
    if (poll == null || poll.connection == null) {
      return;
    }
    try (Connection c = poll.connection) {
      if (!poll.committed) {
        c.rollback();
      }
      c.setAutoCommit(true);
    } catch (SQLException e) {
      // A broken connection: the pool replaces it; the uncommitted work is gone with it.
    }
  }

  private Connection connection() throws SQLException {
    Poll poll = current.get();
    if (poll == null) {
      return pool.getConnection();
    }
    if (poll.connection == null) {
      Connection c = pool.getConnection();
      try {
        c.setAutoCommit(false);
      } catch (SQLException e) {
        c.close();
        throw e;
      }
      poll.connection = c;
      poll.kept = keptOpen(c);
    }
    return poll.kept;
  }

  /** The poll's connection as its records see it: closing it is left to the poll's end. */
  private static Connection keptOpen(Connection c) {
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("close") && method.getParameterCount() == 0) {
                return null;
              }
              try {
                return method.invoke(c, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  private static final class Poll {
    private Connection connection;
    private Connection kept;
    private boolean committed;
  }

  private final class Scoped implements DataSource {
    @Override
    public Connection getConnection() throws SQLException {
      return connection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      throw new SQLFeatureNotSupportedException("the router's memory uses the pool's own login");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
      return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
      pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
      pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
      return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      return pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
      return pool.isWrapperFor(type);
    }
  }
}
