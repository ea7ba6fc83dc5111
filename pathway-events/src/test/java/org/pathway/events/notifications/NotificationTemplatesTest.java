package org.pathway.events.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.Audience;

class NotificationTemplatesTest {

  /** Clinical detail and identifiers a community group has no need for (reliability S3). */
  private static final Set<String> NEVER_FOR_FACILITATORS =
      Set.of(
          "referralReason",
          "reason",
          "notes",
          "conditions",
          "diagnosis",
          "medication",
          "nhsNumber",
          "birthDate",
          "personName",
          "postcodeDistrict",
          "contactEmail",
          "contactPhone",
          "accessNeeds");

  @Test
  void facilitatorsAreNeverSentClinicalDetailOrIdentifiers() {
    assertThat(NotificationTemplates.fieldsFor(Audience.FACILITATOR))
        .isNotEmpty()
        .doesNotContainAnyElementsOf(NEVER_FOR_FACILITATORS)
        .contains("personFirstName", "preferredContact", "activity", "sessionDate");
  }

  @Test
  void thePersonIsNeverSentClinicalDetailReasonsOrIdentifiers() {
    assertThat(NotificationTemplates.fieldsFor(Audience.PERSON))
        .contains("personFirstName", "linkWorkerService", "contactWithin", "groupName")
        .doesNotContainAnyElementsOf(
            Set.of(
                "referralReason",
                "reason",
                "declineReason",
                "statusReason",
                "notes",
                "conditions",
                "diagnosis",
                "medication",
                "nhsNumber",
                "birthDate",
                "outcomes",
                NotificationTemplate.RESPOND_URL));
  }

  @Test
  void templateIdsAreUnique() {
    assertThat(NotificationTemplates.all().stream().map(NotificationTemplate::id))
        .doesNotHaveDuplicates();
  }

  @Test
  void aFieldOutsideTheTemplateIsRefused() {
    var template = NotificationTemplates.FACILITATOR_NEW_MEMBER;
    template.check(Map.of("personFirstName", "Ada", "activity", "walking"));
    assertThatThrownBy(() -> template.check(Map.of("personFirstName", "Ada", "nhsNumber", "x")))
        .hasMessageContaining("[nhsNumber]")
        .hasMessageContaining("facilitator-new-member");
  }

  @Test
  void onlyTheGpAndTheLinkWorkerMaySeeTheNhsNumberOrFullName() {
    for (Audience audience : Audience.values()) {
      if (audience == Audience.GP || audience == Audience.LINK_WORKER) {
        continue;
      }
      assertThat(NotificationTemplates.fieldsFor(audience))
          .as("fields for %s", audience)
          .doesNotContain("nhsNumber", "personName", "birthDate");
    }
    assertThat(NotificationTemplates.GP_STATUS_UPDATE.fields()).contains("personName", "nhsNumber");
  }

  @Test
  void everyTemplateThatAsksALinkWorkerOrFacilitatorForAnAnswerCarriesARespondLink() {
    assertThat(
            NotificationTemplates.all().stream()
                .filter(NotificationTemplate::asksForAnswer)
                .map(NotificationTemplate::id))
        .containsExactlyInAnyOrder(
            "link-worker-new-referral",
            "link-worker-group-full",
            "link-worker-group-answer",
            "link-worker-overdue",
            "facilitator-new-member",
            "facilitator-waitlist",
            "facilitator-help-request",
            "facilitator-reminder");
  }

  @Test
  void onlyLinkWorkersAndFacilitatorsAreSentALinkToAnswerWith() {
    for (Audience audience : Audience.values()) {
      if (audience == Audience.LINK_WORKER || audience == Audience.FACILITATOR) {
        assertThat(NotificationTemplates.fieldsFor(audience)).contains("respondUrl");
      } else {
        assertThat(NotificationTemplates.fieldsFor(audience))
            .as("fields for %s", audience)
            .doesNotContain("respondUrl");
      }
    }
  }

  @Test
  void readsAFieldWrittenUnderItsFormerName() {
    assertThat(
            NotificationTemplates.currentNames(
                Map.of("referralReference", "task-1", "groupName", "Walkers")))
        .containsExactlyInAnyOrderEntriesOf(Map.of("taskId", "task-1", "groupName", "Walkers"));
    assertThat(
            NotificationTemplates.currentNames(
                Map.of("referralReference", "old", "taskId", "task-2")))
        .containsExactlyInAnyOrderEntriesOf(Map.of("taskId", "task-2"));
  }

  @Test
  void theGpOutcomeCarriesTheScores() {
    assertThat(NotificationTemplates.GP_OUTCOME.fields())
        .containsAll(NotificationTemplates.GP_STATUS_UPDATE.fields())
        .contains("outcomes");
  }
}
