package org.pathway.localpostgres;

/** A server whose databases are made and dropped through its admin database, embedded or not. */
abstract class AdminedServer implements PostgresServer {

  private final ServerAdmin sql;

  AdminedServer(ServerUrl admin) {
    this.sql = new ServerAdmin(admin);
  }

  @Override
  public final Database createDatabase(String name) {
    return sql.create(name);
  }

  @Override
  public final void dropDatabase(String name) {
    sql.drop(name);
  }

  @Override
  public final void execute(String statement) {
    sql.execute(statement);
  }
}
