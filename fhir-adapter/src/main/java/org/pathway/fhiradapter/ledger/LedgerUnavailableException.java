package org.pathway.fhiradapter.ledger;

/**
 * The database could not be reached or could not confirm a commit: nothing may be reported as done,
 * and the caller may retry later.
 */
public class LedgerUnavailableException extends RuntimeException {
  public LedgerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
