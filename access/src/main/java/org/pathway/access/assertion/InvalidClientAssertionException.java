package org.pathway.access.assertion;

/**
 * A client assertion that does not authenticate its client: the token endpoint answers {@code
 * invalid_client}. The message is safe to show the caller; {@link #claimedClientId} (unverified,
 * possibly null) is for the audit record.
 */
public class InvalidClientAssertionException extends Exception {

  private final String claimedClientId;

  public InvalidClientAssertionException(String reason, String claimedClientId) {
    super(reason);
    this.claimedClientId = claimedClientId;
  }

  /** The client the assertion claimed to come from, not verified; null when it named none. */
  public String claimedClientId() {
    return claimedClientId;
  }
}
