package org.pathway.access.endpoint;

/**
 * A refusal as RFC 6749 section 5.2 writes it: {@code error} ({@code invalid_client}, {@code
 * invalid_grant}, {@code invalid_scope}, {@code unsupported_grant_type}, {@code invalid_request}),
 * a description, and the HTTP status.
 */
public class OAuthErrorException extends Exception {

  private final String error;
  private final int status;
  private final String clientId;

  public OAuthErrorException(String error, String description, int status) {
    this(error, description, status, null);
  }

  /**
   * @param clientId the client the request claimed to come from (not verified), for the audit
   */
  public OAuthErrorException(String error, String description, int status, String clientId) {
    super(description);
    this.error = error;
    this.status = status;
    this.clientId = clientId;
  }

  static OAuthErrorException invalidRequest(String description) {
    return new OAuthErrorException("invalid_request", description, 400);
  }

  public String error() {
    return error;
  }

  public int status() {
    return status;
  }

  /** The client the refused request claimed to come from, unverified; null if none was named. */
  public String clientId() {
    return clientId;
  }
}
