package org.pathway.fhiradapter.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestIntent;
import org.junit.jupiter.api.Test;
import org.pathway.events.vocabulary.IdentifierSystems;
import org.pathway.fhiradapter.support.Fixtures;

/** How a BaRS message Bundle is read: what it asks, what it is keyed by, what is refused. */
class BarsMessageTest {

  static final String SR_ID = "5c0f6a1e-2b7d-4c3a-9e41-000000000002";

  static Bundle referral() {
    return Fixtures.parse(Bundle.class, "bars-referral-20-supporting.json");
  }

  static List<String> expressions(RequestRejectedException e) {
    return e.issues().stream().map(Issue::expression).toList();
  }

  static RequestRejectedException refusal(Bundle b) {
    try {
      BarsMessage.read(b);
    } catch (RequestRejectedException e) {
      return e;
    }
    throw new AssertionError("the message was not refused");
  }

  @Test
  void readsANewReferralKeyedByItsSendersServiceRequestIdScopedBySender() {
    BarsMessage m = BarsMessage.read(referral());

    assertThat(m.reason()).isEqualTo(BarsMessage.Reason.NEW);
    assertThat(m.isCancellation()).isFalse();
    assertThat(m.senderOrganization()).isEqualTo("A81001");
    assertThat(m.key().getSystem()).isEqualTo(IdentifierSystems.BARS_REFERRAL);
    assertThat(m.key().getValue()).isEqualTo("A81001:" + SR_ID);
    assertThat(m.serviceRequest().getIntent()).isEqualTo(ServiceRequestIntent.PLAN);
  }

  @Test
  void keepsEveryOneOfTheTwentySupportingResourcesAsContext() {
    BarsMessage m = BarsMessage.read(referral());

    assertThat(m.contents().supporting()).hasSize(20);
    assertThat(m.contents().supporting().stream().map(Resource::fhirType).distinct())
        .containsExactlyInAnyOrder(
            "Encounter",
            "CarePlan",
            "Observation",
            "Condition",
            "MedicationStatement",
            "Flag",
            "Consent",
            "Practitioner",
            "PractitionerRole",
            "Organization",
            "HealthcareService",
            "Task");
  }

  @Test
  void readsAnUpdateRevokingTheServiceRequestAsACancellationOfTheSameKey() {
    Bundle cancel = Fixtures.parse(Bundle.class, "bars-referral-cancellation.json");

    BarsMessage m = BarsMessage.read(cancel);

    assertThat(m.isCancellation()).isTrue();
    assertThat(m.key().getValue()).isEqualTo(BarsMessage.read(referral()).key().getValue());
  }

  @Test
  void refusesAValidationRequestNamingItsCategory() {
    var e = refusal(Fixtures.parse(Bundle.class, "bad/msg-bars-validation-request.json"));

    assertThat(expressions(e)).containsExactly("ServiceRequest.category[0]");
    assertThat(e.issues().get(0).message()).contains("validation");
  }

  @Test
  void refusesABookingNamingTheMessageEvent() {
    var e = refusal(Fixtures.parse(Bundle.class, "bad/msg-bars-booking-request.json"));

    assertThat(expressions(e)).containsExactly("MessageHeader.event");
    assertThat(e.issues().get(0).type())
        .isEqualTo(org.hl7.fhir.r4.model.OperationOutcome.IssueType.NOTSUPPORTED);
  }

  @Test
  void refusesAnUpdateThatDoesNotRevokeTheReferral() {
    Bundle update = Fixtures.parse(Bundle.class, "bars-referral-cancellation.json");
    ((ServiceRequest) update.getEntry().get(1).getResource())
        .setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);

