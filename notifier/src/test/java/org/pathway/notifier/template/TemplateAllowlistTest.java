package org.pathway.notifier.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.Audience;

class TemplateAllowlistTest {

  /** Every field name any audience may see, plus the clinical ones no template should show. */
  private static Map<String, String> everyFieldWithMarkers() {
    Map<String, String> fields = new HashMap<>();
    for (Audience a : Audience.values()) {
      for (String f : Allowlists.of(a)) {
        fields.put(f, "<<" + f + ">>");
      }
    }
    for (String f : Allowlists.CLINICAL) {
      fields.put(f, "<<" + f + ">>");
    }
    fields.put("nhsNumber", "<<nhsNumber>>");
    return fields;
  }

  @Test
  void everyTemplateRendersOnlyFieldsInItsAudienceAllowlist() {
    Map<String, String> fields = everyFieldWithMarkers();
    List<Template> templates = TemplateCatalogue.standard().all();
    assertThat(templates).isNotEmpty();
    for (Template t : templates) {
      RenderedMessage m = Renderer.render(t, fields);
      Set<String> allowed = Allowlists.of(t.audience());
      String everything = m.subject() + "\n" + m.text() + "\n" + m.html();
      for (String f : fields.keySet()) {
        boolean shown =
            everything.contains("<<" + f + ">>")
                || everything.contains("&lt;&lt;" + f + "&gt;&gt;");
        if (shown) {
          assertThat(allowed)
              .as("template %s shows field %s outside the %s allowlist", t.id(), f, t.audience())
              .contains(f);
        }
      }
      assertThat(m.fields().keySet()).isSubsetOf(allowed);
      assertThat(t.placeholders()).as(t.id()).isSubsetOf(allowed);
    }
  }

  @Test
  void coversEveryAudience() {
    Set<Audience> covered = EnumSet.noneOf(Audience.class);
    TemplateCatalogue.standard().all().forEach(t -> covered.add(t.audience()));
    assertThat(covered)
        .containsAll(
            EnumSet.of(Audience.LINK_WORKER, Audience.FACILITATOR, Audience.GP, Audience.PERSON));
  }

  @Test
  void facilitatorsNeverSeeClinicalDetailOrNhsNumber() {
    assertThat(Allowlists.of(Audience.FACILITATOR))
        .doesNotContainAnyElementsOf(Allowlists.CLINICAL)
        .doesNotContain("nhsNumber", "birthDate");
    for (Template t : TemplateCatalogue.standard().all()) {
      if (t.audience() != Audience.FACILITATOR) {
        continue;
      }
      RenderedMessage m = Renderer.render(t, everyFieldWithMarkers());
      for (String clinical : Allowlists.CLINICAL) {
        assertThat(m.text() + m.html() + m.subject()).doesNotContain(clinical + ">");
      }
      assertThat(m.text()).doesNotContain("nhsNumber");
    }
  }

  @Test
  void thePersonNeverSeesClinicalDetailTheNhsNumberOrALink() {
    assertThat(Allowlists.of(Audience.PERSON))
        .doesNotContainAnyElementsOf(Allowlists.CLINICAL)
        .doesNotContain("nhsNumber", "birthDate", "declineReason", "statusReason", "respondUrl");
    for (Template t : TemplateCatalogue.standard().all()) {
      if (t.audience() != Audience.PERSON) {
        continue;
      }
      RenderedMessage m = Renderer.render(t, everyFieldWithMarkers());
      String everything = m.subject() + m.text() + m.html();
      for (String clinical : Allowlists.CLINICAL) {
        assertThat(everything).as(t.id()).doesNotContain("<<" + clinical + ">>");
      }
      assertThat(everything).as(t.id()).doesNotContain("<<nhsNumber>>", "<<respondUrl>>");
    }
  }

  @Test
  void refusesATemplateThatUsesAFieldOutsideItsAllowlist() {
    Template leaky =
        new Template(
            "facilitator-new-member", Audience.FACILITATOR, "Hi", "Reason: {{referralReason}}");
    assertThatThrownBy(() -> new TemplateCatalogue(List.of(leaky)))
        .hasMessageContaining("referralReason")
        .hasMessageContaining("FACILITATOR");
  }

  @Test
  void refusesATemplateTheRouterCannotAskFor() {
    Template stray = new Template("facilitator-gossip", Audience.FACILITATOR, "Hi", "Hello");
    assertThatThrownBy(() -> new TemplateCatalogue(List.of(stray)))
        .hasMessageContaining("facilitator-gossip")
        .hasMessageContaining("not in the contract");
  }

  @Test
  void hasATextForEveryTemplateInTheContract() {
    var catalogue = TemplateCatalogue.standard();
    for (var contract : org.pathway.events.notifications.NotificationTemplates.all()) {
      assertThat(catalogue.find(contract.id())).as(contract.id()).isPresent();
    }
  }

  @Test
  void rendersAFieldAnOlderRouterWroteUnderItsFormerName() {
    Template t = TemplateCatalogue.standard().find("gp-status-update").orElseThrow();
    RenderedMessage m =
        Renderer.render(t, Map.of("referralReference", "task-7", "taskStatus", "accepted"));
    assertThat(m.subject()).isEqualTo("Social prescribing referral task-7: accepted");
    assertThat(m.fields()).containsEntry("taskId", "task-7").doesNotContainKey("referralReference");
  }

  @Test
  void escapesMarkupInEveryHtmlPartAndKeepsSubjectsOnOneLine() {
    Template t = TemplateCatalogue.standard().find("facilitator-new-member").orElseThrow();
    RenderedMessage m =
        Renderer.render(
            t,
            Map.of(
                "personFirstName", "<script>alert('x')</script>",
                "groupName", "Walk & Talk\r\nBcc: evil@example.com",
                "activity", "javascript:alert(1)\"><a href=\"x"));
    assertThat(m.text()).contains("javascript:alert(1)\"><a href=\"x");
    assertThat(m.html()).doesNotContain("<script>").contains("&lt;script&gt;");
    assertThat(m.html()).doesNotContain("\"><a href");
    assertThat(m.subject()).doesNotContain("\n").doesNotContain("\r");
    assertThat(m.text()).contains("<script>alert('x')</script>");
  }
}
