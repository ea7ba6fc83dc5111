package org.pathway.fhiradapter.ledger;

import java.time.Instant;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.hl7.fhir.r4.model.UnsignedIntType;
import org.pathway.events.vocabulary.Extensions;
import org.pathway.fhiradapter.task.TaskTransitions;

/**
 * Where a tree of Tasks stands (a council's request passed to a hub, a street coordinator and a
 * volunteer), as a pure function of its steps: how deep it went, how many steps are open, done or
 * ended otherwise, how many are overdue at any level, and who holds the request now.
 *
 * @param levels the depth of the tree (1: the Task alone)
 * @param open steps not in a terminal status
 * @param completed steps completed
 * @param closed steps ended otherwise (cancelled, rejected, failed, entered in error)
 * @param overdue open steps past their due time
 * @param current the status of the furthest open step, else of the tree's top Task
 * @param currentOwner the owner of that step, or null
 */
public record CascadeRollUp(
    int levels,
    int open,
    int completed,
    int closed,
    int overdue,
    TaskStatus current,
    Reference currentOwner) {

  /**
   * One Task of the tree.
   *
   * @param level 1 for the top Task, 2 for its children...
   * @param lastModified when it last changed (orders steps of one level), or null
   * @param dueAt when its current step is due, or null
   */
  public record Step(
      int level, TaskStatus status, Reference owner, Instant lastModified, Instant dueAt) {

    /** The step {@code task} is at {@code level}. */
    public static Step of(Task task, int level) {
      return new Step(
          level,
          task.getStatus(),
          task.hasOwner() ? task.getOwner() : null,
          instant(task.getLastModified()),
          instant(task.getRestriction().getPeriod().getEnd()));
    }

    boolean isOpen() {
      return !TaskTransitions.isTerminal(status);
    }

    private static Instant instant(Date d) {
      return d == null ? null : d.toInstant();
    }
  }

  /**
   * The roll-up of {@code steps} (the top Task at level 1 first) at {@code now}.
   *
   * @throws IllegalArgumentException when there is no step
   */
  public static CascadeRollUp of(List<Step> steps, Instant now) {
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("a tree of Tasks has at least its top Task");
    }
    int levels = 0;
    int open = 0;
    int completed = 0;
    int closed = 0;
    int overdue = 0;
    for (Step s : steps) {
      levels = Math.max(levels, s.level());
      if (s.isOpen()) {
        open++;
        if (s.dueAt() != null && s.dueAt().isBefore(now)) {
          overdue++;
        }
      } else if (s.status() == TaskStatus.COMPLETED) {
        completed++;
      } else {
        closed++;
      }
    }
    // Where the request is now: the deepest open step (the latest changed among equals). A parent
    // stays open while its child works, so the deepest one is the person actually holding it.
    Optional<Step> furthest =
        steps.stream()
            .filter(Step::isOpen)
            .max(
                Comparator.comparingInt(Step::level)
                    .thenComparing(
                        Step::lastModified, Comparator.nullsFirst(Comparator.naturalOrder())));
    Step at = furthest.orElse(steps.get(0));
    return new CascadeRollUp(levels, open, completed, closed, overdue, at.status(), at.owner());
  }

  /** The roll-up as the {@link Extensions#CASCADE_ROLLUP} extension. */
  public Extension toExtension() {
    Extension e = new Extension(Extensions.CASCADE_ROLLUP);
    e.addExtension(Extensions.ROLLUP_LEVELS, new UnsignedIntType(levels));
    e.addExtension(Extensions.ROLLUP_OPEN, new UnsignedIntType(open));
    e.addExtension(Extensions.ROLLUP_COMPLETED, new UnsignedIntType(completed));
    e.addExtension(Extensions.ROLLUP_CLOSED, new UnsignedIntType(closed));
    e.addExtension(Extensions.ROLLUP_OVERDUE, new UnsignedIntType(overdue));
    e.addExtension(Extensions.ROLLUP_CURRENT, new CodeType(current.toCode()));
    if (currentOwner != null && !currentOwner.isEmpty()) {
      e.addExtension(Extensions.ROLLUP_CURRENT_OWNER, currentOwner.copy());
    }
    return e;
  }
}
