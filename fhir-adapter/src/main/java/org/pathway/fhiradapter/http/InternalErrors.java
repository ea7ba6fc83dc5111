package org.pathway.fhiradapter.http;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.pathway.fhiradapter.fhir.Issue;
import org.pathway.fhiradapter.fhir.Outcomes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catch-all for the FHIR server: an unexpected failure answers 500 with an OperationOutcome
 * that carries only the correlation id, never the exception's text (which may hold SQL, a stack or
 * a class name). The details go to the log under the same correlation id.
 */
@Interceptor
public final class InternalErrors {

  private static final Logger LOG = LoggerFactory.getLogger(InternalErrors.class);

  @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
  public BaseServerResponseException conceal(Throwable thrown, HttpServletRequest request) {
    if (thrown instanceof BaseServerResponseException answer && answer.getStatusCode() != 500) {
      // Deliberate answers (4xx, the ledger's 503) carry messages written for the caller.
      return null;
    }
    Object correlation = request.getAttribute(Headers.CORRELATION_ATTRIBUTE);
    LOG.error(
        "internal error on {} {} (correlation id {})",
        request.getMethod(),
        request.getRequestURI(),
        correlation,
        thrown);
    String message = "internal error; quote correlation id " + correlation + " to the operator";
    return new InternalErrorException(
        message, Outcomes.errors(List.of(new Issue(IssueType.EXCEPTION, null, message))));
  }
}
