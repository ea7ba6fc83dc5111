package org.pathway.fhiradapter.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pathway.access.scopes.Interaction.CREATE;
import static org.pathway.access.scopes.Interaction.READ;
import static org.pathway.access.scopes.Interaction.SEARCH;
import static org.pathway.access.scopes.Interaction.UPDATE;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pathway.access.clients.Role;
import org.pathway.access.scopes.ScopeSet;
import org.pathway.access.tokens.Caller;

/** Scopes and roles decide whether an interaction is made at all. */
class InteractionRulesTest {

  private static Caller caller(Role role, String scopes) {
    return new Caller("c", "ORG", role, null, ScopeSet.parse(scopes), List.of(), "jti");
  }

  @Test
  void refusesAnInteractionOutsideTheTokensScopesNamingTheScope() {
    var gp = caller(Role.REFERRER, "system/ServiceRequest.cr system/Task.rs");
    assertThat(InteractionRules.refusal(gp, "Task", READ)).isEmpty();
    assertThat(InteractionRules.refusal(gp, "Task", UPDATE))
        .hasValueSatisfying(why -> assertThat(why).contains("system/Task.u"));
  }

  @Test
  void commissionerAndEvaluatorHaveNoReferralApiEvenWithBroadScopes() {
    for (Role r : List.of(Role.COMMISSIONER, Role.EVALUATOR, Role.OPERATOR)) {
      var c = caller(r, "system/*.cruds");
      assertThat(InteractionRules.refusal(c, "Task", SEARCH)).as(r.code()).isPresent();
      assertThat(InteractionRules.refusal(c, "ServiceRequest", READ)).as(r.code()).isPresent();
      assertThat(InteractionRules.refusal(c, "Observation", READ)).as(r.code()).isPresent();
    }
    // the audit interface is not referral data: scopes alone decide it
    assertThat(
            InteractionRules.refusal(
                caller(Role.OPERATOR, "system/AuditEvent.rs"), "AuditEvent", SEARCH))
        .isEmpty();
  }

  @Test
  void communityGroupWorksItsTasksAndNothingElse() {
    var group = caller(Role.COMMUNITY_GROUP, "system/*.cruds");
    assertThat(InteractionRules.refusal(group, "Task", UPDATE)).isEmpty();
    // passing a Task on down a volunteer cascade; the ledger refuses anything but that
    assertThat(InteractionRules.refusal(group, "ServiceRequest", CREATE)).isEmpty();
    assertThat(InteractionRules.refusal(group, "ServiceRequest", UPDATE)).isPresent();
    assertThat(InteractionRules.refusal(group, "Observation", READ)).isPresent();
    assertThat(InteractionRules.refusal(group, "Observation", CREATE)).isPresent();
  }

  @Test
  void onlyReferrersAndLinkWorkersCreateReferralsAndScores() {
    assertThat(
            InteractionRules.refusal(
                caller(Role.REFERRER, "system/*.cruds"), "ServiceRequest", CREATE))
        .isEmpty();
    assertThat(
            InteractionRules.refusal(
                caller(Role.LINK_WORKER_SERVICE, "system/*.cruds"), "ServiceRequest", CREATE))
        .isEmpty();
    // a hub creates one only to pass a Task it holds on down a cascade (the ledger checks that)
    assertThat(
            InteractionRules.refusal(caller(Role.HUB, "system/*.cruds"), "ServiceRequest", CREATE))
        .isEmpty();
    assertThat(
            InteractionRules.refusal(
                caller(Role.LINK_WORKER_SERVICE, "system/*.cruds"), "Observation", CREATE))
        .isEmpty();
    assertThat(InteractionRules.refusal(caller(Role.HUB, "system/*.cruds"), "Observation", CREATE))
        .isPresent();
  }

