package org.pathway.fhiradapter.ledger;

import static org.hl7.fhir.r4.model.Task.TaskStatus.ACCEPTED;
import static org.hl7.fhir.r4.model.Task.TaskStatus.CANCELLED;
import static org.hl7.fhir.r4.model.Task.TaskStatus.COMPLETED;
import static org.hl7.fhir.r4.model.Task.TaskStatus.ENTEREDINERROR;
import static org.hl7.fhir.r4.model.Task.TaskStatus.FAILED;
import static org.hl7.fhir.r4.model.Task.TaskStatus.INPROGRESS;
import static org.hl7.fhir.r4.model.Task.TaskStatus.ONHOLD;
import static org.hl7.fhir.r4.model.Task.TaskStatus.REJECTED;

import java.util.EnumSet;
import java.util.Set;
import org.hl7.fhir.r4.model.Task.TaskStatus;

/**
 * How a group's Task moves the group's places and waitlist, as pure functions: the feed or the
 * group's report sets the places, each accepted member takes one, each finish, decline or cancel of
 * one frees it, and a freed place goes to the first person waiting. The save path ({@link
 * GroupPlaces}) applies what these decide.
 */
public final class Places {

  /**
   * A group's count as the ledger holds it.
   *
   * @param placesLeft places left; null when nobody said, and then nothing is counted
   * @param waitlistOpen whether the group keeps a waitlist
   */
  public record Count(Integer placesLeft, boolean waitlistOpen) {

    /** Whether the places are known, so they are counted. */
    public boolean known() {
      return placesLeft != null;
    }

    /** Whether a place is free for one more member (or nobody counts). */
    boolean hasPlace() {
      return !known() || placesLeft > 0;
    }

    /** This count with {@code delta} places (never below none); unknown stays unknown. */
    public Count plus(int delta) {
      return known() ? new Count(Math.max(0, placesLeft + delta), waitlistOpen) : this;
    }
  }

  /** Where a Task stands with its group before a change. */
  public record Standing(boolean holdsPlace, boolean waitlisted) {

    /** A Task neither holding a place nor waiting. */
    public static final Standing NONE = new Standing(false, false);
  }

  /** What a new onward referral starts as. */
  public enum Start {
    /** The group is asked to take the person: it has a place, or nobody counts its places. */
    REQUESTED,
    /** The group is full and keeps a waitlist: the person joins its end (Task on-hold). */
    WAITLISTED,
    /** The group is full and keeps no waitlist: the Task is rejected, no capacity. */
    REFUSED
  }

  /** What a change of a group's Task does to the group's count. */
  public enum Move {
    /** Nothing counted changes. */
    NONE,
    /** The member takes a place (and leaves the waitlist, if they were on it). */
    TAKE_PLACE,
    /** The member held a place and has ended: the place is free again. */
    FREE_PLACE,
    /** The group puts the person on its waitlist (at the end). */
    JOIN_WAITLIST,
    /** The person leaves the waitlist without a place (cancelled, declined). */
    LEAVE_WAITLIST,
    /**
     * An accept with no place left at a group with a waitlist: the person is waitlisted instead.
     */
    WAITLIST_INSTEAD,
    /** An accept with no place left and nowhere to wait: refused, nothing changes. */
    NO_PLACE
  }

  /** Statuses in which a member has a place in the group. */
  private static final Set<TaskStatus> MEMBER = EnumSet.of(ACCEPTED, INPROGRESS);

  /** Statuses that end a Task, and so its hold on a place or the waitlist. */
  private static final Set<TaskStatus> ENDS =
      EnumSet.of(COMPLETED, CANCELLED, FAILED, REJECTED, ENTEREDINERROR);

  private Places() {}

  /** What an onward referral to a group with {@code count} starts as. */
  public static Start onCreate(Count count) {
    if (count.hasPlace()) {
      return Start.REQUESTED;
    }
    return count.waitlistOpen() ? Start.WAITLISTED : Start.REFUSED;
  }

  /**
   * Whether a change certainly moves nothing, whatever the group's count: the Task keeps a status
   * in which it holds no place it could take ({@link #onChange} takes one for a member that has
   * none when a place is free) and stays on or off the waitlist as it was. A delivery receipt or a
   * note on a requested or waitlisted Task is such a change, and then the group's row, the busiest
   * in the ledger under load, need not be locked or read.
   *
   * @param fromWaitlisted the current version says the person is waitlisted (business status)
   * @param toWaitlisted the new version says so
   */
  public static boolean movesNothing(
      TaskStatus from, boolean fromWaitlisted, TaskStatus to, boolean toWaitlisted) {
    return from == to && fromWaitlisted == toWaitlisted && !MEMBER.contains(to);
  }

  /**
   * What moving a Task standing as {@code standing} to {@code to} does.
   *
   * @param toWaitlisted the new version says the person is waitlisted (business status)
   */
  public static Move onChange(Standing standing, TaskStatus to, boolean toWaitlisted, Count count) {
    if (standing.holdsPlace()) {
      return ENDS.contains(to) ? Move.FREE_PLACE : Move.NONE;
    }
    if (MEMBER.contains(to)) {
      if (count.hasPlace()) {
        return Move.TAKE_PLACE;
      }
      // Someone already waiting keeps their position rather than joining the end again.
      return count.waitlistOpen() && !standing.waitlisted() ? Move.WAITLIST_INSTEAD : Move.NO_PLACE;
    }
    if (standing.waitlisted()) {
      return to == ONHOLD && toWaitlisted ? Move.NONE : Move.LEAVE_WAITLIST;
    }
    return to == ONHOLD && toWaitlisted ? Move.JOIN_WAITLIST : Move.NONE;
  }

  /**
   * How many of the first people waiting are offered a place when the group has {@code count}: one
   * per free place, none when nobody counts.
   */
  public static int offers(Count count, int waiting) {
    return count.known() ? Math.min(count.placesLeft(), waiting) : 0;
  }
}
