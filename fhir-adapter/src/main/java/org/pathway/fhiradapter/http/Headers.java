package org.pathway.fhiradapter.http;

import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;
import org.pathway.access.links.SignedLink;
import org.pathway.access.tokens.Caller;
import org.pathway.fhiradapter.ledger.RequestContext;

/**
 * The BaRS reliability headers, the verified caller and the request attributes the filters leave
 * for providers.
 */
final class Headers {

  static final String REQUEST_ID = "X-Request-ID";
  static final String CORRELATION_ID = "X-Correlation-ID";
  static final String CORRELATION_ATTRIBUTE = "pathway.correlationId";

  /** Ids are echoed into headers, logs and events: keep them short and inert. */
  static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private Headers() {}

  /**
   * The verified caller the authentication filter left on the request, or null when access control
   * is off (benchmark reference only).
   */
  static Caller caller(HttpServletRequest req) {
    return req.getAttribute(Caller.REQUEST_ATTRIBUTE) instanceof Caller c ? c : null;
  }

  /**
   * The request context of a FHIR API call: its caller, who is also the actor named in provenance
   * and audit (for the portal acting on a signed link, the link's recipient); without one, {@code
   * actor} or the remote address.
   */
  static RequestContext context(HttpServletRequest req, String actor) {
    String requestId = req.getHeader(REQUEST_ID);
    String correlation = (String) req.getAttribute(CORRELATION_ATTRIBUTE);
    Caller caller = caller(req);
    SignedLink link = LinkAttributes.link(req);
    if (caller != null && link != null) {
      return RequestContext.viaLink(
          requestId == null || requestId.isBlank() ? null : requestId.trim(),
          correlation,
          caller,
          link);
    }
    String who =
        caller != null ? caller.clientId() : actor != null ? actor : "api:" + req.getRemoteAddr();
    return RequestContext.api(
        requestId == null || requestId.isBlank() ? null : requestId.trim(),
        correlation,
        who,
        caller);
  }
}
