package org.pathway.access.links;

import java.util.Arrays;
import java.util.Optional;

/**
 * Why a signed link was not honoured. The code travels in the adapter's OperationOutcome, so the
 * portal can show the page that explains it.
 */
public enum LinkRefusal {
  /** Not a signed link at all, or missing claims. */
  MALFORMED("malformed"),
  /** Signed with a key Pathway does not hold (forged, or its key retired). */
  UNKNOWN_KEY("unknown-key"),
  /** Altered after signing. */
  BAD_SIGNATURE("bad-signature"),
  /** Past its expiry. */
  EXPIRED("expired"),
  /** Withdrawn: the referral was cancelled, or the Task is no longer the recipient's. */
  REVOKED("revoked"),
  /** Used for a Task, or an action, it was not issued for. */
  NOT_FOR_THIS("not-for-this");

  private final String code;

  LinkRefusal(String code) {
    this.code = code;
  }

  /** The refusal as written in an OperationOutcome, e.g. {@code expired}. */
  public String code() {
    return code;
  }

  /** The refusal a code names. */
  public static Optional<LinkRefusal> fromCode(String code) {
    return Arrays.stream(values()).filter(r -> r.code.equals(code)).findFirst();
  }
}
