package org.pathway.portal.pages;

import org.hl7.fhir.r4.model.Task;

/**
 * Where a person's own referral is, in plain words for them: a message key from the status of its
 * Task (and whether they have been put in touch with a group), never a code or clinical detail.
 */
public final class ReferralStatus {

  private ReferralStatus() {}

  /** The message key ({@code person-status.*}) saying where {@code task} stands. */
  public static String key(Task task) {
    String business =
        task.getBusinessStatus().getCoding().stream().map(c -> c.getCode()).findFirst().orElse("");
    if (task.getStatus() == null) {
      return "person-status.received";
    }
    return switch (task.getStatus()) {
      case DRAFT, REQUESTED, RECEIVED, READY -> "person-status.received";
      case ACCEPTED -> "person-status.accepted";
      case INPROGRESS ->
          "onward-referred".equals(business)
              ? "person-status.onward-referred"
              : "person-status.in-progress";
      case ONHOLD -> "person-status.on-hold";
      case COMPLETED -> "person-status.completed";
      case REJECTED, FAILED -> "person-status.not-taken";
      case CANCELLED, ENTEREDINERROR -> "person-status.withdrawn";
      default -> "person-status.received";
    };
  }
}
