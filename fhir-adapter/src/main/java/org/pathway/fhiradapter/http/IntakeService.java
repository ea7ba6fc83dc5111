package org.pathway.fhiradapter.http;

import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.pathway.fhiradapter.fhir.BarsMessage;
import org.pathway.fhiradapter.fhir.ReferralReader;
import org.pathway.fhiradapter.fhir.ReferralSubmission;
import org.pathway.fhiradapter.fhir.ReferrerKinds;
import org.pathway.fhiradapter.ledger.LedgerReads;
import org.pathway.fhiradapter.ledger.LedgerRefusedException;
import org.pathway.fhiradapter.ledger.ReferralCancellation;
import org.pathway.fhiradapter.ledger.ReferralIntake;
import org.pathway.fhiradapter.ledger.ReferralIntake.Accepted;
import org.pathway.fhiradapter.ledger.RequestContext;
import org.pathway.fhiradapter.ledger.Visibility;

/**
 * The one path every intake form takes: business rules, then the ledger; and a BaRS message's
 * cancellation, to the ledger's withdrawal.
 */
@Singleton
public class IntakeService {

  private final ReferralIntake intake;
  private final LedgerReads reads;
  private final ProfileCheck profiles;
  private final ReferralCancellation cancellation;

  public IntakeService(
      ReferralIntake intake,
      LedgerReads reads,
      ProfileCheck profiles,
      ReferralCancellation cancellation) {
    this.intake = intake;
    this.cancellation = cancellation;
    this.reads = reads;
    this.profiles = profiles;
  }

  /**
   * A BaRS referral message: the referral with its context, or the withdrawal of one the calling
   * client sent before. The sender must be the calling organisation.
   */
  public BarsResult submit(
      BarsMessage m, java.util.function.Function<String, RequestContext> context) {
    var caller = context.apply(null).caller();
    if (caller != null && !caller.organization().equals(m.senderOrganization())) {
      throw LedgerRefusedException.forbidden(
          "MessageHeader.sender",
          "the sender must be the calling organisation ("
              + caller.organization()
              + "); a client sends only as itself");
    }
    if (m.isCancellation()) {
      var withdrawn =
          cancellation.withdrawByKey(
              m.key().getSystem(),
              m.key().getValue(),
              "ServiceRequest revoked by a BaRS update message",
              context.apply(null));
      return new BarsResult(withdrawn.referralId(), withdrawn.serviceRequest(), false);
    }
    List<Resource> all = new ArrayList<>(List.of(m.serviceRequest()));
    m.contents().byFullUrl().values().stream()
        .filter(r -> r != m.serviceRequest())
        .forEach(all::add);
    profiles.check(all);
    ReferralSubmission s = reader(context).readBars(m);
    Accepted accepted = intake.record(s, context.apply(s.requesterRef()));
    return new BarsResult(accepted.referralId(), accepted.serviceRequest(), accepted.created());
  }

  /**
   * What a BaRS message came to: the referral's id and ServiceRequest as stored.
   *
   * @param created true for a referral recorded by this message
   */
  public record BarsResult(String referralId, ServiceRequest serviceRequest, boolean created) {}

  /** A referral with what came with it; returns the ledger's answer. */
  public Result submit(
      ServiceRequest sr,
      Map<String, Resource> bundled,
      List<Resource> supporting,
      java.util.function.Function<String, RequestContext> context) {
    List<Resource> all = new ArrayList<>(List.of(sr));
    bundled.values().stream().filter(r -> r != sr).forEach(all::add);
    profiles.check(all);
    ReferralSubmission s = reader(context).read(sr, bundled, supporting);
    Accepted accepted = intake.record(s, context.apply(s.requesterRef()));
    return new Result(s, accepted);
  }

  private ReferralReader reader(java.util.function.Function<String, RequestContext> context) {
    // A stored Patient is referred to only by a caller who may see them.
    RequestContext ctx = context.apply(null);
    Visibility tenancy = ctx.visibility();
    // A group passing a Task on names the person of that Task (the ledger holds it to the parent
    // Task's person); it resolves them here without ever being shown them.
    Visibility visibility =
        tenancy.clinical()
            ? tenancy
            : new Visibility(
                tenancy.everything(),
                tenancy.owners(),
                tenancy.requesters(),
                tenancy.parentOwners(),
                true);
    return new ReferralReader(
        id ->
            reads
                .read("Patient", id, visibility)
                .filter(Patient.class::isInstance)
                .map(Patient.class::cast),
        ctx.caller() == null ? null : ReferrerKinds.source(ctx.caller().kind()));
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
