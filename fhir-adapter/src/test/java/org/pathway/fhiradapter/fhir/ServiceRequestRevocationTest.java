package org.pathway.fhiradapter.fhir;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestStatus;
import org.junit.jupiter.api.Test;
import org.pathway.fhiradapter.support.Fixtures;

/** A ServiceRequest PUT may revoke the referral and do nothing else. */
class ServiceRequestRevocationTest {

  /** The referral as the ledger holds it and the referrer read it. */
  private final ServiceRequest stored = stored();

  static ServiceRequest stored() {
    ServiceRequest sr = Fixtures.referral();
    sr.setId("sr-1");
    sr.getMeta().setVersionId("1");
    return sr;
  }

  @Test
  void acceptsTheReferralAsReadWithStatusRevoked() {
    ServiceRequest incoming = stored.copy();
    incoming.setStatus(ServiceRequestStatus.REVOKED);
    incoming.setMeta(null);
    incoming.setText(new Narrative().setStatus(Narrative.NarrativeStatus.GENERATED));

    assertThatCode(() -> ServiceRequestRevocation.check(stored, incoming))
        .doesNotThrowAnyException();
  }

  @Test
  void refusesAnyOtherStatusNamingIt() {
    ServiceRequest incoming = stored.copy();
    incoming.setStatus(ServiceRequestStatus.COMPLETED);

    assertThatThrownBy(() -> ServiceRequestRevocation.check(stored, incoming))
        .isInstanceOfSatisfying(
            RequestRejectedException.class,
            e ->
                org.assertj.core.api.Assertions.assertThat(
                        e.issues().stream().map(Issue::expression))
                    .containsExactly("ServiceRequest.status"));
  }

  @Test
  void refusesAChangedNoteEvenWhenRevokingAndSaysWhatIsAllowed() {
    ServiceRequest incoming = stored.copy();
    incoming.setStatus(ServiceRequestStatus.REVOKED);
    incoming.addNote(new Annotation().setText("actually, a different referral"));

    assertThatThrownBy(() -> ServiceRequestRevocation.check(stored, incoming))
        .isInstanceOfSatisfying(
            RequestRejectedException.class,
            e -> {
              org.assertj.core.api.Assertions.assertThat(e.issues().stream().map(Issue::expression))
                  .containsExactly("ServiceRequest.note");
              org.assertj.core.api.Assertions.assertThat(e.issues().get(0).message())
                  .contains("only ServiceRequest.status may change");
            });
  }
}
