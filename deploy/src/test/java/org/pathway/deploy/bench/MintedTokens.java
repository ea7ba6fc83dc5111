package org.pathway.deploy.bench;

import java.time.Duration;
import org.pathway.access.clients.ClientRegistry;
import org.pathway.access.clients.RegisteredClient;
import org.pathway.access.tokens.AccessTokens;
import org.pathway.access.tokens.SigningKeys;
import org.pathway.deploy.access.DevAccess;

/**
 * A bearer token the fhir-adapter will accept, made before the adapter starts: issued by the access
 * module's {@link AccessTokens} with the signing key and issuer dev mode gives the adapter, exactly
 * as its own token endpoint would. B9 times start-up to the first accepted referral, so the token
 * must exist before the clock starts, when there is no token endpoint yet to ask.
 */
final class MintedTokens {

  private MintedTokens() {}

  /** {@code Bearer <token>} for {@code clientId}, with every scope it is registered for. */
  static String bearer(DevAccess access, String clientId) {
    RegisteredClient client =
        ClientRegistry.load(access.clientFiles())
            .find(clientId)
            .orElseThrow(() -> new IllegalArgumentException("no client " + clientId));
    var tokens =
        new AccessTokens(
            access.publicUrl(), SigningKeys.read(access.signingKey()), Duration.ofMinutes(5));
    return "Bearer " + tokens.issue(client, client.scopes()).accessToken();
  }
}
