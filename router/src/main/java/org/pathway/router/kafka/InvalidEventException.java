package org.pathway.router.kafka;

/** A record that decodes but cannot be right (wrong type for the topic, key not its referral). */
public final class InvalidEventException extends RuntimeException {

  public InvalidEventException(String message) {
    super(message);
  }
}
