package org.pathway.router.links;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.pathway.access.links.LinkKeys;
import org.pathway.access.links.LinkPurpose;
import org.pathway.access.links.LinkRefusal;
import org.pathway.access.links.LinkRefusedException;
import org.pathway.access.links.LinkSigner;
import org.pathway.access.links.SignedLink;
import org.pathway.events.avro.EventEnvelope;
import org.pathway.events.notifications.NotificationTemplates;
import org.pathway.router.Fixtures;
import org.pathway.router.TestLinks;

class RespondLinksTest {

  private static final Instant OCCURRED = Instant.parse("2026-11-20T09:15:42.123Z");

  private final RespondLinks links = TestLinks.respondLinks();
  private final EventEnvelope cause = Fixtures.envelope("r1", OCCURRED);

  @Test
  void bindsTheLinkToTheTaskTheRecipientAndThePurposeOfTheTemplate() throws Exception {
    String url =
        links.respondUrl(cause, NotificationTemplates.LINK_WORKER_NEW_REFERRAL, "task-1", "lw-1");

    assertThat(url).startsWith("https://portal.test/l/");
    SignedLink link = TestLinks.verify(url, OCCURRED);
    assertThat(link.taskId()).isEqualTo("task-1");
    assertThat(link.recipient()).isEqualTo("lw-1");
    assertThat(link.purpose()).isEqualTo(LinkPurpose.LINK_WORKER);

    SignedLink facilitator =
        TestLinks.verify(
            links.respondUrl(
                cause, NotificationTemplates.FACILITATOR_NEW_MEMBER, "task-2", "walk-and-talk"),
            OCCURRED);
    assertThat(facilitator.purpose()).isEqualTo(LinkPurpose.FACILITATOR);
    assertThat(facilitator.recipient()).isEqualTo("walk-and-talk");
  }

  @Test
  void isIssuedAtTheEventsTimeAndExpiresALifetimeLater() throws Exception {
    String url =
        links.respondUrl(cause, NotificationTemplates.LINK_WORKER_OVERDUE, "task-1", "lw-1");

    SignedLink link = TestLinks.verify(url, OCCURRED);
    Instant issued = OCCURRED.truncatedTo(ChronoUnit.SECONDS);
    assertThat(link.issuedAt()).isEqualTo(issued);
    assertThat(link.expiresAt()).isEqualTo(issued.plus(Duration.ofDays(14)));
    assertThat(TestLinks.verify(url, OCCURRED.plus(Duration.ofDays(13))).taskId())
        .isEqualTo("task-1");
    assertThatThrownBy(() -> TestLinks.verify(url, OCCURRED.plus(Duration.ofDays(14))))
        .isInstanceOfSatisfying(
            LinkRefusedException.class,
            e -> assertThat(e.refusal()).isEqualTo(LinkRefusal.EXPIRED));
  }

  @Test
  void theSameDecisionMadeTwiceYieldsTheSameLink() throws Exception {
    // A redelivered event: same id and time, a fresh envelope object.
    EventEnvelope again = EventEnvelope.newBuilder(cause).build();
    var template = NotificationTemplates.FACILITATOR_REMINDER;

    String first = links.respondUrl(cause, template, "task-1", "walk-and-talk");
    assertThat(links.respondUrl(again, template, "task-1", "walk-and-talk")).isEqualTo(first);

    String otherRecipient = links.respondUrl(cause, template, "task-1", "allotment-friends");
    String otherEvent =
        links.respondUrl(Fixtures.envelope("r1", OCCURRED), template, "task-1", "walk-and-talk");
    assertThat(TestLinks.verify(otherRecipient, OCCURRED).linkId())
        .isNotEqualTo(TestLinks.verify(first, OCCURRED).linkId());
    assertThat(TestLinks.verify(otherEvent, OCCURRED).linkId())
        .isNotEqualTo(TestLinks.verify(first, OCCURRED).linkId());
    assertThat(TestLinks.verify(first, OCCURRED).linkId())
        .isEqualTo(
            RespondLinks.linkId(cause.getEventId(), template.id(), "walk-and-talk").toString());
  }

  @Test
  void isSignedWithTheFirstKeySoRotationNeedsOnlyConfiguration() throws Exception {
    String rotated = LinkKeys.generate("new") + "," + TestLinks.KEYS;
    RespondLinks withNewKey =
        new RespondLinks(
            new LinkSigner(LinkKeys.parse(rotated)), TestLinks.PORTAL, Duration.ofDays(14));

    String url =
        withNewKey.respondUrl(cause, NotificationTemplates.LINK_WORKER_OVERDUE, "task-1", "lw-1");

    // Only the old key: a link signed with the new one is not Pathway's to this verifier.
    assertThatThrownBy(() -> TestLinks.verify(url, OCCURRED))
        .isInstanceOfSatisfying(
            LinkRefusedException.class,
            e -> assertThat(e.refusal()).isEqualTo(LinkRefusal.UNKNOWN_KEY));
  }

  @Test
  void aPortalUrlWithATrailingSlashMakesNoDoubleSlash() {
    RespondLinks slashed =
        new RespondLinks(
            new LinkSigner(LinkKeys.parse(TestLinks.KEYS)),
            "https://portal.test/",
            Duration.ofDays(1));
    assertThat(
            slashed.respondUrl(cause, NotificationTemplates.LINK_WORKER_OVERDUE, "task-1", "lw-1"))
        .startsWith("https://portal.test/l/ey");
  }

  @Test
  void refusesATemplateWhoseAudienceAnswersByNoLink() {
    assertThatThrownBy(
            () -> links.respondUrl(cause, NotificationTemplates.GP_STATUS_UPDATE, "t", "A81001"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gp-status-update");
  }
}
