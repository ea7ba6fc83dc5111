/**
 * The system of record, in parts: intake, Task updates (with the one save path), outcome recording,
 * the overdue scan, applied events, the outbox and reads, passing one {@code LedgerTx} so each FHIR
 * write is one JDBC transaction. Refusals are said in the ledger's own terms.
 */
package org.pathway.fhiradapter.ledger;
