package org.pathway.notifier.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.Audience;
import org.pathway.events.notifications.NotificationTemplate;
import org.pathway.events.notifications.NotificationTemplates;

/** The signed link a link worker or facilitator answers with, as every channel shows it. */
class RespondLinkRenderingTest {

  private static final String URL = "https://portal.example.org/l/eyJhbGciOiJIUzI1NiJ9.e30.c2ln";

  private final TemplateCatalogue catalogue = TemplateCatalogue.standard();

  private RenderedMessage render(NotificationTemplate contract, String respondUrl) {
    Map<String, String> fields = new HashMap<>();
    for (String field : contract.fields()) {
      fields.put(field, field + "-value");
    }
    if (respondUrl == null) {
      fields.remove(NotificationTemplate.RESPOND_URL);
    } else {
      fields.put(NotificationTemplate.RESPOND_URL, respondUrl);
    }
    return Renderer.render(catalogue.find(contract.id()).orElseThrow(), fields);
  }

  @Test
  void everyMessageThatAsksForAnAnswerShowsTheLinkInTextAndAsAClickableLinkInHtml() {
    var answerable =
        NotificationTemplates.all().stream().filter(NotificationTemplate::asksForAnswer).toList();
    assertThat(answerable).hasSize(8);
    for (NotificationTemplate contract : answerable) {
      RenderedMessage m = render(contract, URL);

      assertThat(catalogue.find(contract.id()).orElseThrow().placeholders())
          .as(contract.id())
          .contains(NotificationTemplate.RESPOND_URL);
      // Plain text (email text part, SMS through Notify, webhook "text"): a call to action and the
      // address itself, on a line where a phone makes it a link.
      assertThat(m.text())
          .as(contract.id())
          .containsPattern("here: " + java.util.regex.Pattern.quote(URL) + "(\\n|$)");
      assertThat(m.html()).as(contract.id()).contains("<a href=\"" + URL + "\">" + URL + "</a>");
      // The webhook carries it as a field of its own.
      assertThat(m.fields()).as(contract.id()).containsEntry("respondUrl", URL);
      assertThat(m.subject()).as(contract.id()).doesNotContain(URL);
    }
  }

  @Test
  void aVolunteerIsAskedIfTheyCanHelpNotToLetSomeoneJoin() {
    RenderedMessage m = render(NotificationTemplates.FACILITATOR_HELP_REQUEST, URL);

    assertThat(m.subject()).isEqualTo("Can you help with activity-value?");
    assertThat(m.text())
        .contains("linkWorkerName-value has passed on a request to help personFirstName-value")
        .doesNotContain("would like to join")
        .doesNotContain("has been referred to");
  }

  @Test
  void theLinkIsEscapedInTheHtmlAttributeAndText() {
    String tricky = "https://portal.example.org/l/a?b=1&c=\"><script>x</script>";
    RenderedMessage m = render(NotificationTemplates.FACILITATOR_NEW_MEMBER, tricky);

    String escaped = Renderer.escapeHtml(tricky);
    assertThat(escaped).contains("&amp;").contains("&quot;").contains("&lt;script&gt;");
    assertThat(m.html())
        .contains("<a href=\"" + escaped + "\">" + escaped + "</a>")
        .doesNotContain("<script>")
        .doesNotContain("c=\">");
  }

  @Test
  void aLinkThatIsNotAWebAddressIsNeitherLinkedNorShown() {
    RenderedMessage m = render(NotificationTemplates.LINK_WORKER_OVERDUE, "javascript:alert(1)");

    assertThat(m.html()).doesNotContain("<a ").doesNotContain("javascript:");
    assertThat(m.text()).doesNotContain("javascript:").doesNotContain("Answer here:");
  }

  @Test
  void aRequestWithoutALinkDoesNotSayAnswerHereAndStop() {
    // A request an older router wrote, still on the topic.
    RenderedMessage m = render(NotificationTemplates.FACILITATOR_REMINDER, null);

    assertThat(m.text())
        .doesNotContain("Answer here:")
        .contains("Please accept or decline (reference taskId-value).");
    assertThat(m.html()).doesNotContain("<a ");
  }

  @Test
  void onlyLinkWorkersAndFacilitatorsMaySeeALink() {
    for (Audience audience : Audience.values()) {
      boolean answers = audience == Audience.LINK_WORKER || audience == Audience.FACILITATOR;
      assertThat(Allowlists.of(audience).contains(NotificationTemplate.RESPOND_URL))
          .as("%s may see respondUrl", audience)
          .isEqualTo(answers);
    }
    // A link sent to the GP by mistake is dropped before rendering.
    RenderedMessage gp =
        Renderer.render(
            catalogue.find(NotificationTemplates.GP_STATUS_UPDATE.id()).orElseThrow(),
            Map.of("taskId", "task-1", "respondUrl", URL));
    assertThat(gp.text() + gp.html()).doesNotContain(URL);
    assertThat(gp.fields()).doesNotContainKey("respondUrl");
  }

  @Test
  void theLinkWorkerReadsWhatTheGroupAnswered() {
    RenderedMessage m =
        Renderer.render(
            catalogue.find(NotificationTemplates.LINK_WORKER_GROUP_ANSWER.id()).orElseThrow(),
            Map.of(
                "recipientName", "North PCN Link Workers",
                "personName", "Alex Jones",
                "groupName", "Walk and Talk Group",
                "answer", "declined (No places available)",
                "declineReason", "No places available",
                "taskId", "task-1",
                "respondUrl", URL));

    assertThat(m.subject())
        .isEqualTo("Walk and Talk Group answered about Alex Jones: declined (No places available)");
    assertThat(m.text())
        .contains(
            "Walk and Talk Group has answered about Alex Jones: declined (No places available).")
        .contains("(reference task-1)")
        .contains(URL);
    assertThat(m.fields()).containsEntry("declineReason", "No places available");
  }
}
