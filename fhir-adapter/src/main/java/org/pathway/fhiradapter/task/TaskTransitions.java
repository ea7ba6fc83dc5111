package org.pathway.fhiradapter.task;

import static org.hl7.fhir.r4.model.Task.TaskStatus.ACCEPTED;
import static org.hl7.fhir.r4.model.Task.TaskStatus.CANCELLED;
import static org.hl7.fhir.r4.model.Task.TaskStatus.COMPLETED;
import static org.hl7.fhir.r4.model.Task.TaskStatus.DRAFT;
import static org.hl7.fhir.r4.model.Task.TaskStatus.ENTEREDINERROR;
import static org.hl7.fhir.r4.model.Task.TaskStatus.FAILED;
import static org.hl7.fhir.r4.model.Task.TaskStatus.INPROGRESS;
import static org.hl7.fhir.r4.model.Task.TaskStatus.ONHOLD;
import static org.hl7.fhir.r4.model.Task.TaskStatus.REJECTED;
import static org.hl7.fhir.r4.model.Task.TaskStatus.REQUESTED;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Task.TaskStatus;

/**
 * The guarded Task state machine of the design brief. A pure function: a proposed change in, the
 * reason it is refused (if it is) out.
 */
public final class TaskTransitions {

  /** Why a change is refused: an illegal move, or a legal move missing what it needs. */
  public enum Kind {
    ILLEGAL_TRANSITION,
    MISSING_REASON,
    MISSING_OUTPUT
  }

  /** A refused change. */
  public record Refusal(Kind kind, String expression, String message) {}

  private static final Map<TaskStatus, Set<TaskStatus>> ALLOWED =
      Map.of(
          DRAFT, EnumSet.of(REQUESTED, CANCELLED, ENTEREDINERROR),
          REQUESTED,
              EnumSet.of(ACCEPTED, REJECTED, CANCELLED, INPROGRESS, ONHOLD, FAILED, ENTEREDINERROR),
          ACCEPTED, EnumSet.of(INPROGRESS, ONHOLD, CANCELLED, FAILED, COMPLETED, ENTEREDINERROR),
          INPROGRESS, EnumSet.of(ONHOLD, COMPLETED, FAILED, CANCELLED, ENTEREDINERROR),
          ONHOLD, EnumSet.of(INPROGRESS, ACCEPTED, CANCELLED, FAILED, ENTEREDINERROR));

  private static final Set<TaskStatus> NEED_REASON = EnumSet.of(REJECTED, CANCELLED, FAILED);

  private TaskTransitions() {}

  /**
   * Checks moving a Task from {@code from} to {@code to}.
   *
   * @param hasReason the new version carries a {@code statusReason}
   * @param hasOutput the new version carries at least one {@code output}
   */
  public static Optional<Refusal> check(
      TaskStatus from, TaskStatus to, boolean hasReason, boolean hasOutput) {
    if (from != to && !ALLOWED.getOrDefault(from, Set.of()).contains(to)) {
      return Optional.of(
          new Refusal(
              Kind.ILLEGAL_TRANSITION,
              "Task.status",
              "a Task cannot move from '" + from.toCode() + "' to '" + to.toCode() + "'"));
    }
    if (from != to && NEED_REASON.contains(to) && !hasReason) {
      return Optional.of(
          new Refusal(
              Kind.MISSING_REASON,
              "Task.statusReason",
              "status '" + to.toCode() + "' needs a statusReason"));
    }
    if (from != to && to == COMPLETED && !hasOutput) {
      return Optional.of(
          new Refusal(
              Kind.MISSING_OUTPUT, "Task.output", "status 'completed' needs at least one output"));
    }
    return Optional.empty();
  }

  /** The statuses a Task can still move on from: the ones the SLA watch keeps an eye on. */
  public static Set<TaskStatus> openStatuses() {
    return ALLOWED.keySet();
  }

  /**
   * The step a Task in {@code status} is waiting for, as named in an overdue event: a requested
   * Task waits to be accepted, an accepted one to start, one in progress to complete.
   */
  public static String pendingStep(TaskStatus status) {
    return switch (status) {
      case DRAFT -> "request";
      case REQUESTED -> "accept";
      case ACCEPTED -> "start";
      case INPROGRESS -> "complete";
      case ONHOLD -> "resume";
      default -> "none";
    };
  }

  /** True when no further status change is possible (other than entered-in-error). */
  public static boolean isTerminal(TaskStatus status) {
    return !ALLOWED.containsKey(status);
  }
}
