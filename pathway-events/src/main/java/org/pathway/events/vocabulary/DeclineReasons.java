package org.pathway.events.vocabulary;

import java.util.List;
import java.util.Optional;

/**
 * Why a link worker or a group declines a referral: the codes of the {@code decline-reason}
 * ValueSet Pathway publishes, SNOMED CT where it has the concept, Pathway's own otherwise. The
 * displays are the ValueSet's; pages show their own words for each code from a message bundle.
 */
public final class DeclineReasons {

  /** SNOMED CT's system URI. */
  public static final String SNOMED_CT = "http://snomed.info/sct";

  /** The canonical URL of the ValueSet. */
  public static final String VALUE_SET = "https://pathway.example.org/ValueSet/decline-reason";

  /** Who may give a reason. */
  public enum DeclinedBy {
    LINK_WORKER,
    GROUP,
    BOTH
  }

  /**
   * One reason.
   *
   * @param system the code system
   * @param code the code
   * @param display the ValueSet's display
   * @param by who may give it
   */
  public record Reason(String system, String code, String display, DeclinedBy by) {

    /** Whether the given party may decline for this reason. */
    public boolean givenBy(DeclinedBy party) {
      return by == DeclinedBy.BOTH || by == party;
    }
  }

  private static final List<Reason> ALL =
      List.of(
          new Reason(
              SNOMED_CT,
              "871711000000103",
              "Social prescribing declined (situation)",
              DeclinedBy.BOTH),
          reason("unable-to-contact", "Unable to contact the person", DeclinedBy.LINK_WORKER),
          reason("not-eligible", "Does not meet the service's criteria", DeclinedBy.LINK_WORKER),
          reason(
              "needs-other-service",
              "Needs a different service (for example clinical or crisis care)",
              DeclinedBy.LINK_WORKER),
          reason("outside-area", "Lives outside the service's area", DeclinedBy.LINK_WORKER),
          reason("no-capacity", "No places available", DeclinedBy.BOTH),
          reason("not-suitable", "The activity does not suit the person's needs", DeclinedBy.GROUP),
          reason("group-closed", "The group has stopped running", DeclinedBy.GROUP));

  private DeclineReasons() {}

  private static Reason reason(String code, String display, DeclinedBy by) {
    return new Reason(CodeSystems.DECLINE_REASON, code, display, by);
  }

  /** Every reason, in the order a person is offered them. */
  public static List<Reason> all() {
    return ALL;
  }

  /** The reason with this system and code, if the ValueSet has it. */
  public static Optional<Reason> find(String system, String code) {
    return ALL.stream().filter(r -> r.system().equals(system) && r.code().equals(code)).findFirst();
  }
}
