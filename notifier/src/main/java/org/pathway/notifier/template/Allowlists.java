package org.pathway.notifier.template;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.pathway.events.avro.Audience;

/**
 * The fields each audience may ever see. The router already narrows request fields to these; the
 * notifier enforces them again at rendering, so a router bug cannot leak clinical detail.
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

  private static final Map<Audience, Set<String>> ALLOWED = new EnumMap<>(Audience.class);

  static {
    ALLOWED.put(
        Audience.FACILITATOR,
        Set.of(
            "recipientName",
            "personFirstName",
            "groupName",
            "sessionDate",
            "sessionTime",
            "contactPhone",
            "accessNeeds",
            "linkWorkerName",
            "referralReference",
            "respondUrl"));
    ALLOWED.put(
        Audience.LINK_WORKER,
        Set.of(
            "recipientName",
            "personName",
            "nhsNumber",
            "birthDate",
            "postcodeDistrict",
            "contactPhone",
            "contactEmail",
            "preferredContact",
            "referringPractice",
            "referralReference",
            "priority",
            "referralReason",
            "dueDate",
            "respondUrl"));
    ALLOWED.put(
        Audience.GP,
        Set.of(
            "recipientName",
            "personName",
            "nhsNumber",
            "birthDate",
            "referralReference",
            "linkWorkerService",
            "taskStatus",
            "businessStatus",
            "statusReason",
            "outcomeSummary",
            "outcomes"));
    ALLOWED.put(
        Audience.PERSON,
        Set.of(
            "recipientName",
            "personFirstName",
            "linkWorkerService",
            "linkWorkerName",
            "appointmentDate",
            "contactPhone",
            "referralReference"));
    ALLOWED.put(
        Audience.HUB,
        Set.of(
            "recipientName",
            "referralReference",
            "referringPractice",
            "priority",
            "dueDate",
            "overdueStep",
            "respondUrl"));
    ALLOWED.put(Audience.UNKNOWN, Set.of());
  }

  private Allowlists() {}

  /** The fields {@code audience} may see; empty for an unknown audience. */
  public static Set<String> of(Audience audience) {
    return ALLOWED.getOrDefault(audience, Set.of());
  }
}
