package org.pathway.fhiradapter.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pathway.access.clients.Role;
import org.pathway.fhiradapter.fhir.SubscriptionCriteria;

/** A subscription follows only the caller's own Tasks, by the tenancy its searches have. */
class SubscriptionScopeTest {

  static Visibility of(Role role, String org) {
    return Visibility.of(WhoMaySetWhatTest.caller(role, org, List.of()));
  }

  @Test
  void aPracticeFollowsTheTasksItRequested() {
    var criteria = SubscriptionCriteria.parse("Task?requester=Organization/A81001");
    assertThat(SubscriptionScope.refusal(criteria, of(Role.REFERRER, "A81001"))).isEmpty();
  }

  @Test
  void aPracticeMayNotFollowAnotherPracticesTasks() {
    var criteria = SubscriptionCriteria.parse("Task?requester=Organization/B82002");
    var refusal = SubscriptionScope.refusal(criteria, of(Role.REFERRER, "A81001"));
    assertThat(refusal).isPresent();
    assertThat(refusal.get().message()).contains("'requester'").contains("B82002");
    assertThat(refusal.get().expression()).isEqualTo("Subscription.criteria");
  }

  @Test
  void aPracticeMayNotFollowTasksByOwnerEvenItsOwnName() {
    var criteria = SubscriptionCriteria.parse("Task?owner=Organization/A81001");
    assertThat(SubscriptionScope.refusal(criteria, of(Role.REFERRER, "A81001")))
        .hasValueSatisfying(i -> assertThat(i.message()).contains("'owner'"));
  }

  @Test
  void aServiceFollowsTheTasksItOwnsButNotAnotherServices() {
    assertThat(
            SubscriptionScope.refusal(
                SubscriptionCriteria.parse("Task?owner=HealthcareService/lw-city&status=requested"),
                of(Role.LINK_WORKER_SERVICE, "lw-city")))
        .isEmpty();
    assertThat(
            SubscriptionScope.refusal(
                SubscriptionCriteria.parse("Task?owner=lw-youth"),
                of(Role.LINK_WORKER_SERVICE, "lw-city")))
        .isPresent();
  }

  @Test
  void bothPartiesMustBeTheCallersWhenBothAreNamed() {
    assertThat(
            SubscriptionScope.refusal(
                SubscriptionCriteria.parse("Task?requester=A81001&owner=lw-youth"),
                of(Role.REFERRER, "A81001")))
        .hasValueSatisfying(i -> assertThat(i.message()).contains("'owner'"));
  }

  @Test
  void aRoleWithNoTasksMayNotSubscribe() {
    assertThat(
            SubscriptionScope.refusal(
                SubscriptionCriteria.parse("Task?requester=A81001"),
                of(Role.COMMISSIONER, "A81001")))
        .isPresent();
  }
}