  @Test
  void everyRoleReadsThePublicDirectoryAndOnlyAGroupUpdatesIt() {
    for (Role r :
        List.of(
            Role.REFERRER,
            Role.LINK_WORKER_SERVICE,
            Role.HUB,
            Role.COMMISSIONER,
            Role.EVALUATOR,
            Role.OPERATOR,
            Role.PORTAL)) {
      var c = caller(r, "system/*.cruds");
      assertThat(InteractionRules.refusal(c, "HealthcareService", SEARCH)).as(r.code()).isEmpty();
      assertThat(InteractionRules.refusal(c, "HealthcareService", READ)).as(r.code()).isEmpty();
      assertThat(InteractionRules.refusal(c, "HealthcareService", UPDATE))
          .as(r.code())
          .hasValueSatisfying(why -> assertThat(why).contains("updating HealthcareService"));
    }
    var group = caller(Role.COMMUNITY_GROUP, "system/*.cruds");
    assertThat(InteractionRules.refusal(group, "HealthcareService", UPDATE)).isEmpty();
    assertThat(InteractionRules.refusal(group, "HealthcareService", CREATE)).isPresent();
    // the scope still decides: a commissioner registered without it is refused
    assertThat(
            InteractionRules.refusal(
                caller(Role.COMMISSIONER, "system/MeasureReport.rs"), "HealthcareService", SEARCH))
        .isPresent();
  }

  @Test
  void thoseWithClinicalSightReadThePersonAndOnlyAnOperatorTheirWholeRecord() {
    for (Role r : List.of(Role.REFERRER, Role.LINK_WORKER_SERVICE, Role.HUB)) {
      var c = caller(r, "system/*.cruds");
      assertThat(InteractionRules.refusal(c, "Patient", READ)).as(r.code()).isEmpty();
      assertThat(InteractionRules.refusal(c, "Patient", SEARCH)).as(r.code()).isPresent();
      assertThat(InteractionRules.refusal(c, "Patient", READ, InteractionRules.WHOLE_RECORD))
          .as(r.code())
          .hasValueSatisfying(why -> assertThat(why).contains("whole record (operators only)"));
    }
    // a group is told only what it needs to meet the person: never their record
    for (Role r : List.of(Role.COMMUNITY_GROUP, Role.COMMISSIONER, Role.EVALUATOR, Role.OPERATOR)) {
      assertThat(InteractionRules.refusal(caller(r, "system/*.cruds"), "Patient", READ))
          .as(r.code())
          .hasValueSatisfying(why -> assertThat(why).contains("reading Patient resources"));
    }
    var operator = caller(Role.OPERATOR, "system/AuditEvent.rs system/Patient.r");
    assertThat(InteractionRules.refusal(operator, "Patient", READ, InteractionRules.WHOLE_RECORD))
        .isEmpty();
    // the scope still decides
    assertThat(
            InteractionRules.refusal(
                caller(Role.OPERATOR, "system/AuditEvent.rs"),
                "Patient",
                READ,
                InteractionRules.WHOLE_RECORD))
        .hasValueSatisfying(why -> assertThat(why).contains("system/Patient.r"));
    assertThat(InteractionRules.refusal(caller(Role.REFERRER, "system/Task.rs"), "Patient", READ))
        .hasValueSatisfying(why -> assertThat(why).contains("system/Patient.r"));
  }

  @Test
  void withoutACallerAccessControlIsOff() {
    assertThat(InteractionRules.refusal(null, "Task", UPDATE)).isEmpty();
  }

  @Test
  void everyoneWithAPartInReferralsFollowsThemAndNoOneWritesTheirTrail() {
    for (Role r :
        List.of(Role.REFERRER, Role.LINK_WORKER_SERVICE, Role.COMMUNITY_GROUP, Role.HUB)) {
      var c = caller(r, "system/*.cruds");
      for (String type : List.of("Communication", "Provenance")) {
        assertThat(InteractionRules.refusal(c, type, READ)).as(r.code() + " " + type).isEmpty();
        assertThat(InteractionRules.refusal(c, type, SEARCH)).as(r.code() + " " + type).isEmpty();
        assertThat(InteractionRules.refusal(c, type, CREATE)).as(r.code() + " " + type).isPresent();
        assertThat(InteractionRules.refusal(c, type, UPDATE)).as(r.code() + " " + type).isPresent();
      }
    }
    for (Role r : List.of(Role.COMMISSIONER, Role.EVALUATOR, Role.OPERATOR, Role.PORTAL)) {
      var c = caller(r, "system/*.cruds");
      assertThat(InteractionRules.refusal(c, "Provenance", SEARCH)).as(r.code()).isPresent();
      assertThat(InteractionRules.refusal(c, "Communication", SEARCH)).as(r.code()).isPresent();
    }
    assertThat(
            InteractionRules.refusal(caller(Role.REFERRER, "system/Task.rs"), "Provenance", SEARCH))
        .hasValueSatisfying(why -> assertThat(why).contains("system/Provenance.s"));
  }
}
