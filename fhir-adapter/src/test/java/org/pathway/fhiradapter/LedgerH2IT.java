package org.pathway.fhiradapter;

import org.junit.jupiter.api.BeforeAll;
import org.pathway.fhiradapter.support.Databases;

/** The ledger contract on the embedded H2 file database of dev mode. */
class LedgerH2IT extends LedgerContract {
  @BeforeAll
  static void start() {
    startAll(Databases.h2());
  }
}
