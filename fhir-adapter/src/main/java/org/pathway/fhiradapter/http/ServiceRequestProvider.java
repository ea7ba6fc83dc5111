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
 * link worker's onward referral. A repeat of a held business identifier answers with the original
 * (conditional create on identifier).
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
          var found =
              ledger
                  .read("ServiceRequest", id.getIdPart())
                  .map(ServiceRequest.class::cast)
                  .orElseThrow(() -> new ResourceNotFoundException(id));
          ledger.auditRead("read", "ServiceRequest", id.getIdPart(), Headers.context(req, null));
          return found;
        });
  }
}
