package org.pathway.fhiradapter.http;

import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.method.BaseMethodBinding;
import ca.uhn.fhir.rest.server.method.SearchMethodBinding;
import ca.uhn.fhir.rest.server.method.SortParameter;
import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.pathway.fhiradapter.fhir.Issue;
import org.pathway.fhiradapter.fhir.Outcomes;

/**
 * A {@code _sort} sent to a search that does not sort is 400 naming it. HAPI lets every search take
 * {@code _sort} and, where the search declares none, drops it while the answer's self link repeats
 * it, as if it had been applied; a client would read the order it asked for into an order it did
 * not get. Searches that sort say which sorts they answer themselves (Task, Communication).
 */
final class UnansweredSort {

  private UnansweredSort() {}

  static void check(BaseMethodBinding binding, RequestDetails request) {
    if (!(binding instanceof SearchMethodBinding)
        || request.getParameters() == null
        || !request.getParameters().containsKey(Constants.PARAM_SORT)) {
      return;
    }
    if (binding.getParameters().stream().noneMatch(SortParameter.class::isInstance)) {
      String why =
          request.getResourceName()
              + " searches are answered in one order only: _sort is not taken";
      throw new InvalidRequestException(
          why, Outcomes.errors(List.of(new Issue(IssueType.NOTSUPPORTED, "_sort", why))));
    }
  }
}