    assertThat(expressions(refusal(update))).containsExactly("ServiceRequest.status");
  }

  @Test
  void refusesAnUnknownReasonAndASenderWithoutAnOdsCode() {
    Bundle odd = referral();
    var header = (MessageHeader) odd.getEntryFirstRep().getResource();
    header.getReason().getCodingFirstRep().setCode("resend");
    assertThat(expressions(refusal(odd))).containsExactly("MessageHeader.reason");

    Bundle anonymous = referral();
    ((MessageHeader) anonymous.getEntryFirstRep().getResource())
        .setSender(new Reference().setDisplay("somewhere"));
    assertThat(expressions(refusal(anonymous))).containsExactly("MessageHeader.sender");
  }

  @Test
  void refusesAResourceOutsideTheContextNamingItsEntry() {
    Bundle b = referral();
    b.addEntry()
        .setFullUrl("urn:uuid:5c0f6a1e-2b7d-4c3a-9e41-000000000099")
        .setResource(new org.hl7.fhir.r4.model.Appointment());

    var e = refusal(b);

    assertThat(expressions(e)).containsExactly("Bundle.entry[23].resource");
    assertThat(e.issues().get(0).message()).contains("Appointment", "Encounter");
  }

  @Test
  void readsThePlanWithoutIdentifierAsPathwaysSocialPrescribingReferral() {
    BarsMessage m = BarsMessage.read(referral());

    ReferralSubmission s = new ReferralReader(id -> Optional.empty()).readBars(m);

    assertThat(s.identifierSystem()).isEqualTo(IdentifierSystems.BARS_REFERRAL);
    assertThat(s.identifierValue()).isEqualTo("A81001:" + SR_ID);
    assertThat(s.serviceRequest().getCode().getCodingFirstRep().getCode())
        .isEqualTo(ReferralReader.SOCIAL_PRESCRIBING_CODE);
    // the requester is a PractitionerRole of the sending practice, found through the Bundle
    assertThat(s.practiceOdsCode()).isEqualTo("A81001");
    assertThat(s.requesterRef()).isEqualTo(ReferralReader.ODS_SYSTEM + "|A81001");
    assertThat(s.ownerRef()).isEqualTo("HealthcareService/lw-city");
    assertThat(s.nhsNumber()).isEqualTo("9434765919");
    assertThat(s.supporting()).hasSize(20);
  }

  @Test
  void aPerformerThatIsOnlyAnEntryOfTheMessageLeavesTheOwnerToTheRouter() {
    BarsMessage m = BarsMessage.read(referral());
    m.serviceRequest()
        .getPerformerFirstRep()
        .setReference("urn:uuid:5c0f6a1e-2b7d-4c3a-9e41-000000000009");

    assertThat(new ReferralReader(id -> Optional.empty()).readBars(m).ownerRef()).isNull();
  }

  @Test
  void theBarsCategoryIsNotANeed() {
    assertThat(
            BarsMessage.isBarsCategory(
                new Coding(BarsMessage.CATEGORY_SYSTEM, "referral", "Transfer of Care")))
        .isTrue();
    assertThat(
            BarsMessage.isBarsCategory(
                new Coding(
                    org.pathway.events.vocabulary.CodeSystems.NEED, "social-connection", null)))
        .isFalse();
  }

  @Test
  void aRepeatedRequestIsBarsRecConflictBesideTheDuplicateIssue() {
    var oo =
        Outcomes.withBarsErrorCode(
            Outcomes.errors(
                List.of(
                    new Issue(
                        org.hl7.fhir.r4.model.OperationOutcome.IssueType.DUPLICATE,
                        null,
                        "X-Request-ID r1 has already been received"))),
            409);

    var issue = oo.getIssueFirstRep();
    assertThat(issue.getCode())
        .isEqualTo(org.hl7.fhir.r4.model.OperationOutcome.IssueType.DUPLICATE);
    assertThat(issue.getDetails().getCodingFirstRep().getSystem())
        .isEqualTo(Outcomes.HTTP_ERROR_CODES);
    assertThat(issue.getDetails().getCodingFirstRep().getCode()).isEqualTo("REC_CONFLICT");
    assertThat(Outcomes.barsErrorCode(404)).isEqualTo("REC_NOT_FOUND");
    assertThat(Outcomes.barsErrorCode(428)).isNull();
  }
}
