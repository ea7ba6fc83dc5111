package org.pathway.access.tokens;

import java.util.List;
import org.pathway.access.clients.Role;
import org.pathway.access.scopes.ScopeSet;

/**
 * Who is calling, as a verified access token says: the registered client, its organisation and
 * role, and the scopes granted to this token.
 *
 * @param clientId the registered client id
 * @param organization ODS code, or the directory id of a service or group
 * @param role what kind of party the client is
 * @param kind for referrers, what sort of organisation ({@code gp-practice} when not registered)
 * @param scopes the scopes this token carries (never more than the client is registered for)
 * @param area for a hub, the organisations it covers; empty otherwise
 * @param tokenId the token's {@code jti}, for audit
 */
public record Caller(
    String clientId,
    String organization,
    Role role,
    String kind,
    ScopeSet scopes,
    List<String> area,
    String tokenId) {

  /** The servlet request attribute under which the FHIR server keeps the verified caller. */
  public static final String REQUEST_ATTRIBUTE = "org.pathway.access.caller";
}
