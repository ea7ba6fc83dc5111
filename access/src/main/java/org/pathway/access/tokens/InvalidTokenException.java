package org.pathway.access.tokens;

/** A bearer token that does not authenticate its caller: answered 401, and audited. */
public class InvalidTokenException extends Exception {

  public InvalidTokenException(String reason) {
    super(reason);
  }
}
