package org.pathway.deadletters.http;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.Locale;
import org.pathway.access.tokens.InvalidTokenException;
import org.pathway.access.tokens.TokenVerifier;
import org.pathway.deadletters.office.DeadLetterOffice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audits the dead-letter API's requests that {@code management-guard} refused (no token, a bad one,
 * a caller who is not an operator), naming the client when its token was valid. Runs before the
 * guard, so it sees the guard's answer on the way out.
 */
@ServerFilter(DeadLetterController.BASE + "/**")
@Requires(beans = DeadLetterOffice.class)
public final class RefusalAuditFilter implements Ordered {

  private static final Logger LOG = LoggerFactory.getLogger(RefusalAuditFilter.class);

  private final DeadLetterOffice office;
  private final TokenVerifier verifier;

  RefusalAuditFilter(DeadLetterOffice office, TokenVerifier verifier) {
    this.office = office;
    this.verifier = verifier;
  }

  @Override
  public int getOrder() {
    return ServerFilterPhase.SECURITY.before();
  }

  /** A 401 or 403 from the guard becomes an audit entry. */
  @ResponseFilter
  @ExecuteOn(TaskExecutors.BLOCKING)
  public void auditRefusal(HttpRequest<?> request, MutableHttpResponse<?> response) {
    int status = response.code();
    if (status != 401 && status != 403) {
      return;
    }
    String path = request.getPath();
    String[] parts = path.substring(DeadLetterController.BASE.length()).split("/");
    String id =
        parts.length > 1 && !parts[1].isEmpty() && !"audit".equals(parts[1]) ? parts[1] : null;
    String action = action(request.getMethodName(), parts);
    try {
      office.auditRefusal(
          caller(request.getHeaders().get(HttpHeaders.AUTHORIZATION)),
          action,
          id,
          status,
          status == 401 ? "no valid bearer token" : "not an operator");
    } catch (RuntimeException e) {
      // The refusal stands; only its audit failed, which the log keeps instead.
      LOG.error("could not audit a refused {} {} ({})", request.getMethodName(), path, status, e);
    }
  }

  private static String action(String method, String[] parts) {
    if ("POST".equals(method) && parts.length > 2) {
      return parts[2].toUpperCase(Locale.ROOT);
    }
    if (parts.length > 1 && "audit".equals(parts[1])) {
      return "AUDIT";
    }
    return parts.length > 1 && !parts[1].isEmpty() ? "SHOW" : "LIST";
  }

  private String caller(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "bearer ", 0, 7)) {
      return null;
    }
    try {
      return verifier.verify(authorization.substring(7).trim()).clientId();
    } catch (InvalidTokenException e) {
      return null;
    }
  }
}
