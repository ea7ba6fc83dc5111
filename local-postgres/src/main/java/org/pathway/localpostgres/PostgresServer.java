package org.pathway.localpostgres;

/** A running PostgreSQL server Pathway keeps its databases on, and how to stop it if we own it. */
public interface PostgresServer extends AutoCloseable {

  /**
   * The database called {@code name}, created if it does not exist yet, so this is safe on every
   * start. Names are lower-case letters, digits and underscores, starting with a letter.
   */
  Database createDatabase(String name);

  /** Drops the database {@code name} if it exists, ending the sessions still connected to it. */
  void dropDatabase(String name);

  /**
   * Runs one statement on the server's admin database (e.g. {@code ALTER DATABASE ...}), for tests
   * that take a database away and give it back.
   */
  void execute(String sql);

  /** One line for logs and start-up banners: what kind of server this is and where. */
  String description();

  /** Stops the server if this process started it; a no-op for an external server. */
  @Override
  void close();
}
