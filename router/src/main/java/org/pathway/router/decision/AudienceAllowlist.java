package org.pathway.router.decision;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.pathway.events.avro.Audience;

/**
 * The only notification fields each audience may receive (reliability S3). A facilitator gets a
 * name, how to make contact, the activity and when — never reasons, notes, conditions, medication
 * or the NHS number. Building a notification with any other field fails, so a mistake cannot reach
 * a facilitator's inbox.
 */
public final class AudienceAllowlist {

  private static final Map<Audience, Set<String>> ALLOWED =
      Map.of(
          Audience.FACILITATOR,
          Set.of("name", "contactPreference", "activity", "when"),
          Audience.LINK_WORKER,
          Set.of(
              "name",
              "nhsNumber",
              "birthDate",
              "postcodeDistrict",
              "contactPreference",
              "phone",
              "email",
              "needCategories",
              "priority",
              "practice",
              "dueAt",
              "serviceRequestId",
              "taskId",
              "reason",
              "activity",
              "group"),
          Audience.GP,
          Set.of(
              "taskId",
              "status",
              "businessStatus",
              "statusReason",
              "outcomes",
              "service",
              "changedAt"),
          Audience.HUB,
          Set.of("taskId", "step", "owner", "dueAt", "status", "action"));

  private AudienceAllowlist() {}

  /** The fields {@code audience} may receive; empty for an audience with no allowlist. */
  public static Set<String> allowed(Audience audience) {
    return ALLOWED.getOrDefault(audience, Set.of());
  }

  /** Refuses {@code fields} if any key is outside the audience's allowlist. */
  public static void check(Audience audience, Map<String, String> fields) {
    Set<String> extra = new TreeSet<>(fields.keySet());
    extra.removeAll(allowed(audience));
    if (!extra.isEmpty()) {
      throw new IllegalStateException(
          "fields " + extra + " are not allowed in a notification to " + audience);
    }
  }
}
