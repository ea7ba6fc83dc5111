/**
 * The ledger's rows: one class per table family, each working inside a {@code LedgerTx}. SQL lives
 * here and only here; these classes decide nothing and build no events.
 */
package org.pathway.fhiradapter.ledger.store;
