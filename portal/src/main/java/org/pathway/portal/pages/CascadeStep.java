package org.pathway.portal.pages;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.events.vocabulary.Extensions;

/**
 * A volunteer cascade seen from a facilitator's link: whether the Task's holder passes requests on
 * (a hub, or a street coordinator a hub or another coordinator passed this one to), whom they may
 * pass it to, and who holds it now. Pure functions over what the adapter serves.
 *
 * <p>The signal is the directory's service kind ({@code CodeSystems.SERVICE_KIND}, the
 * HealthcareService's category), the only one that needs no new data: the holder is a {@code hub},
 * or the Task was passed down to its holder by a {@code hub} or a {@code community-group} (its
 * requester) rather than referred by a link worker. A link worker's referral to a group is someone
 * joining it, which the group does not pass on; a request passed down a cascade is one the holder
 * may do or hand on. The directory does not tell a street coordinator from the volunteer below it
 * (both are community groups), so a volunteer may pass a request on to another volunteer too.
 */
public final class CascadeStep {

  /** Directory kinds (codes of {@code CodeSystems.SERVICE_KIND}) that pass requests down. */
  static final String HUB = "hub";

  static final String COMMUNITY_GROUP = "community-group";

  private static final Set<String> PASSERS = Set.of(HUB, COMMUNITY_GROUP);

  private CascadeStep() {}

  /**
   * Whether the holder of a Task may pass it on from their link.
   *
   * @param holder the holder's directory entry (the link's recipient), if the adapter serves one
   * @param passedOnBy the directory entry of the Task's requester, if it is a service the adapter
   *     serves (a link worker's, a hub's or a group's)
   */
  public static boolean passesOn(
      Optional<HealthcareService> holder, Optional<HealthcareService> passedOnBy) {
    return holder.map(h -> is(h, Set.of(HUB))).orElse(false)
        || passedOnBy.map(p -> is(p, PASSERS)).orElse(false);
  }

  /**
   * Whom the holder may pass a request on to: community groups (street coordinators, volunteers)
   * taking referrals, active, neither the holder nor whoever passed it to them.
   */
  public static boolean mayReceive(HealthcareService to, Task task) {
    String id = to.getIdElement().getIdPart();
    return is(to, Set.of(COMMUNITY_GROUP))
        && (!to.hasActive() || to.getActive())
        && Capacity.of(to).takesReferrals()
        && !id.equals(idOf(task.getOwner()))
        && !id.equals(idOf(task.getRequester()));
  }

  /** The services among {@code services} the holder of {@code task} may pass it on to. */
  public static List<HealthcareService> choices(List<HealthcareService> services, Task task) {
    return services.stream().filter(s -> mayReceive(s, task)).toList();
  }

  /**
   * Who holds the request now, from the Task's {@code cascade-rollup} (the owner of the furthest
   * open step): empty while nothing has been passed on below this Task.
   */
  public static Optional<Reference> heldBy(Task task) {
    var rollUp = task.getExtensionByUrl(Extensions.CASCADE_ROLLUP);
    if (rollUp == null) {
      return Optional.empty();
    }
    var owner = rollUp.getExtensionByUrl(Extensions.ROLLUP_CURRENT_OWNER);
    return owner != null && owner.getValue() instanceof Reference r && r.hasReference()
        ? Optional.of(r)
        : Optional.empty();
  }

  /** The id of a {@code HealthcareService/<id>} reference; empty for anything else. */
  public static String idOf(Reference ref) {
    return ref != null
            && ref.hasReference()
            && "HealthcareService".equals(ref.getReferenceElement().getResourceType())
        ? ref.getReferenceElement().getIdPart()
        : "";
  }

  private static boolean is(HealthcareService service, Set<String> kinds) {
    return service.getCategory().stream()
        .flatMap(c -> c.getCoding().stream())
        .anyMatch(
            c -> CodeSystems.SERVICE_KIND.equals(c.getSystem()) && kinds.contains(c.getCode()));
  }
}
