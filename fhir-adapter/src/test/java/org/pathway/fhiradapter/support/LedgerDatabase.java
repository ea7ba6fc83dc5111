package org.pathway.fhiradapter.support;

import org.flywaydb.core.Flyway;
import org.pathway.testsupport.database.TestDatabase;

/** A fresh PostgreSQL database with the ledger's schema, for tests of the ledger's SQL alone. */
public final class LedgerDatabase {

  private LedgerDatabase() {}

  /** A new database named from {@code prefix}, migrated as the adapter migrates its own. */
  public static TestDatabase create(String prefix) {
    TestDatabase db = TestDatabase.create(prefix);
    Flyway.configure()
        .dataSource(db.url(), db.username(), db.password())
        .locations("classpath:db/migration")
        .load()
        .migrate();
    return db;
  }
}
