package org.pathway.router.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pathway.events.avro.Audience;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.notifications.NotificationTemplates;
import org.pathway.router.decision.ConsentProvisions;
import org.pathway.router.decision.ConsentProvisions.Party;
import org.pathway.router.decision.RouterOutput;

/**
 * What the referral's consent lets each hop be told, as a pure function: the link-worker service
 * (the referral in full, or without its clinical detail), a community group (the person's first
 * name and how they like to be contacted, or nothing at all), and the GP (the full outcome, or
 * codes only). No Consent sent is read as direct care (the GP referred with the person, as for any
 * NHS referral) and shares as before; a group hears of the person only under a consent that does
 * not deny it. A withdrawn consent shares nothing further with anyone: the only messages still sent
 * are the closing notices themselves ({@link CancellationPolicy}), so the link worker and the group
 * holding a Task learn it is closed.
 */
public final class ConsentPolicy {

  /** How much of the referral the link-worker service is told. */
  public enum LinkWorkerShare {
    /** The referral as sent, reason and NHS number included. */
    FULL,
    /** Who and how to contact them, and the need; no reason, NHS number or date of birth. */
    NO_CLINICAL,
    NOTHING
  }

  /** How much of the person a community group's facilitator is told. */
  public enum GroupShare {
    /** First name and contact preference (never clinical detail, whatever the consent). */
    FIRST_NAME,
    /** Nothing: the group is not told of the person, and the ledger refuses the onward referral. */
    NOTHING
  }

  /** How much of the outcome goes back to the GP. */
  public enum GpShare {
    /** Status, coded reasons, the outcome summary and the wellbeing scores. */
    FULL_OUTCOME,
    /** Status and codes only: no free text, no scores. */
    CODES_ONLY,
    NOTHING
  }

  /** What each hop may be told. */
  public record Sharing(LinkWorkerShare linkWorker, GroupShare group, GpShare gp) {}

  /** The notices that close a Task: sent whatever the consent, so no one keeps waiting on it. */
  static final Set<String> CLOSING_NOTICES =
      Set.of(
          NotificationTemplates.LINK_WORKER_REFERRAL_CANCELLED.id(),
          NotificationTemplates.FACILITATOR_REFERRAL_CANCELLED.id());

  static final Set<String> CLINICAL = Set.of("referralReason", "nhsNumber", "birthDate");
  static final Set<String> OUTCOME_TEXT =
      Set.of("outcomeSummary", "outcomes", "statusReason", "declineReason");

  private ConsentPolicy() {}

  /** What {@code consent} lets each hop be told. */
  public static Sharing decide(ConsentProvisions consent) {
    return switch (consent.state()) {
      case ABSENT -> new Sharing(LinkWorkerShare.FULL, GroupShare.FIRST_NAME, GpShare.FULL_OUTCOME);
      case PERMIT ->
          new Sharing(
              consent.denied().contains(Party.LINK_WORKER_SERVICE)
                  ? LinkWorkerShare.NO_CLINICAL
                  : LinkWorkerShare.FULL,
              consent.denied().contains(Party.COMMUNITY_GROUP)
                  ? GroupShare.NOTHING
                  : GroupShare.FIRST_NAME,
              consent.denied().contains(Party.REFERRER)
                  ? GpShare.CODES_ONLY
                  : GpShare.FULL_OUTCOME);
      case DENY -> new Sharing(LinkWorkerShare.NO_CLINICAL, GroupShare.NOTHING, GpShare.CODES_ONLY);
      case WITHDRAWN -> new Sharing(LinkWorkerShare.NOTHING, GroupShare.NOTHING, GpShare.NOTHING);
    };
  }

  /**
   * The fields a notification to {@code audience} may carry under {@code sharing}, or empty when
   * nothing may be sent to it at all. Audiences the consent does not speak of (the person, a hub)
   * get the fields as they are; the templates' own allowlists still apply after this.
   */
  public static Optional<Map<String, String>> fieldsFor(
      Sharing sharing, Audience audience, Map<String, String> fields) {
    Map<String, String> out = new LinkedHashMap<>(fields);
    switch (audience) {
      case LINK_WORKER -> {
        if (sharing.linkWorker() == LinkWorkerShare.NOTHING) {
          return Optional.empty();
        }
        if (sharing.linkWorker() == LinkWorkerShare.NO_CLINICAL) {
          out.keySet().removeAll(CLINICAL);
        }
      }
      case FACILITATOR -> {
        if (sharing.group() == GroupShare.NOTHING) {
          return Optional.empty();
        }
      }
      case GP -> {
        if (sharing.gp() == GpShare.NOTHING) {
          return Optional.empty();
        }
        if (sharing.gp() == GpShare.CODES_ONLY) {
          out.keySet().removeAll(OUTCOME_TEXT);
        }
      }
      default -> {
        // The person's own notices follow their contact consent (PersonContact), not this.
      }
    }
    return Optional.of(out);
  }

  /**
   * {@code output} with every notification narrowed to what {@code consent} lets its audience be
   * told, and those it may not hear at all left out; decisions and closing notices pass unchanged.
   */
  public static RouterOutput apply(ConsentProvisions consent, RouterOutput output) {
    Sharing sharing = decide(consent);
    List<NotificationRequested> allowed = new ArrayList<>();
    for (NotificationRequested n : output.notifications()) {
      if (CLOSING_NOTICES.contains(n.getTemplateId())) {
        allowed.add(n);
        continue;
      }
      fieldsFor(sharing, n.getAudience(), n.getFields())
          .ifPresent(
              fields -> allowed.add(NotificationRequested.newBuilder(n).setFields(fields).build()));
    }
    return new RouterOutput(output.decisions(), allowed);
  }
}
