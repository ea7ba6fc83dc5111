package org.pathway.fhiradapter.ledger;

/** The database could not be reached or could not confirm a commit: answer 503, never 2xx. */
public class LedgerUnavailableException extends RuntimeException {
  public LedgerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
