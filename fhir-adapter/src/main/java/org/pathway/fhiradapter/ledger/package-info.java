/**
 * The system of record: referrals, versioned Tasks, audit, provenance and the outbox, written in
 * one JDBC transaction per FHIR write.
 */
package org.pathway.fhiradapter.ledger;
