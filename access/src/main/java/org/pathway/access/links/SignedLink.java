package org.pathway.access.links;

import java.time.Instant;
import java.util.Objects;

/**
 * What a signed link says, once its signature and expiry have been checked. Nothing here is
 * personal: ledger ids, a directory id and times.
 *
 * @param linkId the link's own id ({@code jti}), for audit and for telling answers apart
 * @param taskId the ledger id of the one Task the link is about
 * @param recipient the directory id (or ODS code) of the organisation the link was sent to
 * @param purpose what the recipient may do with it
 * @param issuedAt when it was issued
 * @param expiresAt when it stops working
 */
public record SignedLink(
    String linkId,
    String taskId,
    String recipient,
    LinkPurpose purpose,
    Instant issuedAt,
    Instant expiresAt) {

  public SignedLink {
    Objects.requireNonNull(linkId, "linkId");
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (!expiresAt.isAfter(issuedAt)) {
      throw new IllegalArgumentException("a link must expire after it is issued");
    }
  }
}
