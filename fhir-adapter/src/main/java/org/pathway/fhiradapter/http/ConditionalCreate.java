package org.pathway.fhiradapter.http;

import jakarta.inject.Singleton;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.pathway.fhiradapter.fhir.IdentifierCriteria;
import org.pathway.fhiradapter.ledger.LedgerReads;

/**
 * FHIR's conditional create of a referral, for a POST's If-None-Exist and a transaction entry's
 * {@code request.ifNoneExist} alike: the referral the caller can see that the criteria match, if
 * one, so the request is answered with it and writes nothing; two or more are 412.
 */
@Singleton
class ConditionalCreate {

  private final LedgerReads ledger;

  ConditionalCreate(LedgerReads ledger) {
    this.ledger = ledger;
  }

  /**
   * The referral {@code criteria} match, where {@code where} names them in a refusal.
   *
   * @throws ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException when several match
   */
  Optional<ServiceRequest> held(String criteria, String where, HttpServletRequest req) {
    var found =
        ledger.serviceRequestsByIdentifier(
            IdentifierCriteria.ofConditionalUrl(criteria, where),
            Headers.context(req, null).visibility(),
            2);
    if (found.size() > 1) {
      throw Errors.preconditionFailed(where, "more than one referral matches " + criteria);
    }
    return found.stream().findFirst();
  }
}
