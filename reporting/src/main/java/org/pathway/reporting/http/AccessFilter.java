package org.pathway.reporting.http;

import ca.uhn.fhir.context.FhirContext;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
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
import org.hl7.fhir.r4.model.OperationOutcome;
import org.pathway.access.tokens.Caller;
import org.pathway.access.tokens.TokenVerifier;

/**
 * Applies {@link AccessGate} to the figures API ({@code /api/**}) and the FHIR face ({@code
 * /fhir/**}, except its CapabilityStatement at {@code /fhir/metadata}); puts the verified caller on
 * the request under {@link Caller#REQUEST_ATTRIBUTE}; audits and answers each refusal (FHIR paths
 * with an OperationOutcome).
 */
@ServerFilter({"/api/**", "/fhir/**"})
public final class AccessFilter implements Ordered {

  private final AccessGate gate;
  private final RefusalAudit audit;
  private final FhirContext fhir;
  private final Integer managementPort;

  AccessFilter(
      TokenVerifier verifier,
      RefusalAudit audit,
      FhirContext fhir,
      @Nullable @Property(name = "endpoints.all.port") Integer managementPort) {
    this.gate = new AccessGate(verifier);
    this.audit = audit;
    this.fhir = fhir;
    this.managementPort = managementPort;
  }

  @Override
  public int getOrder() {
    return ServerFilterPhase.SECURITY.order();
  }

  /** Passes the request on with its caller, or refuses it. */
  @RequestFilter
  @ExecuteOn(TaskExecutors.BLOCKING)
  @Nullable
  public HttpResponse<?> guard(HttpRequest<?> request) {
    if (managementPort != null && request.getServerAddress().getPort() == managementPort) {
      return null;
    }
    String path = request.getPath();
    if (path.equals("/fhir/metadata") || path.equals("/fhir/metadata/")) {
      return null;
    }
    AccessGate.Decision decision = gate.decide(request.getHeaders().get(HttpHeaders.AUTHORIZATION));
    if (decision.allowed()) {
      request.setAttribute(Caller.REQUEST_ATTRIBUTE, decision.caller());
      return null;
    }
    audit.refused(
        request.getMethodName(), path, decision.status(), decision.reason(), decision.caller());
    var response =
        HttpResponse.status(HttpStatus.valueOf(decision.status()))
            .header(HttpHeaders.WWW_AUTHENTICATE, decision.challenge())
            .header(HttpHeaders.CACHE_CONTROL, "no-store");
    if (path.startsWith("/fhir")) {
      OperationOutcome outcome = new OperationOutcome();
      outcome
          .addIssue()
          .setSeverity(OperationOutcome.IssueSeverity.ERROR)
          .setCode(
              decision.status() == 401
                  ? OperationOutcome.IssueType.LOGIN
                  : OperationOutcome.IssueType.FORBIDDEN)
          .setDiagnostics(decision.reason());
      return response
          .contentType(FhirMedia.FHIR_JSON)
          .body(fhir.newJsonParser().encodeResourceToString(outcome));
    }
    return response
        .contentType(MediaType.APPLICATION_JSON_TYPE)
        .body(
            Json.error(
                decision.error() == null ? "unauthorized" : decision.error(), decision.reason()));
  }
}
