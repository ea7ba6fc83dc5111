package org.pathway.router.decision;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.pathway.events.avro.OnwardReferralCreated;

/**
 * Who referred a group's Task on, kept from the {@code OnwardReferralCreated} that created it: the
 * group's later Task changes name only their parent Task, and the link worker must hear the group's
 * answer. With it, what the facilitator's new-member notice needs when a place comes up later for
 * someone who waited (each null when not known).
 *
 * @param taskId the group's Task
 * @param parentTaskId the link worker's own Task, which the group's is part of
 * @param linkWorkerReference the referring link-worker service, as a directory reference (e.g.
 *     {@code HealthcareService/lw-north})
 * @param groupReference the group, as a directory reference
 * @param activity what the person wants to try
 * @param preferredStart when they would like to start
 * @param contactPreference how they like to be contacted first (lower case, e.g. {@code phone})
 * @param linkWorkerName who referred them on, as shown to people
 */
public record OnwardReferral(
    String taskId,
    String parentTaskId,
    String linkWorkerReference,
    String groupReference,
    String activity,
    Instant preferredStart,
    String contactPreference,
    String linkWorkerName) {

  public OnwardReferral {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(parentTaskId, "parentTaskId");
    Objects.requireNonNull(linkWorkerReference, "linkWorkerReference");
  }

  /** Who referred on, without the facilitator's facts. */
  public OnwardReferral(String taskId, String parentTaskId, String linkWorkerReference) {
    this(taskId, parentTaskId, linkWorkerReference, null, null, null, null, null);
  }

  /** What to keep of {@code referral}. */
  public static OnwardReferral of(OnwardReferralCreated referral) {
    return new OnwardReferral(
        referral.getTaskId(),
        referral.getParentTaskId(),
        referral.getRequestedBy().getReference(),
        referral.getGroupService().getReference(),
        referral.getActivity(),
        referral.getPreferredStart(),
        referral.getPerson().getContactPreference().name().toLowerCase(Locale.ROOT),
        referral.getRequestedBy().getDisplay());
  }
}
