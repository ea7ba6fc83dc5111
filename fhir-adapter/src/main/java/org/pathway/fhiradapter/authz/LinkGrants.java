package org.pathway.fhiradapter.authz;

import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.pathway.access.clients.Role;
import org.pathway.access.links.LinkPurpose;
import org.pathway.access.links.LinkRefusal;
import org.pathway.access.links.SignedLink;
import org.pathway.access.scopes.ScopeSet;
import org.pathway.access.tokens.Caller;
import org.pathway.fhiradapter.fhir.ReferrerKinds;

/**
 * Whether a verified signed link still stands, and who the portal is while it acts on one: the
 * link's recipient organisation, in the role the link's purpose names, with no more scopes than
 * both the portal's registration and the purpose allow.
 */
public final class LinkGrants {

  /** What each purpose needs at most; the portal's own scopes narrow it further. */
  private static final ScopeSet LINK_WORKER_NEEDS =
      ScopeSet.of(
          List.of(
              "system/Task.rus",
              "system/ServiceRequest.rc",
              "system/Observation.crs",
              "system/HealthcareService.rs",
              "system/ValueSet.rs",
              "system/Provenance.s",
              "system/Communication.s"));

  private static final ScopeSet FACILITATOR_NEEDS =
      ScopeSet.of(
          List.of(
              "system/Task.rus",
              // c: a hub or street coordinator passes its own Task on down a cascade (LinkScope).
              "system/ServiceRequest.rc",
              "system/HealthcareService.rus",
              "system/ValueSet.rs"));

  /** A person's status link reads their Task and records their own withdrawal of consent. */
  private static final ScopeSet REFERRAL_STATUS_NEEDS =
      ScopeSet.of(List.of("system/Task.r", "system/Consent.c"));

  /** What the portal may do as the forwarder of a person's own referral: create it, no more. */
  private static final ScopeSet SELF_REFERRAL_NEEDS =
      ScopeSet.of(List.of("system/ServiceRequest.c"));

  private LinkGrants() {}

  /**
   * Why the link no longer stands, or empty when it does: its Task must be held ({@code
   * not-for-this} otherwise), open to answers (cancelled or entered-in-error revokes it) and still
   * owned by the link's recipient ({@code revoked} when it has moved on, {@code not-for-this} when
   * the recipient never owned it).
   *
   * @param task the Task the link names, as the ledger holds it; empty when it holds none
   */
  public static Optional<Refused> standing(SignedLink link, Optional<LinkedTask> task) {
    if (task.isEmpty()) {
      return refused(LinkRefusal.NOT_FOR_THIS, "the link names a Task Pathway does not hold");
    }
    LinkedTask t = task.get();
    if (t.status() == TaskStatus.CANCELLED || t.status() == TaskStatus.ENTEREDINERROR) {
      return refused(
          LinkRefusal.REVOKED, "the referral was withdrawn (" + t.status().toCode() + ")");
    }
    if (link.purpose() == LinkPurpose.REFERRAL_STATUS) {
      // The person follows their referral wherever it goes: the owner may change, the link stays.
      return Optional.empty();
    }
    if (!link.recipient().equals(t.ownerOrg())) {
      return t.formerOwners().contains(link.recipient())
          ? refused(LinkRefusal.REVOKED, "the Task has moved to another organisation")
          : refused(LinkRefusal.NOT_FOR_THIS, "the link was not issued to the Task's owner");
    }
    return Optional.empty();
  }

  /**
   * The caller the portal becomes while acting on {@code link}: the recipient organisation in the
   * purpose's role. The client id stays the portal's, so audit and idempotency keys name it.
   */
  public static Caller delegate(Caller portal, SignedLink link) {
    ScopeSet needs =
        switch (link.purpose()) {
          case LINK_WORKER -> LINK_WORKER_NEEDS;
          case FACILITATOR -> FACILITATOR_NEEDS;
          case REFERRAL_STATUS -> REFERRAL_STATUS_NEEDS;
        };
    return new Caller(
        portal.clientId(),
        link.recipient(),
        link.purpose().actsAs(),
        link.purpose() == LinkPurpose.REFERRAL_STATUS ? ReferrerKinds.SELF_REFERRAL : portal.kind(),
        portal.scopes().grant(needs),
        List.of(),
        portal.tokenId());
  }

  /**
   * The caller the portal becomes when it forwards a person's own referral from its public form,
   * with no link: a referrer of kind {@code self-referral} (so the referral's source is SELF and
   * its requester the person) in the portal's own organisation, allowed to create a ServiceRequest
   * and nothing else.
   */
  public static Caller selfReferral(Caller portal) {
    return new Caller(
        portal.clientId(),
        portal.organization(),
        Role.REFERRER,
        ReferrerKinds.SELF_REFERRAL,
        portal.scopes().grant(SELF_REFERRAL_NEEDS),
        List.of(),
        portal.tokenId());
  }

  /** A refusal and the reason for the audit and the log (never shown as more than the code). */
  public record Refused(LinkRefusal refusal, String why) {}

  private static Optional<Refused> refused(LinkRefusal refusal, String why) {
    return Optional.of(new Refused(refusal, why));
  }
}
