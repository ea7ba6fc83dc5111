package org.pathway.fhiradapter.http;

import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.pathway.fhiradapter.fhir.ReferralReader;
import org.pathway.fhiradapter.fhir.ReferralSubmission;
import org.pathway.fhiradapter.ledger.LedgerReads;
import org.pathway.fhiradapter.ledger.ReferralIntake;
import org.pathway.fhiradapter.ledger.ReferralIntake.Accepted;
import org.pathway.fhiradapter.ledger.RequestContext;
import org.pathway.fhiradapter.ledger.Visibility;

/** The one path every intake form takes: business rules, then the ledger. */
@Singleton
public class IntakeService {

  private final ReferralIntake intake;
  private final LedgerReads reads;
  private final ProfileCheck profiles;

  public IntakeService(ReferralIntake intake, LedgerReads reads, ProfileCheck profiles) {
    this.intake = intake;
    this.reads = reads;
    this.profiles = profiles;
  }

  /** A referral with what came with it; returns the ledger's answer. */
  public Result submit(
      ServiceRequest sr,
      Map<String, Resource> bundled,
      List<Resource> supporting,
      java.util.function.Function<String, RequestContext> context) {
    List<Resource> all = new ArrayList<>(List.of(sr));
    bundled.values().stream().filter(r -> r != sr).forEach(all::add);
    profiles.check(all);
    // A stored Patient is referred to only by a caller who may see them.
    Visibility visibility = context.apply(null).visibility();
    var reader =
        new ReferralReader(
            id ->
                reads
                    .read("Patient", id, visibility)
                    .filter(Patient.class::isInstance)
                    .map(Patient.class::cast));
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
