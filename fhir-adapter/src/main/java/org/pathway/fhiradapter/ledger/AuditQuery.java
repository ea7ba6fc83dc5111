package org.pathway.fhiradapter.ledger;

import java.time.OffsetDateTime;

/**
 * A search of the audit: every criterion null for "any".
 *
 * @param from recorded at or after
 * @param to recorded before
 * @param clientId the calling client
 * @param outcome AuditEvent's outcome code: 0 success (below 400, and the ledger's own rows), 4
 *     refused (4xx), 8 failed (5xx)
 * @param after where the page before ended (this page starts after it, newest first), or null
 * @param limit the most rows returned, newest first
 */
public record AuditQuery(
    OffsetDateTime from,
    OffsetDateTime to,
    String clientId,
    Integer outcome,
    PageCursor after,
    int limit) {}
