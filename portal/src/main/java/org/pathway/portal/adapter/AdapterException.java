package org.pathway.portal.adapter;

import java.util.Optional;
import org.pathway.access.links.LinkRefusal;

/** The adapter did not do what was asked; {@link #kind()} says why in the portal's terms. */
public final class AdapterException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why a call did not succeed. */
  public enum Kind {
    /** The adapter refused the link (403 with a link-refusal code, or none). */
    LINK_REFUSED,
    /** Someone changed the Task since the page was shown (412). */
    CHANGED,
    /** The same X-Request-ID was already answered (409 duplicate). */
    DUPLICATE,
    /** The ledger refused the change itself (400, 409, 422: state machine, rules). */
    REFUSED,
    /** Not found (404): gone, or never the link's. */
    NOT_FOUND,
    /** The adapter is down, slow or answered 5xx; or the portal could not get a token. */
    UNAVAILABLE
  }

  private final Kind kind;
  private final transient LinkRefusal refusal;
  private final int status;

  public AdapterException(Kind kind, LinkRefusal refusal, int status, String message) {
    super(message);
    this.kind = kind;
    this.refusal = refusal;
    this.status = status;
  }

  public Kind kind() {
    return kind;
  }

  /** The link-refusal code the adapter gave, when it gave one. */
  public Optional<LinkRefusal> refusal() {
    return Optional.ofNullable(refusal);
  }

  /** The HTTP status the adapter answered, or 0 when there was no answer. */
  public int status() {
    return status;
  }
}
