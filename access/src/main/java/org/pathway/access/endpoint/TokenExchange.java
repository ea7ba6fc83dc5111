package org.pathway.access.endpoint;

import java.util.Map;
import org.pathway.access.assertion.ClientAssertionCheck;
import org.pathway.access.assertion.ClientAssertions;
import org.pathway.access.assertion.InvalidClientAssertionException;
import org.pathway.access.assertion.JtiStoreUnavailableException;
import org.pathway.access.clients.RegisteredClient;
import org.pathway.access.scopes.ScopeSet;
import org.pathway.access.tokens.AccessTokens;
import org.pathway.access.tokens.AccessTokens.IssuedToken;

/**
 * SMART Backend Services: a {@code client_credentials} grant authenticated by a {@code
 * private_key_jwt} client assertion becomes an access token. The servlet only parses the form and
 * writes the answer.
 */
public final class TokenExchange {

  /** A token and the client it was issued to. */
  public record Grant(RegisteredClient client, IssuedToken token) {}

  private final ClientAssertionCheck assertions;
  private final AccessTokens tokens;

  public TokenExchange(ClientAssertionCheck assertions, AccessTokens tokens) {
    this.assertions = assertions;
    this.tokens = tokens;
  }

  /**
   * The token for a form ({@code grant_type}, {@code scope}, {@code client_assertion_type}, {@code
   * client_assertion}).
   */
  public IssuedToken exchange(Map<String, String> form) throws OAuthErrorException {
    return grant(form).token();
  }

  /** As {@link #exchange}, also naming the client, for the audit. */
  public Grant grant(Map<String, String> form) throws OAuthErrorException {
    String grantType = form.get("grant_type");
    if (grantType == null || grantType.isBlank()) {
      throw OAuthErrorException.invalidRequest("grant_type is required");
    }
    if (!"client_credentials".equals(grantType)) {
      throw new OAuthErrorException(
          "unsupported_grant_type", "only grant_type client_credentials is supported", 400);
    }
    if (!ClientAssertions.JWT_BEARER.equals(form.get("client_assertion_type"))) {
      throw new OAuthErrorException(
          "invalid_client",
          "client_assertion_type must be " + ClientAssertions.JWT_BEARER + " (private_key_jwt)",
          401,
          form.get("client_id"));
    }
    String scope = form.get("scope");
    if (scope == null || scope.isBlank()) {
      throw OAuthErrorException.invalidRequest("scope is required");
    }
    ScopeSet requested;
    try {
      requested = ScopeSet.parse(scope);
    } catch (IllegalArgumentException e) {
      throw new OAuthErrorException("invalid_scope", e.getMessage(), 400, form.get("client_id"));
    }
    RegisteredClient client = authenticate(form);
    ScopeSet granted = client.scopes().grant(requested);
    if (granted.isEmpty()) {
      throw new OAuthErrorException(
          "invalid_scope",
          "none of the requested scopes is registered for client " + client.clientId(),
          400,
          client.clientId());
    }
    return new Grant(client, tokens.issue(client, granted));
  }

  private RegisteredClient authenticate(Map<String, String> form) throws OAuthErrorException {
    String claimedId = form.get("client_id");
    RegisteredClient client;
    try {
      client = assertions.check(form.get("client_assertion"));
    } catch (InvalidClientAssertionException e) {
      String who = e.claimedClientId() != null ? e.claimedClientId() : claimedId;
      throw new OAuthErrorException("invalid_client", e.getMessage(), 401, who);
    } catch (JtiStoreUnavailableException e) {
      throw new OAuthErrorException(
          "temporarily_unavailable", "tokens cannot be issued just now; try again", 503, claimedId);
    }
    if (claimedId != null && !claimedId.equals(client.clientId())) {
      throw new OAuthErrorException(
          "invalid_client", "client_id does not match the assertion's iss", 401, claimedId);
    }
    return client;
  }
}
