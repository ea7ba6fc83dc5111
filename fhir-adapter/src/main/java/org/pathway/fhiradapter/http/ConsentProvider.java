package org.pathway.fhiradapter.http;

import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.server.IResourceProvider;
import jakarta.inject.Singleton;
import jakarta.servlet.http.HttpServletRequest;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.IdType;
import org.pathway.fhiradapter.fhir.ConsentWithdrawalReader;
import org.pathway.fhiradapter.ledger.ConsentWithdrawal;

/**
 * {@code POST /fhir/Consent}: the referrer or the link-worker service records that the person
 * withdrew their consent for a referral ({@code status = inactive}, {@code sourceReference} the
 * ServiceRequest). The referral's open Tasks are closed and nothing further is sent about them.
 */
@Singleton
public class ConsentProvider implements IResourceProvider {

  private final ConsentWithdrawal withdrawal;

  public ConsentProvider(ConsentWithdrawal withdrawal) {
    this.withdrawal = withdrawal;
  }

  @Override
  public Class<Consent> getResourceType() {
    return Consent.class;
  }

  @Create
  public MethodOutcome create(@ResourceParam Consent consent, HttpServletRequest req) {
    return Errors.guard(
        () -> {
          String referralId = ConsentWithdrawalReader.referralId(consent);
          var withdrawn = withdrawal.withdraw(consent, referralId, Headers.context(req, null));
          var stored = withdrawn.consent();
          var outcome =
              new MethodOutcome(
                  new IdType("Consent", stored.getIdElement().getIdPart(), "1"), true);
          outcome.setResource(stored);
          return outcome;
        });
  }
}
