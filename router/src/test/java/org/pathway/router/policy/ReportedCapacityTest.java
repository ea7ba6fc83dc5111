package org.pathway.router.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.pathway.directory.Capacity;
import org.pathway.directory.Directory;
import org.pathway.events.avro.Audience;
import org.pathway.events.avro.CapacityStatus;
import org.pathway.events.avro.RoutingAction;
import org.pathway.events.notifications.NotificationTemplates;
import org.pathway.router.Fixtures;
import org.pathway.router.decision.EventFactory;
import org.pathway.router.decision.RouterOutput;

/** The onward-referral policy decides on the capacity a group reported, not the feed's. */
class ReportedCapacityTest {

  private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

  private final Directory directory = Fixtures.demoDirectory();
  private final OnwardReferralPolicy policy =
      new OnwardReferralPolicy(directory, new EventFactory(Clock.systemUTC()));

  @Test
  void aReportedNoCapacityReturnsTheNextOnwardReferralToTheLinkWorker() {
    // given walk-and-talk, which the feed says has places, reports it has none
    assertThat(directory.byId("walk-and-talk").orElseThrow().capacity())
        .isEqualTo(CapacityStatus.CAPACITY);
    directory.report("walk-and-talk", new Capacity(CapacityStatus.NO_CAPACITY, 0, false, NOW, 2));

    // when a link worker refers someone on to it
    RouterOutput out = policy.decide(Fixtures.onwardReferral("full-now", "walk-and-talk"));

    // then the facilitator is not told; the referral goes back to the link worker, who is told
    assertThat(out.decisions())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getAction()).isEqualTo(RoutingAction.RETURN_TO_REFERRER);
              assertThat(d.getCapacity()).isEqualTo(CapacityStatus.NO_CAPACITY);
            });
    assertThat(out.notifications())
        .extracting(n -> n.getAudience())
        .containsOnly(Audience.LINK_WORKER);
  }

  @Test
  void aReportedOpenWaitlistPutsTheNextReferralOnIt() {
    directory.report(
        "walk-and-talk", new Capacity(CapacityStatus.NO_CAPACITY_HAS_WAITLIST, 0, true, NOW, 3));

    RouterOutput out = policy.decide(Fixtures.onwardReferral("waitlist-now", "walk-and-talk"));

    assertThat(out.decisions().get(0).getAction()).isEqualTo(RoutingAction.WAITLIST);
    assertThat(out.notifications())
        .singleElement()
        .satisfies(
            n ->
                assertThat(n.getTemplateId())
                    .isEqualTo(NotificationTemplates.FACILITATOR_WAITLIST.id()));
  }

  @Test
  void placesReportedAgainOpenTheGroupAgain() {
    directory.report(
        "english-conversation", new Capacity(CapacityStatus.CAPACITY, 2, null, NOW, 2));

    RouterOutput out = policy.decide(Fixtures.onwardReferral("open-again", "english-conversation"));

    assertThat(out.decisions().get(0).getAction()).isEqualTo(RoutingAction.ASSIGN_OWNER);
  }
}
