package org.pathway.fhiradapter.ledger;

import org.pathway.access.links.LinkPurpose;
import org.pathway.access.links.SignedLink;
import org.pathway.access.tokens.Caller;

/**
 * Who asked for a ledger change and under which BaRS ids.
 *
 * @param requestId the caller's X-Request-ID, or null
 * @param correlationId the X-Correlation-ID (echoed or generated), carried on every event
 * @param actor who made the change, for audit and provenance
 * @param causationId the event that caused this change, when an applied event did
 * @param caller the verified API caller, or null when Pathway itself makes the change (the applier
 *     applying a router decision or a notifier receipt, the SLA watch)
 * @param link the signed link the portal acted through, for its recipient ({@code caller} is then
 *     that recipient in the link's role); null otherwise
 */
public record RequestContext(
    String requestId,
    String correlationId,
    String actor,
    String causationId,
    Caller caller,
    SignedLink link) {

  /** The actor named when the person themselves acted, through their own status link. */
  public static final String PERSON = "the person";

  /** The client id of rows written before clients were known, and of Pathway's own changes. */
  public static final String NO_CLIENT = "unknown";

  /** A change Pathway makes itself, with no API caller. */
  public RequestContext(String requestId, String correlationId, String actor, String causationId) {
    this(requestId, correlationId, actor, causationId, null, null);
  }

  /** A change made over the FHIR API by {@code caller}. */
  public static RequestContext api(
      String requestId, String correlationId, String actor, Caller caller) {
    return new RequestContext(requestId, correlationId, actor, null, caller, null);
  }

  /**
   * A change made over the FHIR API by the portal through {@code link}: the actor is the link's
   * recipient, said to have acted via the link; through a person's own status link, the person
   * (only they hold it), via the organisation that forwarded their referral.
   */
  public static RequestContext viaLink(
      String requestId, String correlationId, Caller recipient, SignedLink link) {
    String who =
        link.purpose() == LinkPurpose.REFERRAL_STATUS
            ? PERSON + " (" + link.recipient() + ")"
            : link.recipient();
    String actor = who + " via signed link " + link.linkId() + " (" + recipient.clientId() + ")";
    return new RequestContext(requestId, correlationId, actor, null, recipient, link);
  }

  /** The client whose X-Request-IDs and business identifiers this change is scoped to. */
  public String clientId() {
    return caller == null ? NO_CLIENT : caller.clientId();
  }

  /** What this caller may see of the ledger. */
  public Visibility visibility() {
    return Visibility.of(caller);
  }
}
