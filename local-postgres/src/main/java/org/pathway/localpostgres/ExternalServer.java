package org.pathway.localpostgres;

/** A server someone else runs, named by the JDBC URL of its admin database; we never stop it. */
final class ExternalServer extends AdminedServer {

  private final ServerUrl admin;

  ExternalServer(ServerUrl admin) {
    super(admin);
    this.admin = admin;
  }

  @Override
  public String description() {
    return "PostgreSQL server at " + admin.redacted();
  }

  @Override
  public void close() {}
}
