package org.pathway.fhiradapter.ledger;

import java.time.Instant;

/**
 * Task search criteria; null means "any". References are {@code Type/id} tokens.
 *
 * @param limit most rows returned
 */
public record TaskQuery(
    String requester,
    String owner,
    String subject,
    String status,
    String focus,
    String partOf,
    Instant updatedFrom,
    Instant updatedTo,
    int limit) {}
