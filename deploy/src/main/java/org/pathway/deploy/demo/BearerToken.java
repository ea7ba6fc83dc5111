package org.pathway.deploy.demo;

import ca.uhn.fhir.rest.client.api.IClientInterceptor;
import ca.uhn.fhir.rest.client.api.IHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpResponse;
import org.pathway.deploy.access.DevTokens;

/**
 * Puts a demo client's current access token on every request of a HAPI client, renewing it as it
 * nears expiry (HAPI's own bearer interceptor holds one fixed token, which a long demo outlives).
 */
public final class BearerToken implements IClientInterceptor {

  private final DevTokens tokens;
  private final String clientId;

  /** Puts the current token of demo client {@code clientId} from {@code tokens} on each request. */
  public BearerToken(DevTokens tokens, String clientId) {
    this.tokens = tokens;
    this.clientId = clientId;
  }

  @Override
  public void interceptRequest(IHttpRequest request) {
    request.addHeader("Authorization", tokens.bearer(clientId));
  }

  @Override
  public void interceptResponse(IHttpResponse response) {}
}
