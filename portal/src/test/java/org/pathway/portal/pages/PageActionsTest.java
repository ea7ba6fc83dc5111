package org.pathway.portal.pages;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.Test;
import org.pathway.access.links.LinkPurpose;

class PageActionsTest {

  @Test
  void offersALinkWorkerAcceptOrDeclineWhileTheReferralWaits() {
    assertThat(PageActions.offered(LinkPurpose.LINK_WORKER, TaskStatus.REQUESTED))
        .containsExactly(Action.ACCEPT, Action.DECLINE);
  }

  @Test
  void offersContactAndFirstConversationOnceAccepted() {
    assertThat(PageActions.offered(LinkPurpose.LINK_WORKER, TaskStatus.ACCEPTED))
        .contains(Action.CONTACT_ATTEMPT, Action.FIRST_CONVERSATION, Action.SCORE)
        .doesNotContain(Action.ACCEPT, Action.DECLINE, Action.REFER_ON);
  }

  @Test
  void offersReferOnOnlyAfterTheFirstConversation() {
    assertThat(PageActions.offered(LinkPurpose.LINK_WORKER, TaskStatus.INPROGRESS))
        .contains(Action.REFER_ON, Action.SCORE);
  }

  @Test
  void offersAHolderWhoPassesOnPassingItOnOnceAcceptedAndNoSessions() {
    for (TaskStatus status : new TaskStatus[] {TaskStatus.ACCEPTED, TaskStatus.INPROGRESS}) {
      assertThat(PageActions.offered(LinkPurpose.FACILITATOR, status, true))
          .containsExactly(Action.PASS_ON, Action.FINISH);
      assertThat(PageActions.offered(LinkPurpose.FACILITATOR, status, false))
          .doesNotContain(Action.PASS_ON);
    }
    // before accepting, the page is a group's: accept, waitlist or decline first
    assertThat(PageActions.offered(LinkPurpose.FACILITATOR, TaskStatus.REQUESTED, true))
        .contains(Action.ACCEPT)
        .doesNotContain(Action.PASS_ON);
    // a link worker's link never passes on this way (it refers on to groups)
    assertThat(PageActions.offered(LinkPurpose.LINK_WORKER, TaskStatus.INPROGRESS, true))
        .doesNotContain(Action.PASS_ON);
    assertThat(
            PageActions.allows(LinkPurpose.FACILITATOR, TaskStatus.ACCEPTED, false, Action.PASS_ON))
        .isFalse();
  }

  @Test
  void offersAFacilitatorAPlaceTheWaitlistOrDecline() {
    assertThat(PageActions.offered(LinkPurpose.FACILITATOR, TaskStatus.REQUESTED))
        .containsExactly(Action.ACCEPT, Action.WAITLIST, Action.DECLINE, Action.CAPACITY);
  }

  @Test
  void neverOffersDeclineFromTheWaitlistBecauseTheLedgerForbidsIt() {
    assertThat(PageActions.offered(LinkPurpose.FACILITATOR, TaskStatus.ONHOLD))
        .contains(Action.ACCEPT)
        .doesNotContain(Action.DECLINE);
  }

  @Test
  void offersAttendanceAndFinishToAMemberOfTheGroup() {
    assertThat(PageActions.offered(LinkPurpose.FACILITATOR, TaskStatus.INPROGRESS))
        .containsExactly(Action.ATTENDANCE, Action.FINISH, Action.CAPACITY);
  }

  @Test
  void offersNothingOnAClosedReferral() {
    for (TaskStatus closed :
        new TaskStatus[] {TaskStatus.COMPLETED, TaskStatus.REJECTED, TaskStatus.CANCELLED}) {
      assertThat(PageActions.offered(LinkPurpose.LINK_WORKER, closed)).isEmpty();
      assertThat(PageActions.offered(LinkPurpose.FACILITATOR, closed))
          .containsExactly(Action.CAPACITY);
    }
  }

  @Test
  void refusesAnActionThePageDidNotOffer() {
    assertThat(PageActions.allows(LinkPurpose.LINK_WORKER, TaskStatus.COMPLETED, Action.ACCEPT))
        .isFalse();
    assertThat(PageActions.allows(LinkPurpose.FACILITATOR, TaskStatus.REQUESTED, Action.REFER_ON))
        .isFalse();
  }
}
