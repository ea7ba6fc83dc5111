package org.pathway.router.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.Audience;
import org.pathway.events.avro.Channel;
import org.pathway.events.avro.EventEnvelope;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.avro.Recipient;
import org.pathway.router.decision.ConsentProvisions;
import org.pathway.router.decision.ConsentProvisions.Party;
import org.pathway.router.decision.ConsentProvisions.State;
import org.pathway.router.decision.RouterOutput;
import org.pathway.router.policy.ConsentPolicy.GpShare;
import org.pathway.router.policy.ConsentPolicy.GroupShare;
import org.pathway.router.policy.ConsentPolicy.LinkWorkerShare;
import org.pathway.router.policy.ConsentPolicy.Sharing;

class ConsentPolicyTest {

  private static final Map<String, String> LINK_WORKER_FIELDS =
      Map.of(
          "personName", "Sam Jones",
          "referralReason", "Low mood since bereavement",
          "nhsNumber", "9434765919",
          "birthDate", "1950-02-03",
          "taskId", "t-1");

  private static final Map<String, String> FACILITATOR_FIELDS =
      Map.of(
          "personFirstName", "Sam",
          "preferredContact", "phone",
          "contactPhone", "07700900123",
          "groupName", "Walking group");

  private static final Map<String, String> GP_FIELDS =
      Map.of(
          "taskStatus", "completed",
          "statusReasonCode", "completed-goals-met",
          "statusReason", "Goals met",
          "outcomeSummary", "Walks twice a week now",
          "outcomes", "SWEMWBS 19 -> 24");

  @Test
  void withoutAConsentTheReferralIsSharedAsDirectCare() {
    Sharing sharing = ConsentPolicy.decide(ConsentProvisions.absent());

    assertThat(sharing)
        .isEqualTo(new Sharing(LinkWorkerShare.FULL, GroupShare.FIRST_NAME, GpShare.FULL_OUTCOME));
    assertThat(ConsentPolicy.fieldsFor(sharing, Audience.LINK_WORKER, LINK_WORKER_FIELDS))
        .contains(LINK_WORKER_FIELDS);
    assertThat(ConsentPolicy.fieldsFor(sharing, Audience.FACILITATOR, FACILITATOR_FIELDS))
        .contains(FACILITATOR_FIELDS);
    assertThat(ConsentPolicy.fieldsFor(sharing, Audience.GP, GP_FIELDS)).contains(GP_FIELDS);
  }

  @Test
  void aDenyForTheGroupTellsNoGroupOfThePerson() {
    Sharing sharing = ConsentPolicy.decide(ConsentProvisions.permit(Party.COMMUNITY_GROUP));

    assertThat(sharing.group()).isEqualTo(GroupShare.NOTHING);
    assertThat(sharing.linkWorker()).isEqualTo(LinkWorkerShare.FULL);
    assertThat(ConsentPolicy.fieldsFor(sharing, Audience.FACILITATOR, FACILITATOR_FIELDS))
        .isEmpty();
  }

  @Test
  void appliedToARouterOutputDropsWhatAnAudienceMayNotHearAndNarrowsTheRest() {
    // given a consent that denies groups and sends the GP codes only
    ConsentProvisions consent = ConsentProvisions.permit(Party.COMMUNITY_GROUP, Party.REFERRER);
    RouterOutput output =
        new RouterOutput(
            List.of(),
            List.of(
                note("facilitator-new-member", Audience.FACILITATOR, FACILITATOR_FIELDS),
                note("gp-outcome", Audience.GP, GP_FIELDS),
                note("facilitator-referral-cancelled", Audience.FACILITATOR, FACILITATOR_FIELDS)));

    // when it is applied
    RouterOutput applied = ConsentPolicy.apply(consent, output);

    // then the group hears only the closing notice, and the GP codes only
    assertThat(applied.notifications())
        .extracting(NotificationRequested::getTemplateId)
        .containsExactly("gp-outcome", "facilitator-referral-cancelled");
    assertThat(applied.notifications().get(0).getFields())
        .containsOnlyKeys("taskStatus", "statusReasonCode");
  }

  private static NotificationRequested note(
      String template, Audience audience, Map<String, String> fields) {
    return NotificationRequested.newBuilder()
        .setEnvelope(
            EventEnvelope.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(Instant.EPOCH)
                .setReferralId("r-1")
                .setCorrelationId("c-1")
                .setProducer("router")
                .build())
        .setNotificationId(UUID.randomUUID())
        .setAudience(audience)
        .setChannel(Channel.EMAIL)
        .setRecipient(Recipient.newBuilder().setAddress("x@example.org").build())
        .setTemplateId(template)
        .setFields(fields)
        .setIdempotencyKey(template)
        .build();
  }

  @Test
  void aDenyForTheReferrerSendsTheGpCodesOnly() {
    Sharing sharing = ConsentPolicy.decide(ConsentProvisions.permit(Party.REFERRER));

    assertThat(sharing.gp()).isEqualTo(GpShare.CODES_ONLY);
    assertThat(ConsentPolicy.fieldsFor(sharing, Audience.GP, GP_FIELDS).orElseThrow())
        .containsOnlyKeys("taskStatus", "statusReasonCode");
  }

  @Test
  void aDenyForTheLinkWorkerServiceWithholdsClinicalDetailButKeepsTheReferral() {
    Sharing sharing = ConsentPolicy.decide(ConsentProvisions.permit(Party.LINK_WORKER_SERVICE));

    var fields =
        ConsentPolicy.fieldsFor(sharing, Audience.LINK_WORKER, LINK_WORKER_FIELDS).orElseThrow();
    assertThat(fields).containsOnlyKeys("personName", "taskId");
    assertThat(sharing.gp()).isEqualTo(GpShare.FULL_OUTCOME);
  }

  @Test
  void aTopLevelDenyNarrowsEveryHop() {
    Sharing sharing = ConsentPolicy.decide(new ConsentProvisions(State.DENY, Set.of()));

    assertThat(sharing)
        .isEqualTo(
            new Sharing(LinkWorkerShare.NO_CLINICAL, GroupShare.NOTHING, GpShare.CODES_ONLY));
  }

  @Test
  void aWithdrawnConsentSharesNothingFurtherWithAnyone() {
    Sharing sharing =
        ConsentPolicy.decide(new ConsentProvisions(State.WITHDRAWN, Set.of(Party.COMMUNITY_GROUP)));

    assertThat(ConsentPolicy.fieldsFor(sharing, Audience.LINK_WORKER, LINK_WORKER_FIELDS))
        .isEmpty();
    assertThat(ConsentPolicy.fieldsFor(sharing, Audience.FACILITATOR, FACILITATOR_FIELDS))
        .isEmpty();
    assertThat(ConsentPolicy.fieldsFor(sharing, Audience.GP, GP_FIELDS)).isEmpty();
  }

  @Test
  void nestedDeniesAreReadOnlyUnderAPermit() {
    // A deny naming the group means nothing more under an absent Consent's direct-care default.
    Sharing sharing =
        ConsentPolicy.decide(new ConsentProvisions(State.ABSENT, Set.of(Party.COMMUNITY_GROUP)));

    assertThat(sharing.group()).isEqualTo(GroupShare.FIRST_NAME);
  }
}
