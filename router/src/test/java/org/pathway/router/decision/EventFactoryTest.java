package org.pathway.router.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pathway.directory.DirectoryEntry;
import org.pathway.events.avro.ActorKind;
import org.pathway.events.avro.Channel;
import org.pathway.events.avro.EventEnvelope;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.notifications.NotificationTemplates;
import org.pathway.router.Fixtures;
import org.pathway.router.TestLinks;

/**
 * The three notification builders (to a directory entry, to the person referred, to a
 * Subscription's rest-hook) give one shape: blank fields dropped, the template contract enforced,
 * an id derived from the cause and purpose (stable on reprocessing) that is the idempotency key
 * unless the caller names one.
 */
class EventFactoryTest {

  private final EventFactory events = TestLinks.events();
  private final EventEnvelope cause = Fixtures.envelope("sr-1");
  private final DirectoryEntry group = Fixtures.demoDirectory().byId("walk-and-talk").orElseThrow();

  private Map<String, String> facilitatorFields() {
    Map<String, String> fields = new HashMap<>();
    fields.put("personFirstName", "Ada");
    fields.put("groupName", group.name());
    fields.put("taskId", "task-1");
    return fields;
  }

  private NotificationRequested toGroup(Map<String, String> fields) {
    return events.notification(
        cause,
        "reminder",
        "task-1",
        NotificationTemplates.FACILITATOR_REMINDER,
        group,
        group.preferredChannel().orElseThrow(),
        fields);
  }

  private NotificationRequested toPerson(Map<String, String> fields) {
    return events.personNotification(
        cause,
        "next-steps",
        "task-1",
        NotificationTemplates.PERSON_NEXT_STEPS,
        new PersonContact("Ada", Channel.EMAIL, "ada@example.org"),
        fields);
  }

  private NotificationRequested toSubscriber(Map<String, String> fields, String key) {
    return events.subscriptionNotification(
        cause,
        "subscription|s-1",
        "task-1",
        NotificationTemplates.SUBSCRIPTION_NOTIFICATION,
        Fixtures.actor(ActorKind.GP_PRACTICE, "Organization/A81001", null),
        "https://gp.example.org/fhir",
        fields,
        key);
  }

  @Test
  void everyBuilderDerivesTheSameIdFromTheSameCauseAndPurposeAndKeysByIt() {
    List<NotificationRequested> first =
        List.of(
            toGroup(facilitatorFields()),
            toPerson(Map.of("personFirstName", "Ada", "taskId", "task-1")),
            toSubscriber(Map.of("taskId", "task-1", "taskStatus", "accepted"), null));
    List<NotificationRequested> again =
        List.of(
            toGroup(facilitatorFields()),
            toPerson(Map.of("personFirstName", "Ada", "taskId", "task-1")),
            toSubscriber(Map.of("taskId", "task-1", "taskStatus", "accepted"), null));
    for (int i = 0; i < first.size(); i++) {
      NotificationRequested n = first.get(i);
      assertThat(n.getNotificationId()).isEqualTo(again.get(i).getNotificationId());
      assertThat(n.getIdempotencyKey()).isEqualTo(n.getNotificationId().toString());
      assertThat(n.getTaskId()).isEqualTo("task-1");
      assertThat(n.getEnvelope().getCorrelationId()).isEqualTo(cause.getCorrelationId());
    }
    assertThat(first)
        .extracting(NotificationRequested::getNotificationId)
        .as("a different purpose, a different notification")
        .doesNotHaveDuplicates();
  }

  @Test
  void aSubscriptionsRequestKeepsTheIdempotencyKeyItWasGiven() {
    NotificationRequested n =
        toSubscriber(Map.of("taskId", "task-1", "taskStatus", "accepted"), "s-1|Task/task-1|v3");

    assertThat(n.getIdempotencyKey()).isEqualTo("s-1|Task/task-1|v3");
    assertThat(n.getChannel()).isEqualTo(Channel.FHIR);
    assertThat(n.getRecipient().getAddress()).isEqualTo("https://gp.example.org/fhir");
  }

  @Test
  void blankFieldsAreDroppedAndTheRecipientsNameAndLinkAdded() {
    Map<String, String> fields = facilitatorFields();
    fields.put("groupName", " ");

    NotificationRequested n = toGroup(fields);

    assertThat(n.getFields()).doesNotContainKey("groupName");
    assertThat(n.getFields()).containsKeys("recipientName", "respondUrl");
    assertThat(n.getFields().get("respondUrl")).startsWith(TestLinks.PORTAL + "/l/");
    NotificationRequested person =
        toPerson(Map.of("personFirstName", "Ada", "taskId", "task-1", "contactPhone", ""));
    assertThat(person.getFields())
        .containsEntry("recipientName", "Ada")
        .doesNotContainKey("contactPhone");
  }

  @Test
  void aFieldOutsideTheTemplateIsRefusedByEveryBuilder() {
    Map<String, String> withNhsNumber = new HashMap<>(facilitatorFields());
    withNhsNumber.put("nhsNumber", "9000000009");

    assertThatThrownBy(() -> toGroup(withNhsNumber)).hasMessageContaining("nhsNumber");
    assertThatThrownBy(() -> toPerson(Map.of("taskId", "t", "nhsNumber", "9000000009")))
        .hasMessageContaining("nhsNumber");
    assertThatThrownBy(() -> toSubscriber(Map.of("taskId", "t", "nhsNumber", "9"), null))
        .hasMessageContaining("nhsNumber");
  }
}
