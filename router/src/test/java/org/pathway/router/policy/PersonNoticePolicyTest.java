package org.pathway.router.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.Audience;
import org.pathway.events.avro.Channel;
import org.pathway.events.avro.ContactMethod;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.avro.PersonSummary;
import org.pathway.events.avro.TaskStatus;
import org.pathway.events.avro.TaskStatusChanged;
import org.pathway.events.notifications.NotificationTemplates;
import org.pathway.router.Fixtures;
import org.pathway.router.TestLinks;
import org.pathway.router.decision.PersonContact;
import org.pathway.router.decision.RouterOutput;

class PersonNoticePolicyTest {

  private final PersonNoticePolicy policy = policy(true);

  private static PersonNoticePolicy policy(boolean enabled) {
    return new PersonNoticePolicy(
        new PersonNoticePolicy.Settings(enabled, Duration.ofDays(5)),
        Fixtures.demoDirectory(),
        TestLinks.events());
  }

  private static PersonSummary.Builder consenting(ContactMethod preference) {
    return PersonSummary.newBuilder(Fixtures.person(null, "LS6"))
        .setContactPreference(preference)
        .setContactConsent(true);
  }

  private static Optional<PersonContact> byEmail() {
    return PersonContact.of(consenting(ContactMethod.EMAIL).build());
  }

  @Test
  void thePersonHearsWhoWillContactThemAndHowSoonWhenALinkWorkerAccepts() {
    TaskStatusChanged accepted =
        Fixtures.taskChange("p1", TaskStatus.REQUESTED, TaskStatus.ACCEPTED).build();

    RouterOutput out = policy.decide(accepted, byEmail());

    assertThat(out.decisions()).isEmpty();
    NotificationRequested note = out.notifications().get(0);
    assertThat(out.notifications()).hasSize(1);
    assertThat(note.getTemplateId()).isEqualTo(NotificationTemplates.PERSON_NEXT_STEPS.id());
    assertThat(note.getAudience()).isEqualTo(Audience.PERSON);
    assertThat(note.getChannel()).isEqualTo(Channel.EMAIL);
    assertThat(note.getRecipient().getAddress()).isEqualTo("alex@example.org");
    assertThat(note.getRecipient().getOrganisation()).isNull();
    assertThat(note.getFields())
        .containsEntry("personFirstName", "Alex")
        .containsEntry("linkWorkerService", "North PCN Link Workers")
        .containsEntry("contactWithin", "within 5 days")
        .containsEntry("taskId", "task-p1")
        .doesNotContainKeys("respondUrl", "nhsNumber", "personName");
  }

  @Test
  void thePersonHearsByTextWhichGroupHasAPlaceAndWhereItMeets() {
    TaskStatusChanged accepted =
        Fixtures.groupTaskChange("p2", "walk-and-talk", TaskStatus.REQUESTED, TaskStatus.ACCEPTED)
            .build();

    NotificationRequested note =
        policy
            .decide(accepted, PersonContact.of(consenting(ContactMethod.SMS).build()))
            .notifications()
            .get(0);

    assertThat(note.getTemplateId()).isEqualTo(NotificationTemplates.PERSON_GROUP_PLACE.id());
    assertThat(note.getChannel()).isEqualTo(Channel.SMS);
    assertThat(note.getRecipient().getAddress()).isEqualTo("+447700900999");
    assertThat(note.getFields())
        .containsEntry("groupName", "Walk and Talk Group")
        .containsEntry("groupWhere", "Roundhay, Leeds")
        .containsEntry("taskId", "task-group-p2");
  }

  @Test
  void neverWithoutConsentWhetherRefusedOrNeverGiven() {
    assertThat(PersonContact.of(consenting(ContactMethod.EMAIL).setContactConsent(null).build()))
        .isEmpty();
    assertThat(PersonContact.of(consenting(ContactMethod.EMAIL).setContactConsent(false).build()))
        .isEmpty();
    TaskStatusChanged accepted =
        Fixtures.taskChange("p3", TaskStatus.REQUESTED, TaskStatus.ACCEPTED).build();
    assertThat(policy.decide(accepted, Optional.empty()).events()).isEmpty();
  }

  @Test
  void aPersonWhoPrefersACallOrALetterOrGaveNoAddressIsLeftToTheLinkWorker() {
    assertThat(PersonContact.of(consenting(ContactMethod.PHONE).build())).isEmpty();
    assertThat(PersonContact.of(consenting(ContactMethod.LETTER).build())).isEmpty();
    assertThat(PersonContact.of(consenting(ContactMethod.EMAIL).setEmail(null).build())).isEmpty();
  }

  @Test
  void onlyANewAcceptanceIsToldAndARedeliveryYieldsTheSameMessage() {
    TaskStatusChanged stillAccepted =
        Fixtures.taskChange("p4", TaskStatus.ACCEPTED, TaskStatus.ACCEPTED).build();
    assertThat(policy.decide(stillAccepted, byEmail()).events()).isEmpty();
    TaskStatusChanged started =
        Fixtures.taskChange("p4", TaskStatus.ACCEPTED, TaskStatus.IN_PROGRESS).build();
    assertThat(policy.decide(started, byEmail()).events()).isEmpty();

    TaskStatusChanged accepted =
        Fixtures.taskChange("p4", TaskStatus.REQUESTED, TaskStatus.ACCEPTED).build();
    assertThat(policy.decide(accepted, byEmail()).notifications().get(0).getIdempotencyKey())
        .isEqualTo(policy.decide(accepted, byEmail()).notifications().get(0).getIdempotencyKey());
  }

  @Test
  void switchedOffNobodyIsTold() {
    TaskStatusChanged accepted =
        Fixtures.taskChange("p5", TaskStatus.REQUESTED, TaskStatus.ACCEPTED).build();
    assertThat(policy(false).decide(accepted, byEmail()).events()).isEmpty();
  }

  @Test
  void aMessageAskingForAnAnswerCanNeverGoToThePerson() {
    assertThatThrownBy(
            () ->
                TestLinks.events()
                    .personNotification(
                        Fixtures.envelope("p6"),
                        "x",
                        "task-p6",
                        NotificationTemplates.LINK_WORKER_GROUP_ANSWER,
                        byEmail().orElseThrow(),
                        Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a message for the person");
  }

  @Test
  void promisesReadAsAPersonSaysThem() {
    assertThat(PersonNoticePolicy.within(Duration.ofDays(1))).isEqualTo("within 1 day");
    assertThat(PersonNoticePolicy.within(Duration.ofHours(36))).isEqualTo("within 36 hours");
  }
}
