package org.pathway.fhiradapter.http;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.pathway.fhiradapter.fhir.FreeText;
import org.pathway.fhiradapter.fhir.Issue;
import org.pathway.fhiradapter.fhir.Outcomes;
import org.pathway.fhiradapter.fhir.StoredLengths;

/**
 * Checks what every interaction submits once HAPI has parsed it and before any provider runs: the
 * id in the URL has FHIR's id syntax, and the resource of a create, update, transaction or
 * operation carries no active content in any free text ({@link FreeText}). One hook covers every
 * write path, whichever provider serves it.
 */
@Interceptor
public final class SubmittedContent {

  private final FreeText freeText;

  public SubmittedContent(FreeText freeText) {
    this.freeText = freeText;
  }

  @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
  public void check(RequestDetails request) {
    var id = request.getId();
    if (id != null && id.hasIdPart() && !StoredLengths.FHIR_ID.matcher(id.getIdPart()).matches()) {
      String message = "the id in the URL must be 1-64 of A-Z, a-z, 0-9, '-' and '.'";
      throw new InvalidRequestException(
          message, Outcomes.errors(List.of(new Issue(IssueType.VALUE, null, message))));
    }
    var resource = request.getResource();
    if (resource != null && !plainJson(request)) {
      Errors.guard(
          () -> {
            freeText.refuseActiveContent(resource);
            return null;
          });
    }
  }

  /**
   * A JSON body none of whose strings could be refused: its resource needs no walk. Any other body
   * (XML, or a string that might hold active content) is walked, and the walk decides.
   */
  private static boolean plainJson(RequestDetails request) {
    return RestfulServerUtils.determineRequestEncodingNoDefault(request) == EncodingEnum.JSON
        && FreeText.onlyPlainStrings(request.loadRequestContents());
  }
}
