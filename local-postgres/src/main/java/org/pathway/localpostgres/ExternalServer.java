package org.pathway.localpostgres;

/** A server someone else runs, named by the JDBC URL of its admin database; we never stop it. */
final class ExternalServer implements PostgresServer {

  private final ServerUrl admin;
  private final ServerAdmin sql;

  ExternalServer(ServerUrl admin) {
    this.admin = admin;
    this.sql = new ServerAdmin(admin);
  }

  @Override
  public Database createDatabase(String name) {
    return sql.create(name);
  }

  @Override
  public void dropDatabase(String name) {
    sql.drop(name);
  }

  @Override
  public void execute(String statement) {
    sql.execute(statement);
  }

  @Override
  public String description() {
    return "PostgreSQL server at " + admin.redacted();
  }

  @Override
  public void close() {}
}
