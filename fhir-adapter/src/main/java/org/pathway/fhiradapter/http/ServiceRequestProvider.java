package org.pathway.fhiradapter.http;

import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.inject.Singleton;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.pathway.fhiradapter.ledger.LedgerReads;

/**
 * {@code POST /fhir/ServiceRequest}: a referral on its own (Patient contained or referenced), or a
 * link worker's onward referral. A client repeating a business identifier it sent before gets its
 * original (conditional create on identifier, per client). Read answers only the caller's own.
 */
@Singleton
public class ServiceRequestProvider implements IResourceProvider {

  private final IntakeService intake;
  private final LedgerReads ledger;

  public ServiceRequestProvider(IntakeService intake, LedgerReads ledger) {
    this.intake = intake;
    this.ledger = ledger;
  }

  @Override
  public Class<ServiceRequest> getResourceType() {
    return ServiceRequest.class;
  }

  @Create
  public MethodOutcome create(@ResourceParam ServiceRequest sr, HttpServletRequest req) {
    return Errors.guard(
        () -> {
          var result = intake.submit(sr, Map.of(), List.of(), actor -> Headers.context(req, actor));
          var accepted = result.accepted();
          var outcome =
              new MethodOutcome(
                  new IdType("ServiceRequest", accepted.referralId(), "1"), accepted.created());
          outcome.setResource(accepted.serviceRequest());
          return outcome;
        });
  }

  @Read
  public ServiceRequest read(@IdParam IdType id, HttpServletRequest req) {
    return Errors.guard(
        () -> {
          // Another tenant's referral, and any referral for a caller without clinical sight, is
          // not found: its existence is not revealed.
          return ledger
              .read("ServiceRequest", id.getIdPart(), Headers.context(req, null).visibility())
              .map(ServiceRequest.class::cast)
              .orElseThrow(() -> new ResourceNotFoundException(id));
        });
  }
}
