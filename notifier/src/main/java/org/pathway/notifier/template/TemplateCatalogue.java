package org.pathway.notifier.template;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pathway.events.avro.Audience;

/**
 * Every template the notifier can send. Built once; construction fails if any template refers to a
 * field outside its audience's allowlist, so a bad template never reaches production.
 */
public final class TemplateCatalogue {

  private final Map<String, Template> byId = new LinkedHashMap<>();

  /** The catalogue shipped with the notifier. */
  public static TemplateCatalogue standard() {
    return new TemplateCatalogue(
        List.of(
            new Template(
                "link-worker-new-referral",
                Audience.LINK_WORKER,
                "New social prescribing referral {{referralReference}}",
                """
                Hello {{recipientName}},

                A new referral is waiting for you: {{personName}} (NHS {{nhsNumber}}, born \
                {{birthDate}}, {{postcodeDistrict}}), referred by {{referringPractice}}.
                Priority: {{priority}}. What matters: {{referralReason}}.
                Preferred contact: {{preferredContact}} {{contactPhone}} {{contactEmail}}.
                Please respond by {{dueDate}}: {{respondUrl}}
                """),
            new Template(
                "facilitator-new-member",
                Audience.FACILITATOR,
                "Someone would like to join {{groupName}}",
                """
                Hello {{recipientName}},

                {{personFirstName}} has been referred to {{groupName}} by {{linkWorkerName}}.
                First session: {{sessionDate}} {{sessionTime}}. Access needs: {{accessNeeds}}.
                Contact number: {{contactPhone}}.
                Please accept or decline: {{respondUrl}} (reference {{referralReference}})
                """),
            new Template(
                "facilitator-reminder",
                Audience.FACILITATOR,
                "Reminder: {{personFirstName}} is waiting to hear from {{groupName}}",
                """
                Hello {{recipientName}},

                {{personFirstName}} is still waiting to hear about {{groupName}}.
                Please accept or decline: {{respondUrl}} (reference {{referralReference}})
                """),
            new Template(
                "gp-status-update",
                Audience.GP,
                "Social prescribing referral {{referralReference}}: {{taskStatus}}",
                """
                Referral {{referralReference}} for {{personName}} (NHS {{nhsNumber}}) is now \
                {{taskStatus}} ({{businessStatus}}) at {{linkWorkerService}}. {{statusReason}}
                """),
            new Template(
                "gp-outcome",
                Audience.GP,
                "Social prescribing outcome for {{personName}}",
                """
                Referral {{referralReference}} for {{personName}} (NHS {{nhsNumber}}, born \
                {{birthDate}}) has finished at {{linkWorkerService}}: {{outcomeSummary}}.
                Wellbeing scores: {{outcomes}}
                """),
            new Template(
                "person-next-steps",
                Audience.PERSON,
                "Your referral to {{linkWorkerService}}",
                """
                Hello {{personFirstName}}, {{linkWorkerName}} from {{linkWorkerService}} will \
                call you on {{appointmentDate}}. Questions: {{contactPhone}}. Ref {{referralReference}}
                """),
            new Template(
                "hub-overdue",
                Audience.HUB,
                "Overdue: {{overdueStep}} for referral {{referralReference}}",
                """
                Hello {{recipientName}}, the step {{overdueStep}} of referral {{referralReference}} \
                ({{referringPractice}}, {{priority}}) was due {{dueDate}}. {{respondUrl}}
                """)));
  }

  /** A catalogue of {@code templates}; fails on a duplicate id or a field outside an allowlist. */
  public TemplateCatalogue(List<Template> templates) {
    for (Template t : templates) {
      Set<String> allowed = Allowlists.of(t.audience());
      for (String field : t.placeholders()) {
        if (!allowed.contains(field)) {
          throw new IllegalArgumentException(
              "template "
                  + t.id()
                  + " uses '"
                  + field
                  + "', outside the "
                  + t.audience()
                  + " allowlist");
        }
      }
      if (byId.put(t.id(), t) != null) {
        throw new IllegalArgumentException("duplicate template id " + t.id());
      }
    }
  }

  public Optional<Template> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  public List<Template> all() {
    return List.copyOf(byId.values());
  }
}
