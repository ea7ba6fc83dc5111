package org.pathway.deadletters.ledger;

import java.time.Instant;

/**
 * One operator action on the dead letters, allowed or refused.
 *
 * @param operator the caller's client id, or null when no valid token named one
 * @param action what was asked: {@code LIST}, {@code SHOW}, {@code REPLAY}, {@code DISCARD}, {@code
 *     AUDIT}
 * @param deadLetterId the dead letter concerned, when one was named
 * @param outcome the HTTP status answered (2xx done; 4xx refused)
 * @param detail the reason given, or why it was refused
 */
public record AuditEntry(
    Instant at, String operator, String action, String deadLetterId, int outcome, String detail) {}
