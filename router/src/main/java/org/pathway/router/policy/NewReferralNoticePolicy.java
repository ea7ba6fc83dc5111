package org.pathway.router.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pathway.directory.Directory;
import org.pathway.directory.DirectoryEntry;
import org.pathway.events.avro.EventEnvelope;
import org.pathway.events.avro.ReferralReceived;
import org.pathway.events.avro.TaskStatusChanged;
import org.pathway.events.notifications.NotificationTemplates;
import org.pathway.router.decision.EventFactory;
import org.pathway.router.decision.KnownReferral;
import org.pathway.router.decision.RoutedReferral;
import org.pathway.router.decision.RouterOutput;

/**
 * A link-worker service hears of a new referral once the ledger announces it owns the Task because
 * of the router's routing decision (assign, or waitlist), not when triage decides: its system reads
 * the Task at once, and tenancy shows a service only the Tasks it owns. One notice per routing:
 * only the Task change the decision caused tells, so any later change of the same Task tells
 * nothing.
 */
public final class NewReferralNoticePolicy {

  /** Purpose of the notice, keeping its ids apart from other policies' on the same Task change. */
  public static final String RULE = "link-worker";

  private final Directory directory;
  private final EventFactory events;

  public NewReferralNoticePolicy(Directory directory, EventFactory events) {
    this.directory = directory;
    this.events = events;
  }

  /**
   * @param routed what triage routed for the changed Task; empty when it routed none
   * @param referral what is known of the referral (the person as the GP knows them, the practice)
   */
  public RouterOutput decide(
      TaskStatusChanged change, Optional<RoutedReferral> routed, KnownReferral referral) {
    if (routed.isEmpty() || !announcesOwner(change, routed.get())) {
      return RouterOutput.none();
    }
    return notice(change.getEnvelope(), routed.get(), referral);
  }

  /**
   * The notice for a referral whose Task the routed service owned from intake (the sender named it
   * as performer): the ledger already shows the Task as the service's, and applying the decision
   * will announce no change of owner, so the service is told now.
   *
   * @param routed what triage routed; told only when it is the owner the referral arrived with
   */
  public RouterOutput alreadyOwned(
      ReferralReceived referral, RoutedReferral routed, KnownReferral known) {
    if (!ownedAtIntake(referral, routed)) {
      return RouterOutput.none();
    }
    return notice(referral.getEnvelope(), routed, known);
  }

  /** The routed service's new-referral notice, caused by {@code cause}; none without a channel. */
  private RouterOutput notice(EventEnvelope cause, RoutedReferral routed, KnownReferral known) {
    Optional<DirectoryEntry> service = directory.byReference(routed.serviceReference());
    var channel = service.flatMap(DirectoryEntry::preferredChannel);
    if (channel.isEmpty()) {
      // Triage's decision already says the service has no channel (or left the directory since).
      return RouterOutput.none();
    }
    return new RouterOutput(
        List.of(),
        List.of(
            events.notification(
                cause,
                RULE,
                routed.taskId(),
                NotificationTemplates.LINK_WORKER_NEW_REFERRAL,
                service.get(),
                channel.get(),
                fields(routed.taskId(), routed, known))));
  }

  /** Whether the Task routed was already the routed service's when the referral arrived. */
  public static boolean ownedAtIntake(ReferralReceived referral, RoutedReferral routed) {
    return referral.getOwner() != null
        && routed.taskId().equals(referral.getTaskId())
        && routed.serviceReference().equals(referral.getOwner());
  }

  /**
   * Whether {@code change} is the ledger applying the routing decision: caused by it, and leaving
   * the Task with the service it routed to.
   */
  static boolean announcesOwner(TaskStatusChanged change, RoutedReferral routed) {
    return change.getParentTaskId() == null
        && routed.decisionId().equals(change.getEnvelope().getCausationId())
        && routed.taskId().equals(change.getTaskId())
        && change.getOwner() != null
        && routed.serviceReference().equals(change.getOwner().getReference());
  }

  private static Map<String, String> fields(
      String taskId, RoutedReferral routed, KnownReferral referral) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("personName", referral.personName());
    fields.put("nhsNumber", referral.nhsNumber());
    fields.put("birthDate", referral.birthDateText());
    fields.put("postcodeDistrict", routed.postcodeDistrict());
    fields.put("preferredContact", routed.preferredContact());
    fields.put("contactPhone", routed.contactPhone());
    fields.put("contactEmail", routed.contactEmail());
    // Social-need categories, not clinical reasons: what the person wants help with.
    fields.put("referralReason", routed.needCategories());
    fields.put("priority", referral.priority());
    fields.put("referringPractice", referral.practiceOdsCode());
    fields.put("dueDate", routed.dueAt() == null ? null : routed.dueAt().toString());
    fields.put("taskId", taskId);
    return fields;
  }
}
