package org.pathway.router.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.Audience;
import org.pathway.events.avro.Channel;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.avro.TaskStatus;
import org.pathway.events.notifications.NotificationTemplates;
import org.pathway.router.Fixtures;
import org.pathway.router.TestLinks;
import org.pathway.router.decision.Subscriber;
import org.pathway.router.decision.Subscribers;
import org.pathway.router.policy.SubscriptionPolicy.TaskChange;

/** Which subscriptions a Task change reaches, and what each rest-hook request carries. */
class SubscriptionPolicyTest {

  final SubscriptionPolicy policy = new SubscriptionPolicy(TestLinks.events());

  static Subscriber byRequester(String id, String org, List<String> statuses) {
    return new Subscriber(
        id,
        1,
        true,
        org,
        org,
        null,
        statuses,
        "https://gp.example.org/fhir",
        "application/fhir+json",
        List.of("Authorization: Bearer s3cret"));
  }

  static Subscriber byOwner(String id, String org) {
    return new Subscriber(
        id, 1, true, org, null, org, List.of(), "https://lw.example.org/hook", null, List.of());
  }

  static TaskChange accepted() {
    return TaskChange.changed(
        Fixtures.taskChange("r1", TaskStatus.REQUESTED, TaskStatus.ACCEPTED).build(),
        "Organization/A81001",
        "ServiceRequest/r1");
  }

  @Test
  void aPracticesSubscriptionHearsItsOwnTaskAccepted() {
    List<NotificationRequested> out =
        policy.decide(accepted(), List.of(byRequester("sub-1", "A81001", List.of())));

    assertThat(out).hasSize(1);
    NotificationRequested n = out.get(0);
    assertThat(n.getTemplateId()).isEqualTo(NotificationTemplates.SUBSCRIPTION_NOTIFICATION.id());
    assertThat(n.getAudience()).isEqualTo(Audience.GP);
    assertThat(n.getChannel()).isEqualTo(Channel.FHIR);
    assertThat(n.getRecipient().getAddress()).isEqualTo("https://gp.example.org/fhir");
    assertThat(n.getTaskId()).isEqualTo("task-r1");
    assertThat(n.getFields())
        .containsEntry("taskStatus", "accepted")
        .containsEntry("taskVersion", "2")
        .containsEntry("taskFocus", "ServiceRequest/r1")
        .containsEntry("taskRequester", "Organization/A81001")
        .containsEntry("taskOwner", "HealthcareService/lw-north")
        .containsEntry("subscriptionPayload", "application/fhir+json")
        .containsEntry("subscriptionHeaders", "Authorization: Bearer s3cret");
    assertThat(n.getIdempotencyKey()).isEqualTo("sub-1|Task/task-r1|v2");
  }

  @Test
  void anotherPracticesSubscriptionHearsNothing() {
    assertThat(policy.decide(accepted(), List.of(byRequester("sub-2", "B82002", List.of()))))
        .isEmpty();
  }

  @Test
  void aStatusFilterLetsOnlyThoseStatusesThrough() {
    var onlyCompleted = byRequester("sub-3", "A81001", List.of("completed", "rejected"));
    assertThat(policy.decide(accepted(), List.of(onlyCompleted))).isEmpty();
    var acceptedToo = byRequester("sub-4", "A81001", List.of("accepted"));
    assertThat(policy.decide(accepted(), List.of(acceptedToo))).hasSize(1);
  }

  @Test
  void anOwnersSubscriptionHearsTheTasksItOwnsWhoeverRequestedThem() {
    assertThat(policy.decide(accepted(), List.of(byOwner("sub-5", "lw-north")))).hasSize(1);
    assertThat(policy.decide(accepted(), List.of(byOwner("sub-6", "lw-south")))).isEmpty();
  }

  @Test
  void aStoppedSubscriptionHearsNothing() {
    var off =
        new Subscriber(
            "sub-7", 2, false, "A81001", "A81001", null, List.of(), "https://x", null, List.of());
    assertThat(policy.decide(accepted(), List.of(off))).isEmpty();
  }

  @Test
  void eachMatchingSubscriberGetsItsOwnRequestAndKey() {
    var out =
        policy.decide(
            accepted(),
            List.of(byRequester("sub-b", "A81001", List.of()), byOwner("sub-a", "lw-north")));
    assertThat(out)
        .extracting(NotificationRequested::getIdempotencyKey)
        .containsExactly("sub-a|Task/task-r1|v2", "sub-b|Task/task-r1|v2");
    assertThat(out.get(0).getNotificationId()).isNotEqualTo(out.get(1).getNotificationId());
  }

  @Test
  void aNewReferralReachesItsPracticeAsARequestedTaskAtVersionOne() {
    var change = TaskChange.received(Fixtures.referral("r9").build());
    var out = policy.decide(change, List.of(byRequester("sub-1", "A81001", List.of())));
    assertThat(out).hasSize(1);
    assertThat(out.get(0).getFields())
        .containsEntry("taskStatus", "requested")
        .containsEntry("taskId", "task-r9")
        .doesNotContainKey("personName")
        .doesNotContainKey("nhsNumber");
    assertThat(out.get(0).getIdempotencyKey()).isEqualTo("sub-1|Task/task-r9|v1");
  }

  @Test
  void thePracticeIsHeardByItsSubscriptionSoTheDirectoryPushStandsDown() {
    var subs = List.of(byRequester("sub-1", "A81001", List.of()));
    assertThat(SubscriptionPolicy.heardBy("A81001", accepted(), subs)).isTrue();
    assertThat(SubscriptionPolicy.heardBy("B82002", accepted(), subs)).isFalse();
    var onlyCompleted = List.of(byRequester("sub-1", "A81001", List.of("completed")));
    assertThat(SubscriptionPolicy.heardBy("A81001", accepted(), onlyCompleted)).isFalse();
  }

  @Test
  void onceThePracticeDeletesItsSubscriptionTheDirectoryPushTakesOverAgain() {
    // given the router holds the practice's subscription, active at version 1
    Subscribers known = new Subscribers();
    Subscriber active = byRequester("sub-1", "A81001", List.of());
    known.apply(active);
    assertThat(SubscriptionPolicy.heardBy("A81001", accepted(), known.active())).isTrue();

    // when the adapter announces it deleted (off, the next version, no headers)
    Subscriber deleted =
        new Subscriber(
            "sub-1",
            2,
            false,
            "A81001",
            "A81001",
            null,
            List.of(),
            active.endpoint(),
            active.payload(),
            List.of());
    assertThat(known.apply(deleted)).isTrue();

    // then nothing stands the directory's push down, and the hook is sent nothing
    assertThat(SubscriptionPolicy.heardBy("A81001", accepted(), known.active())).isFalse();
    assertThat(policy.decide(accepted(), known.active())).isEmpty();
    // and a late copy of the active version changes nothing
    assertThat(known.apply(active)).isFalse();
    assertThat(known.active()).isEmpty();
  }
}
