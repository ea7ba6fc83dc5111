package org.pathway.fhiradapter.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hl7.fhir.r4.model.Task.TaskStatus.ACCEPTED;
import static org.hl7.fhir.r4.model.Task.TaskStatus.CANCELLED;
import static org.hl7.fhir.r4.model.Task.TaskStatus.COMPLETED;
import static org.hl7.fhir.r4.model.Task.TaskStatus.INPROGRESS;
import static org.hl7.fhir.r4.model.Task.TaskStatus.ONHOLD;
import static org.hl7.fhir.r4.model.Task.TaskStatus.REJECTED;
import static org.hl7.fhir.r4.model.Task.TaskStatus.REQUESTED;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.Test;
import org.pathway.fhiradapter.ledger.Places.Count;
import org.pathway.fhiradapter.ledger.Places.Move;
import org.pathway.fhiradapter.ledger.Places.Standing;
import org.pathway.fhiradapter.ledger.Places.Start;

class PlacesTest {

  static final Count ONE_LEFT = new Count(1, true);
  static final Count FULL_WITH_WAITLIST = new Count(0, true);
  static final Count FULL_NO_WAITLIST = new Count(0, false);
  static final Count NOT_COUNTED = new Count(null, false);
  static final Standing MEMBER = new Standing(true, false);
  static final Standing WAITING = new Standing(false, true);

  @Test
  void anOnwardReferralToAGroupWithAPlaceAsksTheGroup() {
    assertThat(Places.onCreate(ONE_LEFT)).isEqualTo(Start.REQUESTED);
  }

  @Test
  void anOnwardReferralToAFullGroupWithAWaitlistJoinsIt() {
    assertThat(Places.onCreate(FULL_WITH_WAITLIST)).isEqualTo(Start.WAITLISTED);
  }

  @Test
  void anOnwardReferralToAFullGroupWithoutAWaitlistIsRefused() {
    assertThat(Places.onCreate(FULL_NO_WAITLIST)).isEqualTo(Start.REFUSED);
  }

  @Test
  void aGroupWhosePlacesNobodySaidIsAskedAndNotCounted() {
    assertThat(Places.onCreate(NOT_COUNTED)).isEqualTo(Start.REQUESTED);
    assertThat(Places.onChange(Standing.NONE, ACCEPTED, false, NOT_COUNTED))
        .isEqualTo(Move.TAKE_PLACE);
    assertThat(NOT_COUNTED.plus(-1)).isEqualTo(NOT_COUNTED);
    assertThat(Places.offers(NOT_COUNTED, 3)).isZero();
  }

  @Test
  void anAcceptedMemberTakesAPlace() {
    assertThat(Places.onChange(Standing.NONE, ACCEPTED, false, ONE_LEFT))
        .isEqualTo(Move.TAKE_PLACE);
    assertThat(ONE_LEFT.plus(-1)).isEqualTo(FULL_WITH_WAITLIST);
  }

  @Test
  void theSecondAcceptForTheLastPlaceIsWaitlistedWhereTheGroupKeepsAWaitlist() {
    assertThat(Places.onChange(Standing.NONE, ACCEPTED, false, FULL_WITH_WAITLIST))
        .isEqualTo(Move.WAITLIST_INSTEAD);
  }

  @Test
  void theSecondAcceptForTheLastPlaceIsRefusedWhereTheGroupKeepsNoWaitlist() {
    assertThat(Places.onChange(Standing.NONE, ACCEPTED, false, FULL_NO_WAITLIST))
        .isEqualTo(Move.NO_PLACE);
  }

  @Test
  void someoneWaitingIsAcceptedOnlyWhenAPlaceIsFreeAndKeepsTheirPositionOtherwise() {
    assertThat(Places.onChange(WAITING, ACCEPTED, false, ONE_LEFT)).isEqualTo(Move.TAKE_PLACE);
    assertThat(Places.onChange(WAITING, ACCEPTED, false, FULL_WITH_WAITLIST))
        .isEqualTo(Move.NO_PLACE);
  }

  @Test
  void aMemberWhoFinishesIsDeclinedOrCancelledFreesTheirPlace() {
    for (var end : new org.hl7.fhir.r4.model.Task.TaskStatus[] {COMPLETED, CANCELLED, REJECTED}) {
      assertThat(Places.onChange(MEMBER, end, false, FULL_WITH_WAITLIST))
          .as(end.toCode())
          .isEqualTo(Move.FREE_PLACE);
    }
    assertThat(FULL_WITH_WAITLIST.plus(1)).isEqualTo(ONE_LEFT);
  }

