package org.pathway.access.endpoint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pathway.access.clients.ClientRegistry;
import org.pathway.access.clients.RegisteredClient;
import org.pathway.access.scopes.ScopeSet;

/**
 * What {@code [FHIR base]/.well-known/smart-configuration} says: where the token endpoint and keys
 * are, and that clients authenticate with {@code private_key_jwt} (RS384, ES384) for {@code
 * client_credentials}.
 *
 * @param issuer the {@code iss} of Pathway's tokens (its public base URL)
 * @param tokenEndpoint {@code <public-url>/oauth/token}
 * @param jwksUri {@code <public-url>/oauth/jwks}
 * @param scopesSupported the scopes a client may be granted
 */
public record SmartConfiguration(
    String issuer, String tokenEndpoint, String jwksUri, List<String> scopesSupported) {

  /**
   * Pathway's endpoints under {@code publicUrl}, offering every scope any client is registered for.
   */
  public static SmartConfiguration at(String publicUrl, ClientRegistry clients) {
    List<String> scopes = new ArrayList<>();
    for (RegisteredClient client : clients.all()) {
      scopes.addAll(client.scopes().asList());
    }
    return new SmartConfiguration(
        publicUrl,
        tokenEndpoint(publicUrl),
        publicUrl + "/oauth/jwks",
        ScopeSet.of(scopes).asList());
  }

  /** The token endpoint under {@code publicUrl}: the only {@code aud} an assertion may carry. */
  public static String tokenEndpoint(String publicUrl) {
    return publicUrl + "/oauth/token";
  }

  /** The discovery document as JSON-ready values. */
  public Map<String, Object> document() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("issuer", issuer);
    doc.put("jwks_uri", jwksUri);
    doc.put("token_endpoint", tokenEndpoint);
    doc.put("token_endpoint_auth_methods_supported", List.of("private_key_jwt"));
    doc.put("token_endpoint_auth_signing_alg_values_supported", List.of("RS384", "ES384"));
    doc.put("grant_types_supported", List.of("client_credentials"));
    doc.put("scopes_supported", scopesSupported);
    doc.put("capabilities", List.of("client-confidential-asymmetric", "permission-v2"));
    return doc;
  }
}
