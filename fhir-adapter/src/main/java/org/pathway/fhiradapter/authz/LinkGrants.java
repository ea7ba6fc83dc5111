package org.pathway.fhiradapter.authz;

import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.pathway.access.links.LinkPurpose;
import org.pathway.access.links.LinkRefusal;
import org.pathway.access.links.SignedLink;
import org.pathway.access.scopes.ScopeSet;
import org.pathway.access.tokens.Caller;

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
              "system/ServiceRequest.r",
              "system/HealthcareService.rus",
              "system/ValueSet.rs"));

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
        link.purpose() == LinkPurpose.LINK_WORKER ? LINK_WORKER_NEEDS : FACILITATOR_NEEDS;
    return new Caller(
        portal.clientId(),
        link.recipient(),
        link.purpose().actsAs(),
        portal.kind(),
        portal.scopes().grant(needs),
        List.of(),
        portal.tokenId());
  }

  /** A refusal and the reason for the audit and the log (never shown as more than the code). */
  public record Refused(LinkRefusal refusal, String why) {}

  private static Optional<Refused> refused(LinkRefusal refusal, String why) {
    return Optional.of(new Refused(refusal, why));
  }
}
