package org.pathway.access.endpoint;

/**
 * A refusal as RFC 6749 section 5.2 writes it: {@code error} ({@code invalid_client}, {@code
 * invalid_grant}, {@code invalid_scope}, {@code unsupported_grant_type}, {@code invalid_request}),
 * a description, and the HTTP status.
 */
public class OAuthErrorException extends Exception {

  private final String error;
  private final int status;

  public OAuthErrorException(String error, String description, int status) {
    super(description);
    this.error = error;
    this.status = status;
  }

  public String error() {
    return error;
  }

  public int status() {
    return status;
  }
}
