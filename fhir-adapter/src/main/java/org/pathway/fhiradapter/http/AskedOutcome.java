package org.pathway.fhiradapter.http;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.PreferReturnEnum;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import java.util.Set;
import org.pathway.fhiradapter.fhir.Outcomes;

/**
 * FHIR's {@code Prefer: return=OperationOutcome} on a create or update: the answer is an
 * OperationOutcome saying what was done. HAPI answers with the outcome the method returned, and as
 * Pathway's methods return none (what was written is in the Location and ETag), the body was empty.
 */
@Interceptor
public final class AskedOutcome {

  private static final Set<RestOperationTypeEnum> CHANGES =
      Set.of(RestOperationTypeEnum.CREATE, RestOperationTypeEnum.UPDATE);

  @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
  public boolean answer(RequestDetails request, ResponseDetails response) {
    String prefer = request.getHeader(Constants.HEADER_PREFER);
    if (prefer != null
        && response.getResponseResource() == null
        && CHANGES.contains(request.getRestOperationType())
        && RestfulServerUtils.parsePreferHeader(prefer).getReturn()
            == PreferReturnEnum.OPERATION_OUTCOME) {
      response.setResponseResource(Outcomes.information(said(request, response)));
    }
    return true;
  }

  private static String said(RequestDetails request, ResponseDetails response) {
    String type = request.getResourceName();
    if (request.getRestOperationType() == RestOperationTypeEnum.UPDATE) {
      return type + " updated";
    }
    return response.getResponseCode() == Constants.STATUS_HTTP_201_CREATED
        ? type + " created"
        : type + " already held (a conditional create's match): nothing was written";
  }
}
