package org.pathway.fhiradapter.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pathway.access.tokens.Caller;
import org.pathway.fhiradapter.ledger.InteractionLog;
import org.pathway.fhiradapter.ledger.InteractionRecord;
import org.pathway.fhiradapter.ledger.LedgerTx;

/**
 * Records every interaction, refusals included, after it is answered: the caller the access filter
 * verified (none for a 401; for the portal acting on a signed link, the portal's client id with the
 * link's recipient and role, and the link id), what was asked, the status, the correlation and
 * request ids, and why a link was refused. Sits after the correlation filter and before the access
 * filter, so it sees every answer.
 */
final class AuditFilter implements Filter {

  /** The id HAPI puts in {@code Location} after a create: {@code .../Type/id/_history/n}. */
  private static final Pattern LOCATION_ID =
      Pattern.compile("/([A-Za-z]+)/([A-Za-z0-9.-]{1,64})(/_history/.*)?$");

  /** Where the token endpoint leaves the client a token request came from. */
  static final String TOKEN_CLIENT = "pathway.tokenClient";

  private final InteractionLog log;

  AuditFilter(InteractionLog log) {
    this.log = log;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    var req = (HttpServletRequest) request;
    var res = (HttpServletResponse) response;
    int status = 500;
    try {
      chain.doFilter(request, response);
      status = res.getStatus();
    } finally {
      log.record(record(req, res, status));
    }
  }

  private static InteractionRecord record(
      HttpServletRequest req, HttpServletResponse res, int status) {
    var asked = AskedInteraction.of(req.getMethod(), req.getRequestURI());
    String id = asked.id();
    if ("create".equals(asked.interaction()) && status < 300) {
      String location = res.getHeader("Location");
      Matcher m = location == null ? null : LOCATION_ID.matcher(location);
      if (m != null && m.find()) {
        id = m.group(2);
      }
    }
    var caller = (Caller) req.getAttribute(Caller.REQUEST_ATTRIBUTE);
    String clientId = caller != null ? caller.clientId() : tokenClient(req);
    String requestId = req.getHeader(Headers.REQUEST_ID);
    if (requestId != null && !Headers.SAFE_ID.matcher(requestId.trim()).matches()) {
      requestId = null;
    }
    return new InteractionRecord(
        0,
        LedgerTx.now(),
        InteractionRecord.INTERACTION,
        clientId,
        caller == null ? null : caller.organization(),
        caller == null ? null : caller.role().code(),
        req.getMethod(),
        asked.interaction(),
        asked.resourceType(),
        id,
        req.getQueryString(),
        status,
        (String) req.getAttribute(Headers.CORRELATION_ATTRIBUTE),
        requestId == null ? null : requestId.trim(),
        null,
        LinkAttributes.linkId(req),
        LinkAttributes.refusalCode(req));
  }

  /** For a token request, the client the token endpoint named (as claimed, when refused). */
  private static String tokenClient(HttpServletRequest req) {
    return req.getAttribute(TOKEN_CLIENT) instanceof String client ? client : null;
  }
}
