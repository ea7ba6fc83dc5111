package org.pathway.fhiradapter.ledger;

import java.util.LinkedHashSet;
import java.util.Set;
import org.pathway.access.tokens.Caller;

/**
 * Which Tasks a caller may see, by organisation: those it owns, those it requested, and the
 * children of those it owns. A ServiceRequest or score is visible exactly when its Task is. The
 * ledger's queries apply this in SQL, so no reader can forget it.
 *
 * @param everything Pathway itself (no API caller): every Task
 * @param owners organisations whose owned Tasks are visible
 * @param requesters organisations whose requested Tasks are visible
 * @param parentOwners organisations whose owned Tasks' children are visible
 * @param clinical whether the caller may see clinical content (reason, notes, NHS number, the
 *     ServiceRequest and scores); a community group may not
 */
public record Visibility(
    boolean everything,
    Set<String> owners,
    Set<String> requesters,
    Set<String> parentOwners,
    boolean clinical) {

  public Visibility {
    owners = Set.copyOf(owners);
    requesters = Set.copyOf(requesters);
    parentOwners = Set.copyOf(parentOwners);
  }

  /** Pathway itself: sees every Task. */
  public static final Visibility EVERYTHING =
      new Visibility(true, Set.of(), Set.of(), Set.of(), true);

  /** A caller with no part in referrals (commissioner, evaluator, operator). */
  public static final Visibility NOTHING =
      new Visibility(false, Set.of(), Set.of(), Set.of(), false);

  /** What {@code caller} may see; null is Pathway itself. */
  public static Visibility of(Caller caller) {
    if (caller == null) {
      return EVERYTHING;
    }
    String org = caller.organization();
    return switch (caller.role()) {
      case REFERRER -> new Visibility(false, Set.of(), Set.of(org), Set.of(), true);
      // A service works the Tasks it owns, follows the onward referrals it made from them, and
      // may have referred on itself.
      case LINK_WORKER_SERVICE ->
          new Visibility(false, Set.of(org), Set.of(org), Set.of(org), true);
      // A group works the Tasks it owns and follows those it passed on down a volunteer cascade
      // (a hub to its street coordinator, a coordinator to a volunteer): it requested them.
      case COMMUNITY_GROUP -> new Visibility(false, Set.of(org), Set.of(org), Set.of(), false);
      case HUB -> {
        Set<String> area = new LinkedHashSet<>(caller.area());
        area.add(org);
        yield new Visibility(false, area, area, Set.of(), true);
      }
      // The portal sees nothing of its own: it acts as a signed link's recipient.
      case COMMISSIONER, EVALUATOR, OPERATOR, PORTAL -> NOTHING;
    };
  }

  /** True when no Task at all is visible. */
  public boolean nothing() {
    return !everything && owners.isEmpty() && requesters.isEmpty() && parentOwners.isEmpty();
  }

  /**
   * Whether a Task with these parties is visible (the same rule the SQL applies).
   *
   * @param ownerOrg the Task's owner organisation, or null
   * @param requesterOrg the Task's requester organisation, or null
   * @param parentOwnerOrg the owner organisation of the Task it is part of, or null
   */
  public boolean sees(String ownerOrg, String requesterOrg, String parentOwnerOrg) {
    return everything
        || (ownerOrg != null && owners.contains(ownerOrg))
        || (requesterOrg != null && requesters.contains(requesterOrg))
        || (parentOwnerOrg != null && parentOwners.contains(parentOwnerOrg));
  }
}
