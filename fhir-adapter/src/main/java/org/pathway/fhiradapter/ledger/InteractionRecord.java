package org.pathway.fhiradapter.ledger;

import java.time.OffsetDateTime;

/**
 * One audited interaction: who asked what, and what they were answered. Rows of the ledger's own
 * change audit (kind {@code ledger}) come back in this shape too, with the caller fields empty
 * where the ledger did not know them.
 *
 * @param id the row id (0 until stored)
 * @param recordedAt when it was answered
 * @param kind {@code interaction} (an HTTP interaction) or {@code ledger} (a change, in its commit)
 * @param clientId the verified client, or null when it could not be verified
 * @param organization the client's organisation, or null
 * @param role the client's role code, or null
 * @param method the HTTP method (null for ledger rows)
 * @param interaction what was asked: {@code read}, {@code vread}, {@code search-type}, {@code
 *     create}, {@code update}, {@code token}...
 * @param resourceType the resource type asked about, or null
 * @param resourceId the resource id asked about, or null
 * @param query the query string, bounded
 * @param status the HTTP status answered (null for ledger rows)
 * @param correlationId the correlation id
 * @param requestId the caller's X-Request-ID, or null
 * @param actor the ledger's actor (ledger rows), or null
 * @param linkId the signed link the portal acted through (or the refused link's id, when its
 *     signature was good), or null
 * @param linkRefusal why a signed link was refused ({@code LinkRefusal.code()}), or null
 */
public record InteractionRecord(
    long id,
    OffsetDateTime recordedAt,
    String kind,
    String clientId,
    String organization,
    String role,
    String method,
    String interaction,
    String resourceType,
    String resourceId,
    String query,
    Integer status,
    String correlationId,
    String requestId,
    String actor,
    String linkId,
    String linkRefusal) {

  /** The kind of an HTTP interaction's row. */
  public static final String INTERACTION = "interaction";

  /** Bounds on what is kept, the columns' widths. */
  public InteractionRecord {
    clientId = bound(clientId, 128);
    organization = bound(organization, 128);
    method = bound(method, 16);
    interaction = bound(interaction, 64);
    resourceType = bound(resourceType, 64);
    resourceId = bound(resourceId, 64);
    query = bound(query, 512);
    correlationId = bound(correlationId, 128);
    requestId = bound(requestId, 128);
    actor = bound(actor, 256);
    linkId = bound(linkId, 128);
    linkRefusal = bound(linkRefusal, 32);
  }

  private static String bound(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
