package org.pathway.portal.flow;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.hl7.fhir.r4.model.Task;
import org.pathway.access.links.LinkPurpose;
import org.pathway.access.links.LinkRefusal;
import org.pathway.portal.adapter.AdapterClient;
import org.pathway.portal.adapter.AdapterException;
import org.pathway.portal.link.LinkHint;
import org.pathway.portal.pages.RefusalPage;
import org.pathway.portal.pages.StopSharingConsent;

/**
 * A person stops sharing their information from their own status link: a confirm page, then the
 * withdrawal of their consent recorded through the link (the adapter closes the referral, tells
 * those who need to know, and revokes the link), then a page saying what happened.
 */
public final class StopSharing {

  /** The redirect to the page saying what stopping did. */
  public static final String STOPPED = "stopped";

  /** The redirect to the status page: the referral is still open. */
  public static final String STILL_OPEN = "status";

  private final AdapterClient adapter;
  private final Clock clock;

  public StopSharing(AdapterClient adapter, Clock clock) {
    this.adapter = adapter;
    this.clock = clock;
  }

  /** The confirm step: what stopping means, and the button that does it. */
  public PageResult confirm(String token) {
    LinkHint hint = LinkHint.read(token);
    if (!isStatusLink(hint)) {
      return ShowLink.refusal(RefusalPage.NOT_FOR_THIS, 403);
    }
    try {
      adapter.read(token, Task.class, hint.taskId());
    } catch (AdapterException e) {
      return ShowLink.refused(e);
    }
    return new PageResult.Page(
        "stop-sharing",
        200,
        Map.of("statusUrl", statusPath(token), "stopSharingUrl", stopSharingPath(token)));
  }

  /**
   * Records the withdrawal; when it is recorded (now or by an earlier press of the same button), a
   * {@link PageResult.Redirect} whose query is {@link #STOPPED} (the controller sends the browser
   * to {@link #stoppedPath}).
   */
  public PageResult stop(String token) {
    LinkHint hint = LinkHint.read(token);
    if (!isStatusLink(hint)) {
      return ShowLink.refusal(RefusalPage.NOT_FOR_THIS, 403);
    }
    try {
      Task task = adapter.read(token, Task.class, hint.taskId());
      adapter.create(
          token,
          StopSharingConsent.of(task, clock.instant()),
          StopSharingConsent.requestId(hint.taskId()));
    } catch (AdapterException e) {
      if (e.kind() != AdapterException.Kind.DUPLICATE) {
        return ShowLink.refused(e);
      }
    }
    return new PageResult.Redirect(STOPPED);
  }

  /**
   * What happened: the link no longer opens the referral (revoked by the withdrawal), so the
   * referral is closed; a link that still opens it answers {@link #STILL_OPEN} (the controller
   * sends the browser to the status page).
   */
  public PageResult stopped(String token) {
    LinkHint hint = LinkHint.read(token);
    if (!isStatusLink(hint)) {
      return ShowLink.refusal(RefusalPage.NOT_FOR_THIS, 403);
    }
    try {
      adapter.read(token, Task.class, hint.taskId());
      return new PageResult.Redirect(STILL_OPEN);
    } catch (AdapterException e) {
      return e.kind() == AdapterException.Kind.LINK_REFUSED
              && e.refusal().filter(r -> r == LinkRefusal.REVOKED).isPresent()
          ? new PageResult.Page("stopped-sharing", 200, Map.of())
          : ShowLink.refused(e);
    }
  }

  /** The person's status page for {@code token}. */
  public static String statusPath(String token) {
    return "/referral-status/" + URLEncoder.encode(token, StandardCharsets.UTF_8);
  }

  /** The confirm step under it. */
  public static String stopSharingPath(String token) {
    return statusPath(token) + "/stop-sharing";
  }

  /** The page saying what stopping did. */
  public static String stoppedPath(String token) {
    return statusPath(token) + "/stopped";
  }

  private static boolean isStatusLink(LinkHint hint) {
    return hint.purpose().filter(p -> p == LinkPurpose.REFERRAL_STATUS).isPresent();
  }
}
