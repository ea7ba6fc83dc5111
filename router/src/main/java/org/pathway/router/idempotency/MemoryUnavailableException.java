package org.pathway.router.idempotency;

/** The router's database did not answer; transient, so the record is retried, never skipped. */
public final class MemoryUnavailableException extends RuntimeException {

  public MemoryUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
