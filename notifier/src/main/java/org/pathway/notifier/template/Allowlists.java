package org.pathway.notifier.template;

import java.util.Set;
import org.pathway.events.avro.Audience;
import org.pathway.events.notifications.NotificationTemplates;

/**
 * The fields each audience may ever see, from the template contract the router builds requests
 * against. The notifier enforces them again at rendering, so a router bug cannot leak clinical
 * detail.
 */
public final class Allowlists {

  /**
   * Field names that carry clinical detail. Facilitators never see any of them (reliability S3);
   * they also never see the NHS number, which the community group has no need for.
   */
  public static final Set<String> CLINICAL =
      Set.of(
          "reason",
          "referralReason",
          "notes",
          "clinicalNotes",
          "conditions",
          "diagnosis",
          "medication",
          "allergies");

  private Allowlists() {}

  /**
   * The fields {@code audience} may see: those of its templates in the shared contract ({@link
   * NotificationTemplates}); empty for an unknown audience.
   */
  public static Set<String> of(Audience audience) {
    return NotificationTemplates.fieldsFor(audience);
  }
}
