package org.pathway.fhiradapter.http;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.pathway.fhiradapter.fhir.Issue;
import org.pathway.fhiradapter.fhir.ProfileValidator;
import org.pathway.fhiradapter.fhir.ReferralReader;
import org.pathway.fhiradapter.fhir.ReferralSubmission;
import org.pathway.fhiradapter.fhir.RequestRejectedException;
import org.pathway.fhiradapter.ledger.LedgerReads;
import org.pathway.fhiradapter.ledger.ReferralIntake;
import org.pathway.fhiradapter.ledger.ReferralIntake.Accepted;
import org.pathway.fhiradapter.ledger.RequestContext;

/** The one path every intake form takes: business rules, then the ledger. */
@Singleton
public class IntakeService {

  private final ReferralIntake intake;
  private final ReferralReader reader;
  private final ProfileValidator validator;

  public IntakeService(
      ReferralIntake intake, LedgerReads reads, @Nullable ProfileValidator validator) {
    this.intake = intake;
    this.validator = validator;
    this.reader =
        new ReferralReader(
            id ->
                reads
                    .read("Patient", id)
                    .filter(Patient.class::isInstance)
                    .map(Patient.class::cast));
  }

  /** A referral with what came with it; returns the ledger's answer. */
  public Result submit(
      ServiceRequest sr,
      Map<String, Resource> bundled,
      List<Resource> supporting,
      java.util.function.Function<String, RequestContext> context) {
    if (validator != null) {
      List<Issue> issues = new ArrayList<>(validator.validate(sr));
      for (Resource r : bundled.values()) {
        if (r != sr) {
          issues.addAll(validator.validate(r));
        }
      }
      if (!issues.isEmpty()) {
        throw new RequestRejectedException(RequestRejectedException.Reason.INVALID, issues);
      }
    }
    ReferralSubmission s = reader.read(sr, bundled, supporting);
    Accepted accepted = intake.record(s, context.apply(s.requesterRef()));
    return new Result(s, accepted);
  }

  /** What was submitted and what the ledger made of it. */
  public record Result(ReferralSubmission submission, Accepted accepted) {
    /** The Patient the ledger stored for a new referral, if it stored one. */
    public Optional<Patient> storedPatient() {
      return accepted.created() && submission.existingPatientId() == null
          ? Optional.of(submission.patient())
          : Optional.empty();
    }
  }
}
