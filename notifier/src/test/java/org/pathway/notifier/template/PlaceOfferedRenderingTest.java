package org.pathway.notifier.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pathway.events.notifications.NotificationTemplates;

/** A place come up from a group's waitlist, as the link worker who referred the person reads it. */
class PlaceOfferedRenderingTest {

  private final TemplateCatalogue catalogue = TemplateCatalogue.standard();

  @Test
  void theLinkWorkerReadsWhichGroupHasAPlaceForWhomInOneSentence() {
    Map<String, String> fields =
        Map.of(
            "recipientName", "East Link Workers",
            "personName", "Alex Smith",
            "groupName", "Chair Yoga Class",
            "taskId", "task-1");
    RenderedMessage m =
        Renderer.render(
            catalogue.find(NotificationTemplates.LINK_WORKER_PLACE_OFFERED.id()).orElseThrow(),
            fields);

    assertThat(m.subject()).isEqualTo("A place has come up at Chair Yoga Class for Alex Smith");
    // The sentence reads as one, not with the source's indentation in the middle of it.
    assertThat(m.text())
        .contains("Hello East Link Workers")
        .contains(
            "A place has come up at Chair Yoga Class for Alex Smith, who was on its waiting list.")
        .contains("Reference: task-1.")
        .doesNotContain("  ")
        .doesNotContain("{{");
    assertThat(m.html()).contains("Chair Yoga Class").contains("Alex Smith").contains("task-1");
  }
}
