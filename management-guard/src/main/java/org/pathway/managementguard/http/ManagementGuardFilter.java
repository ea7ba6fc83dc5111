package org.pathway.managementguard.http;

import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpAttributes;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import org.pathway.access.tokens.TokenVerifier;
import org.pathway.managementguard.policy.ManagementGate;
import org.pathway.managementguard.policy.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@link ManagementGate} to every request on the service's management port: Micronaut's
 * port, which serves only management endpoints, or, in a service that serves its own pages on
 * Micronaut's port (the portal), the port {@code endpoints.all.port} gives the endpoints. Uses
 * whichever {@link TokenVerifier} bean the service has: the adapter's own, or the one {@code
 * wiring.ManagementTokenVerifierFactory} builds.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public final class ManagementGuardFilter implements Ordered {

  private static final Logger LOG = LoggerFactory.getLogger(ManagementGuardFilter.class);

  private final ManagementGate gate;
  private final Integer managementPort;

  ManagementGuardFilter(
      TokenVerifier verifier,
      @Nullable @Property(name = "endpoints.all.port") Integer managementPort) {
    this.gate = new ManagementGate(verifier);
    this.managementPort = managementPort;
  }

  /** With the security filters: before any endpoint or metrics filter sees the request. */
  @Override
  public int getOrder() {
    return ServerFilterPhase.SECURITY.order();
  }

  /** Passes the request on (with the operator as principal), or answers 401/403 itself. */
  @RequestFilter
  @ExecuteOn(TaskExecutors.BLOCKING)
  @Nullable
  public HttpResponse<?> guard(HttpRequest<?> request) {
    if (managementPort != null && request.getServerAddress().getPort() != managementPort) {
      // The service's own port (the portal's pages): Micronaut serves no endpoint there.
      return null;
    }
    Verdict verdict =
        gate.decide(request.getPath(), request.getHeaders().get(HttpHeaders.AUTHORIZATION));
    if (verdict instanceof Verdict.Pass pass) {
      pass.operator()
          .ifPresent(c -> request.setAttribute(HttpAttributes.PRINCIPAL, new OperatorPrincipal(c)));
      return null;
    }
    Verdict.Refuse refuse = (Verdict.Refuse) verdict;
    LOG.info(
        "management request {} {} refused {}: {}",
        request.getMethodName(),
        request.getPath(),
        refuse.status(),
        refuse.description());
    return HttpResponse.status(HttpStatus.valueOf(refuse.status()))
        .header(HttpHeaders.WWW_AUTHENTICATE, refuse.challenge())
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .contentType(MediaType.APPLICATION_JSON_TYPE)
        .body(body(refuse));
  }

  private static String body(Verdict.Refuse refuse) {
    StringBuilder json = new StringBuilder("{");
    if (refuse.error() != null) {
      json.append("\"error\":\"").append(escape(refuse.error())).append("\",");
    }
    return json.append("\"error_description\":\"")
        .append(escape(refuse.description()))
        .append("\"}")
        .toString();
  }

  private static String escape(String s) {
    StringBuilder out = new StringBuilder();
    for (char c : String.valueOf(s).toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
