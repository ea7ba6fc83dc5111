package org.pathway.portal.pages;

import static org.pathway.portal.pages.Action.ACCEPT;
import static org.pathway.portal.pages.Action.ATTENDANCE;
import static org.pathway.portal.pages.Action.CAPACITY;
import static org.pathway.portal.pages.Action.CONTACT_ATTEMPT;
import static org.pathway.portal.pages.Action.DECLINE;
import static org.pathway.portal.pages.Action.FINISH;
import static org.pathway.portal.pages.Action.FIRST_CONVERSATION;
import static org.pathway.portal.pages.Action.PASS_ON;
import static org.pathway.portal.pages.Action.REFER_ON;
import static org.pathway.portal.pages.Action.SCORE;
import static org.pathway.portal.pages.Action.WAITLIST;

import java.util.List;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.pathway.access.links.LinkPurpose;

/**
 * Which answers a page offers, from the link's purpose and the Task's status: only moves the
 * ledger's state machine allows the Task's owner to make, so a page never offers what the ledger
 * would refuse.
 */
public final class PageActions {

  private PageActions() {}

  /** The answers offered, in the order the page shows them, on a Task that is no cascade step. */
  public static List<Action> offered(LinkPurpose purpose, TaskStatus status) {
    return offered(purpose, status, false);
  }

  /**
   * The answers offered, in the order the page shows them.
   *
   * @param passesOn whether the holder passes requests down a cascade ({@link CascadeStep}): once
   *     they have accepted, they pass it on or say it is done, instead of recording sessions
   */
  public static List<Action> offered(LinkPurpose purpose, TaskStatus status, boolean passesOn) {
    if (passesOn
        && purpose == LinkPurpose.FACILITATOR
        && (status == TaskStatus.ACCEPTED || status == TaskStatus.INPROGRESS)) {
      return List.of(PASS_ON, FINISH);
    }
    return switch (purpose) {
      case LINK_WORKER ->
          switch (status) {
            case REQUESTED -> List.of(ACCEPT, DECLINE);
            case ACCEPTED -> List.of(CONTACT_ATTEMPT, FIRST_CONVERSATION, SCORE);
            case INPROGRESS -> List.of(SCORE, REFER_ON);
            default -> List.of();
          };
      case FACILITATOR ->
          switch (status) {
            case REQUESTED -> List.of(ACCEPT, WAITLIST, DECLINE, CAPACITY);
            // From the waitlist a place can be offered; declining is no longer a move the ledger
            // allows from on-hold.
            case ONHOLD -> List.of(ACCEPT, CAPACITY);
            case ACCEPTED, INPROGRESS -> List.of(ATTENDANCE, FINISH, CAPACITY);
            default -> List.of(CAPACITY);
          };
      // The person's own status link opens the referral-status page (and its stop-sharing step).
      case REFERRAL_STATUS -> List.of();
    };
  }

  /** Whether {@code action} is offered (a posted form may name one the page did not show). */
  public static boolean allows(LinkPurpose purpose, TaskStatus status, Action action) {
    return allows(purpose, status, false, action);
  }

  /** As {@link #allows(LinkPurpose, TaskStatus, Action)}, for a holder who may pass on or not. */
  public static boolean allows(
      LinkPurpose purpose, TaskStatus status, boolean passesOn, Action action) {
    return offered(purpose, status, passesOn).contains(action);
  }
}
