package org.pathway.fhiradapter;

import org.junit.jupiter.api.BeforeAll;
import org.pathway.testsupport.database.TestDatabase;

/** The ledger contract on PostgreSQL, a fresh database for this class. */
class LedgerPostgresIT extends LedgerContract {
  @BeforeAll
  static void start() {
    startAll(TestDatabase.create("fhir_adapter"));
  }
}
