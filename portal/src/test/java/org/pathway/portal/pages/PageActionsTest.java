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
