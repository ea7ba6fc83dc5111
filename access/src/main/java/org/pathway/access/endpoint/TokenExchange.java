package org.pathway.access.endpoint;

import java.util.Map;
import org.pathway.access.tokens.AccessTokens.IssuedToken;

/**
 * SMART Backend Services: a {@code client_credentials} grant authenticated by a {@code
 * private_key_jwt} client assertion becomes an access token. The servlet only parses the form and
 * writes the answer.
 */
public final class TokenExchange {

  /**
   * The token for a form ({@code grant_type}, {@code scope}, {@code client_assertion_type}, {@code
   * client_assertion}).
   */
  public IssuedToken exchange(Map<String, String> form) throws OAuthErrorException {
    throw new UnsupportedOperationException("skeleton");
  }
}
