package org.pathway.portal.pages;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.HealthcareService;
import org.junit.jupiter.api.Test;

class CapacityTest {

  @Test
  void aReportBecomesTheStatusLinkWorkersSee() {
    assertThat(Capacity.reported(3, false).status()).isEqualTo("capacity");
    assertThat(Capacity.reported(0, true).status()).isEqualTo("no-capacity-has-waitlist");
    assertThat(Capacity.reported(0, false).status()).isEqualTo("no-capacity");
  }

  @Test
  void whatIsWrittenIsWhatIsRead() {
    HealthcareService group = new HealthcareService().setName("Walk and talk");
    HealthcareService reported = Capacity.reported(2, true).applyTo(group);
    Capacity read = Capacity.of(reported);
    assertThat(read.status()).isEqualTo("capacity");
    assertThat(read.placesLeft()).contains(2);
    assertThat(read.waitlistOpen()).isTrue();
    HealthcareService again = Capacity.reported(0, false).applyTo(reported);
    assertThat(again.getExtension()).hasSize(1);
    assertThat(Capacity.of(again).takesReferrals()).isFalse();
  }

  @Test
  void aGroupThatSaysNothingIsNotOffered() {
    assertThat(Capacity.of(new HealthcareService()).takesReferrals()).isFalse();
  }

  @Test
  void aFullGroupWithAnOpenWaitlistStillTakesReferrals() {
    HealthcareService s = Capacity.reported(0, true).applyTo(new HealthcareService());
    assertThat(Capacity.of(s).takesReferrals()).isTrue();
  }
}
