package org.pathway.notifier.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pathway.events.notifications.NotificationTemplates;

/** A withdrawn referral as the link worker and the facilitator read it, in every channel. */
class CancellationRenderingTest {

  private final TemplateCatalogue catalogue = TemplateCatalogue.standard();

  @Test
  void theLinkWorkerReadsWhoseReferralWasWithdrawnAndWhy() {
    Map<String, String> fields =
        Map.of(
            "recipientName", "East Link Workers",
            "personName", "Alex Smith",
            "taskId", "task-1",
            "reason", "Patient moved away");
    RenderedMessage m =
        Renderer.render(
            catalogue.find(NotificationTemplates.LINK_WORKER_REFERRAL_CANCELLED.id()).orElseThrow(),
            fields);

    assertThat(m.subject()).isEqualTo("Referral withdrawn: Alex Smith");
    // Email text part, SMS (Notify) and the webhook's text.
    assertThat(m.text())
        .contains("Hello East Link Workers")
        .contains("Alex Smith (reference task-1) has been withdrawn: Patient moved away.")
        .doesNotContain("here:")
        .doesNotContain("{{");
    assertThat(m.html()).contains("Alex Smith").contains("Patient moved away").contains("task-1");
    assertThat(m.fields()).containsEntry("reason", "Patient moved away");
  }

  @Test
  void theFacilitatorReadsTheFirstNameAndGroupButNeverTheReason() {
    Map<String, String> fields =
        Map.of(
            "recipientName", "Sam",
            "personFirstName", "Alex",
            "groupName", "Walk and Talk",
            "taskId", "task-2",
            // A request wrongly carrying the reason: the facilitator must still never read it.
            "reason", "Patient moved away");
    RenderedMessage m =
        Renderer.render(
            catalogue.find(NotificationTemplates.FACILITATOR_REFERRAL_CANCELLED.id()).orElseThrow(),
            fields);

    assertThat(m.subject()).isEqualTo("Alex will not be joining Walk and Talk");
    assertThat(m.text())
        .contains("The referral of Alex to Walk and Talk (reference task-2) has been withdrawn.")
        .doesNotContain("moved away")
        .doesNotContain("here:");
    assertThat(m.html()).contains("Walk and Talk").doesNotContain("moved away");
    assertThat(m.fields()).doesNotContainKey("reason");
  }
}
