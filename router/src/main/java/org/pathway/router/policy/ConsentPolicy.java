package org.pathway.router.policy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pathway.events.avro.Audience;
import org.pathway.router.decision.ConsentProvisions;
import org.pathway.router.decision.ConsentProvisions.Party;

/**
 * What the referral's consent lets each hop be told, as a pure function: the link-worker service
 * (the referral in full, or without its clinical detail), a community group (the person's first
 * name and how they like to be contacted, or nobody named), and the GP (the full outcome, or codes
 * only). A withdrawn consent shares nothing further with anyone: the only messages still sent are
 * the withdrawal notices themselves, which {@link CancellationPolicy} and the GP feedback make from
 * the closing event.
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
    /** Nobody named: "The person referred", no contact details. */
    UNNAMED,
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

  /** The words a facilitator reads when the person may not be named. */
  public static final String UNNAMED = "The person referred";

  static final Set<String> CLINICAL = Set.of("referralReason", "nhsNumber", "birthDate");
  static final Set<String> PERSON_CONTACT =
      Set.of("preferredContact", "contactEmail", "contactPhone");
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
                  ? GroupShare.UNNAMED
                  : GroupShare.FIRST_NAME,
              consent.denied().contains(Party.REFERRER)
                  ? GpShare.CODES_ONLY
                  : GpShare.FULL_OUTCOME);
      case DENY -> new Sharing(LinkWorkerShare.NO_CLINICAL, GroupShare.UNNAMED, GpShare.CODES_ONLY);
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
        if (sharing.group() == GroupShare.UNNAMED) {
          out.keySet().removeAll(PERSON_CONTACT);
          out.replace("personFirstName", UNNAMED);
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
}
