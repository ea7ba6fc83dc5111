package org.pathway.fhiradapter.http;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.pathway.access.tokens.Caller;
import org.pathway.access.tokens.InvalidTokenException;
import org.pathway.access.tokens.TokenVerifier;
import org.pathway.fhiradapter.access.ClientRateLimits;
import org.pathway.fhiradapter.fhir.Issue;
import org.pathway.fhiradapter.fhir.Outcomes;

/**
 * Every FHIR interaction but the CapabilityStatement and SMART discovery needs a bearer token: a
 * missing or invalid one is answered 401 (RFC 6750's {@code WWW-Authenticate} and an
 * OperationOutcome); a verified one puts its {@link Caller} on the request. Then the caller's rate
 * limit: over it, 429 with {@code Retry-After}.
 */
final class AccessFilter implements Filter {

  private static final String BEARER = "bearer ";

  private final TokenVerifier verifier;
  private final ClientRateLimits rateLimits;
  private final FhirContext fhir;

  AccessFilter(TokenVerifier verifier, ClientRateLimits rateLimits, FhirContext fhir) {
    this.verifier = verifier;
    this.rateLimits = rateLimits;
    this.fhir = fhir;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    var req = (HttpServletRequest) request;
    var res = (HttpServletResponse) response;
    if (isPublic(req)) {
      chain.doFilter(request, response);
      return;
    }
    String header = req.getHeader("Authorization");
    if (header == null
        || header.length() <= BEARER.length()
        || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      // RFC 6750 section 3.1: a request with no credentials gets the challenge without an error.
      res.setHeader("WWW-Authenticate", "Bearer realm=\"pathway\"");
      refuse(res, 401, new Issue(IssueType.LOGIN, null, "a bearer access token is required"));
      return;
    }
    Caller caller;
    try {
      caller = verifier.verify(header.substring(BEARER.length()).trim());
    } catch (InvalidTokenException e) {
      unauthorized(res, e.getMessage());
      return;
    }
    req.setAttribute(Caller.REQUEST_ATTRIBUTE, caller);
    Duration wait = rateLimits.take(caller.clientId());
    if (!wait.isZero()) {
      // Whole seconds, rounded up: Retry-After has no finer unit.
      long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
      res.setHeader("Retry-After", Long.toString(seconds));
      refuse(
          res,
          429,
          new Issue(
              IssueType.THROTTLED,
              null,
              "client "
                  + caller.clientId()
                  + " is over its rate limit; retry after "
                  + seconds
                  + " s"));
      return;
    }
    chain.doFilter(request, response);
  }

  /** The CapabilityStatement and SMART discovery: public, as the SMART specification expects. */
  static boolean isPublic(HttpServletRequest req) {
    if (!"GET".equals(req.getMethod()) && !"HEAD".equals(req.getMethod())) {
      return false;
    }
    String path = req.getRequestURI();
    return "/fhir/metadata".equals(path) || "/fhir/.well-known/smart-configuration".equals(path);
  }

  private void unauthorized(HttpServletResponse res, String why) throws IOException {
    res.setHeader(
        "WWW-Authenticate",
        "Bearer realm=\"pathway\", error=\"invalid_token\", error_description=\""
            + why.replaceAll("[^ !#-\\[\\]-~]", "?")
            + "\"");
    refuse(res, 401, new Issue(IssueType.LOGIN, null, why));
  }

  private void refuse(HttpServletResponse res, int status, Issue issue) throws IOException {
    res.setStatus(status);
    res.setContentType("application/fhir+json;charset=utf-8");
    String body = fhir.newJsonParser().encodeResourceToString(Outcomes.errors(List.of(issue)));
    res.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
  }
}
