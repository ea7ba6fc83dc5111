package org.pathway.fhiradapter.ledger;

/**
 * PostgreSQL rolled the transaction back to break a deadlock or a serialization conflict with
 * another one: nothing of it was written, and the same work may well succeed at once.
 */
public class LedgerBusyException extends LedgerUnavailableException {
  public LedgerBusyException(String message, Throwable cause) {
    super(message, cause);
  }
}
