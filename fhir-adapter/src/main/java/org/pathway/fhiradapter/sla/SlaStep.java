package org.pathway.fhiradapter.sla;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Task;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.fhiradapter.task.TaskTransitions;

/**
 * The steps a Task's due time measures, and which step a Task is on, read from its status and its
 * {@code businessStatus} ({@link CodeSystems#TASK_BUSINESS_STATUS}). A pure function of the Task.
 */
public enum SlaStep {
  /** A requested Task waits for its owner to accept it. */
  ACCEPT,
  /** An accepted link-worker Task waits for the first conversation with the person. */
  FIRST_CONTACT,
  /** An accepted group Task (one {@code partOf} another) waits for the person's first session. */
  FIRST_SESSION,
  /** After the first contact or session, the Task waits to be completed. */
  COMPLETION;

  /**
   * Business statuses a link-worker Task has before the first conversation is held; any other
   * (first-conversation-held, plan-agreed, onward-referred...) means contact was made.
   */
  static final Set<String> BEFORE_FIRST_CONTACT =
      Set.of("delivered", "acknowledged", "contact-attempted", "contact-failed");

  /**
   * Business statuses a group Task has before the person attends a first session; any other
   * (session-attended, completed-...) means the first session was held.
   */
  static final Set<String> BEFORE_FIRST_SESSION =
      Set.of(
          "delivered",
          "acknowledged",
          "contact-attempted",
          "contact-failed",
          "session-scheduled",
          "did-not-attend");

  /** The name overdue events and settings use: {@code accept}, {@code first-contact}... */
  public String code() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The step named {@code code}, if any. */
  public static Optional<SlaStep> byCode(String code) {
    for (SlaStep s : values()) {
      if (s.code().equals(code)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** The step {@code task} is on; empty once it has ended. */
  public static Optional<SlaStep> of(Task task) {
    Task.TaskStatus status = task.getStatus();
    if (status == null || TaskTransitions.isTerminal(status)) {
      return Optional.empty();
    }
    if (status == Task.TaskStatus.DRAFT || status == Task.TaskStatus.REQUESTED) {
      return Optional.of(ACCEPT);
    }
    String business = businessCode(task);
    if (task.hasPartOf()) {
      return Optional.of(
          business == null || BEFORE_FIRST_SESSION.contains(business) ? FIRST_SESSION : COMPLETION);
    }
    return Optional.of(
        business == null || BEFORE_FIRST_CONTACT.contains(business) ? FIRST_CONTACT : COMPLETION);
  }

  private static String businessCode(Task task) {
    if (!task.hasBusinessStatus()) {
      return null;
    }
    for (Coding c : task.getBusinessStatus().getCoding()) {
      if (CodeSystems.TASK_BUSINESS_STATUS.equals(c.getSystem())) {
        return c.getCode();
      }
    }
    return null;
  }
}
