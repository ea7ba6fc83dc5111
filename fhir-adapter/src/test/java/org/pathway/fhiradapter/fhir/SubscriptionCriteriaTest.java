package org.pathway.fhiradapter.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading a Subscription's criteria: whose Tasks, which statuses, and nothing else. */
class SubscriptionCriteriaTest {

  @Test
  void readsTheRequesterAndTheStatuses() {
    var c =
        SubscriptionCriteria.parse("Task?requester=Organization/A81001&status=accepted,rejected");
    assertThat(c.requesterOrganization()).isEqualTo("A81001");
    assertThat(c.ownerOrganization()).isNull();
    assertThat(c.statuses()).containsExactly("accepted", "rejected");
  }

  @Test
  void readsAnOwnerNamedAsAHealthcareServiceOrBare() {
    assertThat(
            SubscriptionCriteria.parse("Task?owner=HealthcareService/lw-city").ownerOrganization())
        .isEqualTo("lw-city");
    assertThat(SubscriptionCriteria.parse("Task?owner=lw-city").ownerOrganization())
        .isEqualTo("lw-city");
    assertThat(SubscriptionCriteria.parse("Task?owner=Organization%2Flw-city").ownerOrganization())
        .isEqualTo("lw-city");
  }

  @Test
  void refusesCriteriaThatNameNeitherParty() {
    assertThatThrownBy(() -> SubscriptionCriteria.parse("Task?status=accepted"))
        .isInstanceOf(RequestRejectedException.class)
        .hasMessageContaining("whose Tasks");
  }

  @Test
  void refusesAnotherResourceType() {
    assertThatThrownBy(() -> SubscriptionCriteria.parse("ServiceRequest?requester=A81001"))
        .hasMessageContaining("must be a Task search");
  }

  @Test
  void refusesAParameterItDoesNotUnderstandNamingIt() {
    var e =
        (RequestRejectedException)
            org.assertj.core.api.Assertions.catchThrowable(
                () -> SubscriptionCriteria.parse("Task?requester=A81001&_has=x"));
    assertThat(e.issues()).hasSize(1);
    assertThat(e.issues().get(0).expression()).isEqualTo("Subscription.criteria");
    assertThat(e.issues().get(0).message()).contains("'_has'");
  }

  @Test
  void refusesARepeatedPartySoItCannotWidenToTwoOrganisations() {
    assertThatThrownBy(() -> SubscriptionCriteria.parse("Task?requester=A81001&requester=B82002"))
        .hasMessageContaining("'requester' is given twice");
  }

  @Test
  void refusesAnUnknownStatusAndAPatientAsParty() {
    assertThatThrownBy(() -> SubscriptionCriteria.parse("Task?requester=A81001&status=done"))
        .hasMessageContaining("'status'");
    assertThatThrownBy(() -> SubscriptionCriteria.parse("Task?requester=Patient/123"))
        .hasMessageContaining("'requester' must name an Organization");
  }

  @Test
  void keepsTheTextAsSent() {
    assertThat(SubscriptionCriteria.parse(" Task?requester=A81001 ").text())
        .isEqualTo("Task?requester=A81001");
    assertThat(SubscriptionCriteria.parse("Task?requester=A81001").statuses()).isEqualTo(List.of());
  }
}
