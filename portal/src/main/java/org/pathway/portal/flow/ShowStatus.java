package org.pathway.portal.flow;

import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hl7.fhir.r4.model.Task;
import org.pathway.access.links.LinkPurpose;
import org.pathway.portal.adapter.AdapterClient;
import org.pathway.portal.adapter.AdapterException;
import org.pathway.portal.link.LinkHint;
import org.pathway.portal.pages.ReferralStatus;
import org.pathway.portal.pages.RefusalPage;
import org.pathway.portal.pages.StatusSince;

/**
 * The page a person's status link opens: where their own referral is, in plain words, read through
 * the link (which the adapter checks and binds to their Task).
 */
public final class ShowStatus {

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy");

  private final AdapterClient adapter;

  public ShowStatus(AdapterClient adapter) {
    this.adapter = adapter;
  }

  /** The status page for {@code token}. */
  public PageResult show(String token, Locale locale) {
    LinkHint hint = LinkHint.read(token);
    if (hint.purpose().isPresent() && hint.purpose().get() != LinkPurpose.REFERRAL_STATUS) {
      // A link worker's or facilitator's link opens their own page, not this one.
      return ShowLink.refusal(RefusalPage.NOT_FOR_THIS, 403);
    }
    Task task;
    try {
      task = adapter.read(token, Task.class, hint.taskId());
    } catch (AdapterException e) {
      return ShowLink.refused(e);
    }
    List<Task> versions;
    try {
      versions = adapter.history(token, Task.class, hint.taskId());
    } catch (AdapterException e) {
      versions = List.of(task);
    }
    Date since = StatusSince.of(task, versions);
    return new PageResult.Page(
        "referral-status",
        200,
        Map.of(
            "statusKey",
            ReferralStatus.key(task),
            "stopSharingUrl",
            StopSharing.stopSharingPath(token),
            "since",
            since == null
                ? ""
                : DAY.withLocale(locale).format(since.toInstant().atZone(ShowLink.ZONE))));
  }
}
