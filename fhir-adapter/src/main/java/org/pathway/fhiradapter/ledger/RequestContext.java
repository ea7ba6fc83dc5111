package org.pathway.fhiradapter.ledger;

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
 */
public record RequestContext(
    String requestId, String correlationId, String actor, String causationId, Caller caller) {

  /** The client id of rows written before clients were known, and of Pathway's own changes. */
  public static final String NO_CLIENT = "unknown";

  /** A change Pathway makes itself, with no API caller. */
  public RequestContext(String requestId, String correlationId, String actor, String causationId) {
    this(requestId, correlationId, actor, causationId, null);
  }

  /** A change made over the FHIR API by {@code caller}. */
  public static RequestContext api(
      String requestId, String correlationId, String actor, Caller caller) {
    return new RequestContext(requestId, correlationId, actor, null, caller);
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
