package org.pathway.router.decision;

import java.util.Objects;
import org.pathway.events.avro.OnwardReferralCreated;

/**
 * Who referred a group's Task on, kept from the {@code OnwardReferralCreated} that created it: the
 * group's later Task changes name only their parent Task, and the link worker must hear the group's
 * answer.
 *
 * @param taskId the group's Task
 * @param parentTaskId the link worker's own Task, which the group's is part of
 * @param linkWorkerReference the referring link-worker service, as a directory reference (e.g.
 *     {@code HealthcareService/lw-north})
 */
public record OnwardReferral(String taskId, String parentTaskId, String linkWorkerReference) {

  public OnwardReferral {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(parentTaskId, "parentTaskId");
    Objects.requireNonNull(linkWorkerReference, "linkWorkerReference");
  }

  /** What to keep of {@code referral}. */
  public static OnwardReferral of(OnwardReferralCreated referral) {
    return new OnwardReferral(
        referral.getTaskId(), referral.getParentTaskId(), referral.getRequestedBy().getReference());
  }
}
