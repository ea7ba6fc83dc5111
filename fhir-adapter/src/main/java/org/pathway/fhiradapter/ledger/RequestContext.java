package org.pathway.fhiradapter.ledger;

/**
 * Who asked for a ledger change and under which BaRS ids.
 *
 * @param requestId the caller's X-Request-ID, or null
 * @param correlationId the X-Correlation-ID (echoed or generated), carried on every event
 * @param actor who made the change, for audit and provenance
 * @param causationId the event that caused this change, when an applied event did
 */
public record RequestContext(
    String requestId, String correlationId, String actor, String causationId) {

  /** A change made over the FHIR API. */
  public static RequestContext api(String requestId, String correlationId, String actor) {
    return new RequestContext(requestId, correlationId, actor, null);
  }
}
