package org.pathway.kafkaedge.consume;

/**
 * A record that can never be handled, however often it is read: the loop dead-letters it with this
 * message as the reason, and goes on with the next record.
 */
public class PoisonRecordException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public PoisonRecordException(String reason) {
    super(reason);
  }

  public PoisonRecordException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
