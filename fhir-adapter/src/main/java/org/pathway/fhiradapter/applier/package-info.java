/**
 * Consumes routing decisions and notification receipts and applies them to the ledger idempotently
 * by event id.
 */
package org.pathway.fhiradapter.applier;
