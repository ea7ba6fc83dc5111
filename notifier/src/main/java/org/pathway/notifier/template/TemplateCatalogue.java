package org.pathway.notifier.template;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pathway.events.notifications.NotificationTemplate;
import org.pathway.events.notifications.NotificationTemplates;

/**
 * Every template the notifier can send. Built once; construction fails if any template refers to a
 * field outside its audience's allowlist, so a bad template never reaches production.
 */
public final class TemplateCatalogue {

  private final Map<String, Template> byId = new LinkedHashMap<>();

  /** The catalogue shipped with the notifier: one text per template of the shared contract. */
  public static TemplateCatalogue standard() {
    return new TemplateCatalogue(
        List.of(
            text(
                NotificationTemplates.LINK_WORKER_NEW_REFERRAL,
                "New social prescribing referral {{taskId}}",
                """
                Hello {{recipientName}},

                A new referral is waiting for you: {{personName}} (NHS {{nhsNumber}}, born \
                {{birthDate}}, {{postcodeDistrict}}), referred by {{referringPractice}}.
                Priority: {{priority}}. What matters: {{referralReason}}.
                Preferred contact: {{preferredContact}} {{contactPhone}} {{contactEmail}}.
                Please answer by {{dueDate}}.

                Accept or decline here: {{respondUrl}}
                """),
            text(
                NotificationTemplates.LINK_WORKER_GROUP_FULL,
                "{{groupName}} has no place for {{personName}}",
                """
                Hello {{recipientName}},

                {{groupName}} cannot take {{personName}} for {{activity}} now: {{capacityNote}}.
                Please offer another group (reference {{taskId}}).

                Choose another group here: {{respondUrl}}
                """),
            text(
                NotificationTemplates.LINK_WORKER_GROUP_ANSWER,
                "{{groupName}} answered about {{personName}}: {{answer}}",
                """
                Hello {{recipientName}},

                {{groupName}} has answered about {{personName}}: {{answer}}.

                See the referral (reference {{taskId}}) and what happens next here: {{respondUrl}}
                """),
            text(
                NotificationTemplates.LINK_WORKER_OVERDUE,
                "Overdue: {{overdueStep}} for referral {{taskId}}",
                """
                Hello {{recipientName}}, the step {{overdueStep}} of referral \
                {{taskId}} was due {{dueDate}}.

                Answer here: {{respondUrl}}
                """),
            text(
                NotificationTemplates.LINK_WORKER_REFERRAL_CANCELLED,
                "Referral withdrawn: {{personName}}",
                """
                Hello {{recipientName}},

                The referral for {{personName}} (reference {{taskId}}) has been withdrawn: \
                {{reason}}.
                There is nothing more to do; any link you were sent for it no longer opens it.
                """),
            text(
                NotificationTemplates.FACILITATOR_NEW_MEMBER,
                "Someone would like to join {{groupName}}",
                facilitatorBody("has been referred to {{groupName}} by {{linkWorkerName}}")),
            text(
                NotificationTemplates.FACILITATOR_WAITLIST,
                "Someone would like a place on the waiting list for {{groupName}}",
                facilitatorBody(
                    "would like a place on the waiting list for {{groupName}}, referred by"
                        + " {{linkWorkerName}}")),
            text(
                NotificationTemplates.FACILITATOR_HELP_REQUEST,
                "Can you help with {{activity}}?",
                """
                Hello {{recipientName}},

                {{linkWorkerName}} has passed on a request to help {{personFirstName}}: \
                {{activity}}.
                They prefer to be contacted by {{preferredContact}}.
                Can you help? Please accept, pass it on to someone who can, or decline \
                (reference {{taskId}}).

                Answer here: {{respondUrl}}
                """),
            text(
                NotificationTemplates.FACILITATOR_REMINDER,
                "Reminder: {{personFirstName}} is waiting to hear from {{groupName}}",
                """
                Hello {{recipientName}},

                {{personFirstName}} is still waiting to hear about {{groupName}}.
                Please accept or decline (reference {{taskId}}).

                Answer here: {{respondUrl}}
                """),
            text(
                NotificationTemplates.FACILITATOR_REFERRAL_CANCELLED,
                "{{personFirstName}} will not be joining {{groupName}}",
                """
                Hello {{recipientName}},

                The referral of {{personFirstName}} to {{groupName}} (reference {{taskId}}) has \
                been withdrawn. There is nothing more to do; any link you were sent for it no \
                longer opens it.
                """),
            text(
                NotificationTemplates.GP_STATUS_UPDATE,
                "Social prescribing referral {{taskId}}: {{taskStatus}}",
                """
                Referral {{taskId}} for {{personName}} (NHS {{nhsNumber}}) is now \
                {{taskStatus}} ({{businessStatus}}) at {{linkWorkerService}}. {{statusReason}}
                """),
            text(
                NotificationTemplates.GP_OUTCOME,
                "Social prescribing outcome for {{personName}}",
                """
                Referral {{taskId}} for {{personName}} (NHS {{nhsNumber}}, born \
                {{birthDate}}) has finished at {{linkWorkerService}}: {{outcomeSummary}}.
                Wellbeing scores: {{outcomes}}
                """),
            text(
                NotificationTemplates.PERSON_NEXT_STEPS,
                "Your referral to {{linkWorkerService}}",
                """
                Hello {{personFirstName}}, {{linkWorkerService}} has taken on your social \
                prescribing referral and will contact you {{contactWithin}}. Ref {{taskId}}
                """),
            text(
                NotificationTemplates.HUB_OVERDUE,
                "Overdue: {{overdueStep}} for referral {{taskId}}",
                """
                Hello {{recipientName}}, the step {{overdueStep}} of referral {{taskId}} \
                ({{referringPractice}}, {{priority}}) held by {{owner}} was due {{dueDate}}.
                """),
            text(
                NotificationTemplates.PERSON_GROUP_PLACE,
                "{{groupName}} has a place for you",
                """
                Hello {{personFirstName}}, {{groupName}} has a place for you. Where: \
                {{groupWhere}}. They or your link worker will be in touch. Ref {{taskId}}
                """),
            // Sent as the Task itself (R4 rest-hook); this text is only the receipt's record.
            text(
                NotificationTemplates.SUBSCRIPTION_NOTIFICATION,
                "Task {{taskId}}: {{taskStatus}}",
                """
                Subscription {{subscriptionId}}: Task {{taskId}} is now {{taskStatus}}.
                """),
            text(
                NotificationTemplates.LINK_WORKER_PLACE_OFFERED,
                "A place has come up at {{groupName}} for {{personName}}",
                """
                Hello {{recipientName}},

                A place has come up at {{groupName}} for {{personName}}, who was on its waiting \
                list. The group has been asked to take them and will be in touch with them.

                Reference: {{taskId}}.
                """)));
  }

  private static Template text(NotificationTemplate contract, String subject, String body) {
    return new Template(contract.id(), contract.audience(), subject, body);
  }

  private static String facilitatorBody(String what) {
    return """
        Hello {{recipientName}},

        {{personFirstName}} %s.
        They would like to try: {{activity}}, starting {{sessionDate}} {{sessionTime}}.
        They prefer to be contacted by {{preferredContact}}; {{linkWorkerName}} will introduce you.
        Please accept or decline (reference {{taskId}}).

        Answer here: {{respondUrl}}
        """
        .formatted(what);
  }

  /** A catalogue of {@code templates}; fails on a duplicate id or a field outside an allowlist. */
  public TemplateCatalogue(List<Template> templates) {
    for (Template t : templates) {
      NotificationTemplate contract =
          NotificationTemplates.find(t.id())
              .filter(c -> c.audience() == t.audience())
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "template "
                              + t.id()
                              + " for "
                              + t.audience()
                              + " is not in the contract"));
      Set<String> allowed = contract.fields();
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
