package org.pathway.fhiradapter.http;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.method.BaseMethodBinding;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.pathway.fhiradapter.fhir.Issue;
import org.pathway.fhiradapter.fhir.Outcomes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catch-all for the FHIR server: an unexpected failure answers 500 with an OperationOutcome
 * that carries only the correlation id, never the exception's text (which may hold SQL, a stack or
 * a class name). The details go to the log under the same correlation id. HAPI's own refusals keep
 * their words but lose the framework's message codes.
 */
@Interceptor
public final class InternalErrors {

  private static final Logger LOG = LoggerFactory.getLogger(InternalErrors.class);
  private static final Pattern FRAMEWORK_CODE = Pattern.compile("HAPI-\\d+:\\s*");

  @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
  public BaseServerResponseException conceal(Throwable thrown, HttpServletRequest request) {
    Object correlation = request.getAttribute(Headers.CORRELATION_ATTRIBUTE);
    var answer = answerFor(thrown, correlation == null ? "none" : correlation.toString());
    if (answer != null && answer.getStatusCode() == 500) {
      LOG.error(
          "internal error on {} {} (correlation id {})",
          request.getMethod(),
          request.getRequestURI(),
          correlation,
          thrown);
    }
    return answer;
  }

  /**
   * What the caller is told of {@code thrown}: null (HAPI's own answer stands) for a deliberate
   * refusal or outage, else a generic 500 naming only {@code correlationId}.
   */
  static BaseServerResponseException answerFor(Throwable thrown, String correlationId) {
    if (thrown instanceof BaseServerResponseException answer && answer.getStatusCode() != 500) {
      // Deliberate answers (4xx, the ledger's 503) carry messages written for the caller; HAPI's
      // own lose the "HAPI-nnnn:" codes that would name the framework.
      if (answer.getOperationOutcome() == null && answer.getMessage() != null) {
        String message = FRAMEWORK_CODE.matcher(answer.getMessage()).replaceAll("");
        answer.setOperationOutcome(
            Outcomes.errors(List.of(new Issue(issueType(answer.getStatusCode()), null, message))));
      }
      return null;
    }
    if (thrown instanceof DataFormatException && readingTheRequestsParameters(thrown)) {
      // HAPI reads a search value it cannot parse (a date, number or quantity) with its parser's
      // exception rather than a refusal: the caller's mistake, not the server's.
      String message = FRAMEWORK_CODE.matcher(String.valueOf(thrown.getMessage())).replaceAll("");
      return new InvalidRequestException(
          message, Outcomes.errors(List.of(new Issue(IssueType.INVALID, null, message))));
    }
    String message = "internal error; quote correlation id " + correlationId + " to the operator";
    return new InternalErrorException(
        message, Outcomes.errors(List.of(new Issue(IssueType.EXCEPTION, null, message))));
  }

  // Thrown while HAPI turned the request's parameters into the method's arguments.
  private static boolean readingTheRequestsParameters(Throwable thrown) {
    for (StackTraceElement frame : thrown.getStackTrace()) {
      if (frame.getClassName().equals(BaseMethodBinding.class.getName())
          && frame.getMethodName().equals("createMethodParams")) {
        return true;
      }
    }
    return false;
  }

  private static IssueType issueType(int status) {
    return switch (status) {
      case 401, 403 -> IssueType.SECURITY;
      case 404, 410 -> IssueType.NOTFOUND;
      case 405, 501 -> IssueType.NOTSUPPORTED;
      case 409, 412 -> IssueType.CONFLICT;
      default -> IssueType.PROCESSING;
    };
  }
}
