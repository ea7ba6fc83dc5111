package org.pathway.router.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pathway.directory.Directory;
import org.pathway.events.avro.CapacityStatus;
import org.pathway.events.avro.ReferralReceived;
import org.pathway.events.avro.ReferralSource;
import org.pathway.events.avro.RoutingAction;
import org.pathway.events.avro.RoutingDecisionMade;
import org.pathway.router.Fixtures;
import org.pathway.router.TestLinks;
import org.pathway.router.decision.RouterOutput;

class ReferralTriageTest {

  private final Directory directory = Fixtures.demoDirectory();
  private final ReferralTriage triage =
      new ReferralTriage(
          shippedRules(),
          directory,
          TestLinks.events(Clock.fixed(Instant.parse("2026-11-02T10:05:00Z"), ZoneOffset.UTC)));

  private TriageRules shippedRules() {
    try (var in = getClass().getClassLoader().getResourceAsStream("triage-rules.yml")) {
      return TriageRulesLoader.parse(
          new String(in.readAllBytes(), StandardCharsets.UTF_8),
          "triage-rules.yml",
          id -> directory.byId(id).isPresent());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private RoutingDecisionMade decide(ReferralReceived referral) {
    RouterOutput out = triage.triage(referral);
    assertThat(out.decisions()).hasSize(1);
    return out.decisions().get(0);
  }

  @Test
  void routesAReferralThatLacksPracticePcnAndPostcode() {
    // given what a GP system often sends: no PCN, no postcode, an unknown practice
    var referral =
        Fixtures.referral("r0")
            .setPracticeOdsCode(null)
            .setPcnCode(null)
            .setPerson(Fixtures.person(LocalDate.of(1958, 3, 14), null))
            .build();

    // when it is triaged, then the rules that need those facts pass it by instead of failing
    RoutingDecisionMade d = decide(referral);
    assertThat(d.getAction()).isEqualTo(RoutingAction.ASSIGN_OWNER);
    assertThat(d.getTarget()).isNotNull();
  }

  @Test
  void sendsAYoungPersonToTheYouthPathwayByAgeBand() {
    var referral =
        Fixtures.referral("r1").setPerson(Fixtures.person(LocalDate.of(2008, 1, 1), "LS1")).build();
    RoutingDecisionMade d = decide(referral);
    assertThat(d.getRuleId()).isEqualTo("youth-pathway");
    assertThat(d.getTarget().getReference()).isEqualTo("HealthcareService/lw-youth");
    assertThat(d.getAction()).isEqualTo(RoutingAction.ASSIGN_OWNER);
  }

  @Test
  void sendsMoneyWorriesToTheMoneyServiceByNeedCategory() {
    var referral = Fixtures.referral("r2").setNeedCategories(List.of("Debt")).build();
    assertThat(decide(referral).getTarget().getReference()).isEqualTo("HealthcareService/lw-money");
  }

  @Test
  void sendsByPrimaryCareNetwork() {
    var referral = Fixtures.referral("r3").setPcnCode("U12345").build();
    assertThat(decide(referral).getRuleId()).isEqualTo("north-pcn");
  }

  @Test
  void sendsByPostcodeDistrict() {
    var referral =
        Fixtures.referral("r4").setPerson(Fixtures.person(LocalDate.of(1970, 1, 1), "ls9")).build();
    assertThat(decide(referral).getTarget().getReference()).isEqualTo("HealthcareService/lw-east");
  }

  @Test
  void sendsSelfReferralsByReferralSource() {
    var referral = Fixtures.referral("r5").setSource(ReferralSource.SELF).build();
    assertThat(decide(referral).getRuleId()).isEqualTo("community-self-referrals");
  }

  @Test
  void sendsAPoliceReferralByItsSourceBeforeItsPostcode() {
    // given a police referral of someone living in LS8, which the east postcode rule also takes
    var referral =
        Fixtures.referral("r5p")
            .setSource(ReferralSource.POLICE)
            .setPracticeOdsCode(null)
            .setPerson(Fixtures.person(LocalDate.of(1992, 2, 3), "LS8"))
            .build();

    // then the shipped rules route it by its source
    RoutingDecisionMade d = decide(referral);
    assertThat(d.getRuleId()).isEqualTo("emergency-services");
    assertThat(d.getTarget().getReference()).isEqualTo("HealthcareService/lw-community");
  }

  @Test
  void passesOverAPracticeServiceWithNoCapacityAndSaysWhy() {
    var referral = Fixtures.referral("r6").setPracticeOdsCode("B82005").build();
    RoutingDecisionMade d = decide(referral);
    assertThat(d.getRuleId()).isEqualTo(ReferralTriage.DEFAULT_RULE);
    assertThat(d.getTarget().getReference()).isEqualTo("HealthcareService/hub-city");
    assertThat(d.getExplanation())
        .contains("rule riverside-practice matched")
        .contains("Riverside Surgery Link Worker has no capacity");
  }

  @Test
  void sendsWhatNoRuleMatchesToTheDefaultService() {
    RoutingDecisionMade d = decide(Fixtures.referral("r7").build());
    assertThat(d.getRuleId()).isEqualTo("default");
    assertThat(d.getTarget().getReference()).isEqualTo("HealthcareService/hub-city");
  }

  @Test
  void letsTheLowerPriorityNumberWinWhenTwoRulesMatch() {
    var referral =
        Fixtures.referral("r8")
            .setPerson(Fixtures.person(LocalDate.of(2006, 1, 1), "LS9"))
            .setNeedCategories(List.of("debt"))
            .build();
    assertThat(decide(referral).getRuleId()).isEqualTo("youth-pathway");
  }

  @Test
  void decidesOnlyAndTellsTheChosenServiceNothingYet() {
    // the service hears of it once the ledger says it owns the Task (NewReferralNoticePolicy)
    var referral = Fixtures.referral("r9").setPcnCode("U12345").build();
    RouterOutput out = triage.triage(referral);
    assertThat(out.decisions()).hasSize(1);
    assertThat(out.notifications()).isEmpty();
  }

  @Test
  void decidesWithTheSameIdsWhenTheSameEventIsTriagedAgain() {
    var referral = Fixtures.referral("r10").build();
    RouterOutput first = triage.triage(referral);
    RouterOutput again = triage.triage(referral);
    assertThat(again.decisions().get(0).getEnvelope().getEventId())
        .isEqualTo(first.decisions().get(0).getEnvelope().getEventId());
  }

  @Test
  void recordsCapacityOfTheChosenService() {
    assertThat(decide(Fixtures.referral("r11").build()).getCapacity())
        .isEqualTo(CapacityStatus.CAPACITY);
  }
}