  @Test
  void aMemberWhoStartsOrPausesKeepsTheirPlace() {
    assertThat(Places.onChange(MEMBER, INPROGRESS, false, FULL_NO_WAITLIST)).isEqualTo(Move.NONE);
    assertThat(Places.onChange(MEMBER, ONHOLD, false, FULL_NO_WAITLIST)).isEqualTo(Move.NONE);
  }

  @Test
  void theGroupPuttingSomeoneOnItsWaitlistAddsThemAtTheEnd() {
    assertThat(Places.onChange(Standing.NONE, ONHOLD, true, FULL_WITH_WAITLIST))
        .isEqualTo(Move.JOIN_WAITLIST);
    assertThat(Places.onChange(WAITING, ONHOLD, true, FULL_WITH_WAITLIST)).isEqualTo(Move.NONE);
  }

  @Test
  void someoneWaitingWhoIsCancelledOrDeclinedLeavesTheWaitlist() {
    assertThat(Places.onChange(WAITING, CANCELLED, false, FULL_WITH_WAITLIST))
        .isEqualTo(Move.LEAVE_WAITLIST);
    assertThat(Places.onChange(WAITING, REJECTED, false, FULL_WITH_WAITLIST))
        .isEqualTo(Move.LEAVE_WAITLIST);
  }

  @Test
  void aFreedPlaceIsOfferedToTheFirstPersonWaitingOnePlaceEach() {
    assertThat(Places.offers(ONE_LEFT, 3)).isEqualTo(1);
    assertThat(Places.offers(new Count(5, true), 2)).isEqualTo(2);
    assertThat(Places.offers(ONE_LEFT, 0)).isZero();
    assertThat(Places.offers(FULL_WITH_WAITLIST, 2)).isZero();
  }

  @Test
  void aReceiptOnARequestedOrWaitingTaskMovesNothingAndAnotherChangeToAMemberMayTakeAPlace() {
    assertThat(Places.movesNothing(REQUESTED, false, REQUESTED, false)).isTrue();
    assertThat(Places.movesNothing(ONHOLD, true, ONHOLD, true)).isTrue();
    // an accepted member without a place (none was free) takes one on its next change
    assertThat(Places.movesNothing(ACCEPTED, false, ACCEPTED, false)).isFalse();
    assertThat(Places.onChange(Standing.NONE, ACCEPTED, false, ONE_LEFT))
        .isEqualTo(Move.TAKE_PLACE);
    // leaving the waitlist, or a new status, may move something
    assertThat(Places.movesNothing(ONHOLD, true, ONHOLD, false)).isFalse();
    assertThat(Places.movesNothing(REQUESTED, false, ACCEPTED, false)).isFalse();
  }

  @Test
  void whatMovesNothingIsLeftAloneByOnChangeWhateverTheCountAndStanding() {
    List<Count> counts = List.of(ONE_LEFT, FULL_WITH_WAITLIST, FULL_NO_WAITLIST, NOT_COUNTED);
    int checked = 0;
    for (TaskStatus from : TaskStatus.values()) {
      for (TaskStatus to : TaskStatus.values()) {
        for (boolean fromWaitlisted : new boolean[] {false, true}) {
          for (boolean toWaitlisted : new boolean[] {false, true}) {
            if (!Places.movesNothing(from, fromWaitlisted, to, toWaitlisted)) {
              continue;
            }
            for (Standing standing : standingsOf(from, fromWaitlisted)) {
              for (Count count : counts) {
                assertThat(Places.onChange(standing, to, toWaitlisted, count))
                    .as("%s %s -> %s from %s at %s", from, fromWaitlisted, to, standing, count)
                    .isEqualTo(Move.NONE);
                checked++;
              }
            }
          }
        }
      }
    }
    assertThat(checked).isPositive();
  }

  /**
   * The standings the save path keeps possible for a Task in {@code status}: a place only while a
   * member or on hold after accepting, the waitlist exactly when the business status says so.
   */
  private static List<Standing> standingsOf(TaskStatus status, boolean waitlisted) {
    List<Standing> standings = new ArrayList<>();
    standings.add(new Standing(false, waitlisted && status == ONHOLD));
    if (!waitlisted && Set.of(ACCEPTED, INPROGRESS, ONHOLD).contains(status)) {
      standings.add(MEMBER);
    }
    return standings;
  }
}
