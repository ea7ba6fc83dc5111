package org.pathway.fhiradapter.http;

import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;
import org.pathway.fhiradapter.ledger.RequestContext;

/**
 * The BaRS reliability headers and the request attributes the limit filter leaves for providers.
 */
final class Headers {

  static final String REQUEST_ID = "X-Request-ID";
  static final String CORRELATION_ID = "X-Correlation-ID";
  static final String CORRELATION_ATTRIBUTE = "pathway.correlationId";

  /** Ids are echoed into headers, logs and events: keep them short and inert. */
  static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private Headers() {}

  /** The request context of a FHIR API call. */
  static RequestContext context(HttpServletRequest req, String actor) {
    String requestId = req.getHeader(REQUEST_ID);
    String correlation = (String) req.getAttribute(CORRELATION_ATTRIBUTE);
    return RequestContext.api(
        requestId == null || requestId.isBlank() ? null : requestId.trim(),
        correlation,
        actor != null ? actor : "api:" + req.getRemoteAddr());
  }
}
