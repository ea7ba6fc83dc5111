package org.pathway.portal.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

class StopSharingConsentTest {

  @Test
  void withdrawsConsentForThePersonTheTaskIsForAboutItsReferral() {
    Task task = new Task();
    task.setFor(new Reference("Patient/p1"));
    task.setFocus(new Reference("ServiceRequest/sr1"));
    Instant now = Instant.parse("2026-12-01T17:00:00Z");

    Consent c = StopSharingConsent.of(task, now);

    assertThat(c.getStatus()).isEqualTo(Consent.ConsentState.INACTIVE);
    assertThat(c.getPatient().getReference()).isEqualTo("Patient/p1");
    assertThat(c.getSourceReference().getReference()).isEqualTo("ServiceRequest/sr1");
    assertThat(c.getScope().getCodingFirstRep().getCode()).isEqualTo("patient-privacy");
    assertThat(c.getDateTime().toInstant()).isEqualTo(now);
    assertThat(c.getProvision().getType()).isEqualTo(Consent.ConsentProvisionType.DENY);
  }

  @Test
  void refusesATaskThatDoesNotNameItsReferralOrPerson() {
    Task task = new Task();
    task.setFor(new Reference("Patient/p1"));
    assertThatThrownBy(() -> StopSharingConsent.of(task, Instant.now()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
