package org.pathway.fhiradapter.http;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.inject.Singleton;
import jakarta.servlet.http.HttpServletRequest;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.pathway.fhiradapter.ledger.LedgerReads;

/**
 * {@code GET /fhir/Patient/{id}}: the person a referral is for, as {@code ServiceRequest.subject}
 * and {@code Task.for} name them, for a caller with clinical sight of one of their referrals (its
 * referrer, the link-worker service or hub holding it). Anyone else is answered "not found", as for
 * a referral that is not theirs; a community group is refused by its role ({@code
 * authz.InteractionRules}).
 */
@Singleton
public class PatientProvider implements IResourceProvider {

  private final LedgerReads ledger;

  public PatientProvider(LedgerReads ledger) {
    this.ledger = ledger;
  }

  @Override
  public Class<Patient> getResourceType() {
    return Patient.class;
  }

  @Read
  public Patient read(@IdParam IdType id, HttpServletRequest req) {
    return Errors.guard(
        () ->
            ledger
                .read("Patient", id.getIdPart(), Headers.context(req, null).visibility())
                .map(Patient.class::cast)
                .orElseThrow(() -> new ResourceNotFoundException(id)));
  }
}
