package org.pathway.fhiradapter.http;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.pathway.fhiradapter.fhir.FreeText;
import org.pathway.fhiradapter.fhir.Issue;
import org.pathway.fhiradapter.fhir.Outcomes;

/**
 * A request parameter (a search value, {@code _count}...) holding a control character other than
 * tab, CR and LF is 400 naming it, as the same text in a body is ({@link FreeText}): a NUL ({@code
 * %00}) cannot be compared with stored text at all, and reached the database as a 500.
 */
@Interceptor
public final class ParameterText {

  @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
  public boolean check(RequestDetails request) {
    Map<String, String[]> parameters = request.getParameters();
    if (parameters == null) {
      return true;
    }
    for (var parameter : parameters.entrySet()) {
      String name = parameter.getKey();
      if (FreeText.hasControlCharacter(name)) {
        // Not named back: the name itself is what cannot be shown.
        throw refused(null);
      }
      for (String value : parameter.getValue()) {
        if (value != null && FreeText.hasControlCharacter(value)) {
          throw refused(name);
        }
      }
    }
    return true;
  }

  private static InvalidRequestException refused(String parameter) {
    String message =
        "request parameters may not contain control characters other than tab, CR and LF";
    return new InvalidRequestException(
        message, Outcomes.errors(List.of(new Issue(IssueType.VALUE, parameter, message))));
  }
}
