package org.pathway.fhiradapter.authz;

import static org.pathway.access.scopes.Interaction.CREATE;
import static org.pathway.access.scopes.Interaction.READ;
import static org.pathway.access.scopes.Interaction.SEARCH;
import static org.pathway.access.scopes.Interaction.UPDATE;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pathway.access.clients.Role;
import org.pathway.access.scopes.Interaction;
import org.pathway.access.tokens.Caller;

/**
 * Whether a caller may make an interaction on a resource type at all, before any resource is looked
 * at: its token's scopes must permit it, and its role must have a part in that interaction. Which
 * of the resources it then sees is tenancy's concern ({@code ledger.Visibility}), answered with 404
 * or a narrowed search rather than 403.
 */
public final class InteractionRules {

  /** The resource types that carry referral data; roles decide who reaches them at all. */
  static final Set<String> REFERRAL_TYPES =
      Set.of(
          "ServiceRequest",
          "Task",
          "Observation",
          "Communication",
          "Provenance",
          "Consent",
          "Patient");

  /** Definitions Pathway publishes (the decline-reason ValueSet): readable by any caller. */
  static final Set<String> PUBLISHED_TYPES = Set.of("ValueSet", "SearchParameter");

  /**
   * What each role may do with referral data. Commissioners, evaluators and operators have no part
   * in referrals (their interfaces are reporting and audit). A community group works its Tasks and
   * nothing else; its ServiceRequest reads are let through to be answered "not found", as for any
   * referral that is not the caller's. It may create a ServiceRequest only to pass a Task it owns
   * on down a volunteer cascade (hub to street coordinator to volunteer): the ledger refuses any
   * other ({@code ledger.ReferralIntake}). Everyone with a part in a referral may follow what
   * happened to it (Communication and Provenance, read and search): the ledger narrows it to their
   * Tasks. The person a referral is for ({@code Task.for}, {@code ServiceRequest.subject}) is read
   * by those with clinical sight of one of their referrals, never by a community group, which is
   * told only what it needs to meet them.
   */
  private static final Map<Role, Map<String, Set<Interaction>>> ROLE_PARTS =
      Map.of(
          Role.REFERRER,
          Map.of(
              // A referrer finds its referral by the identifier it sent (search) and withdraws it
              // by revoking the ServiceRequest (update).
              "ServiceRequest", EnumSet.of(CREATE, READ, SEARCH, UPDATE),
              "Task", EnumSet.of(READ, SEARCH, UPDATE),
              // A practice may record a baseline score with its referral.
              "Observation", EnumSet.of(CREATE, READ, SEARCH),
              "Communication", EnumSet.of(READ, SEARCH),
              "Provenance", EnumSet.of(READ, SEARCH),
              // The person's withdrawal of consent, told to their referrer.
              "Consent", EnumSet.of(CREATE),
              "Patient", EnumSet.of(READ)),
          Role.LINK_WORKER_SERVICE,
          Map.of(
              // ... and a link-worker service its onward referrals.
              "ServiceRequest", EnumSet.of(CREATE, READ, SEARCH, UPDATE),
              "Task", EnumSet.of(READ, SEARCH, UPDATE),
              "Observation", EnumSet.of(CREATE, READ, SEARCH),
              "Communication", EnumSet.of(READ, SEARCH),
              "Provenance", EnumSet.of(READ, SEARCH),
              // ... or to their link worker.
              "Consent", EnumSet.of(CREATE),
              "Patient", EnumSet.of(READ)),
          Role.COMMUNITY_GROUP,
          Map.of(
              "ServiceRequest", EnumSet.of(CREATE, READ),
              "Task", EnumSet.of(READ, SEARCH, UPDATE),
              "Communication", EnumSet.of(READ, SEARCH),
              "Provenance", EnumSet.of(READ, SEARCH)),
          Role.HUB,
          Map.of(
              // A community hub passes a request it holds on down a volunteer cascade.
              "ServiceRequest", EnumSet.of(CREATE, READ, SEARCH),
              "Task", EnumSet.of(READ, SEARCH, UPDATE),
              "Observation", EnumSet.of(READ, SEARCH),
              "Communication", EnumSet.of(READ, SEARCH),
              "Provenance", EnumSet.of(READ, SEARCH),
              "Consent", EnumSet.of(CREATE),
              "Patient", EnumSet.of(READ)));

  /**
   * Who may use the directory: it is public listing data, so every authenticated role reads and
   * searches it (a link worker chooses a group by its capacity; the portal's public search page
   * asks as itself, without a link); only a community group updates, and then only its own capacity
   * ({@code ledger.CapacityReports} checks which group).
   */
  private static final Map<Role, Set<Interaction>> DIRECTORY_PARTS =
      Map.of(
          Role.REFERRER, EnumSet.of(READ, SEARCH),
          Role.LINK_WORKER_SERVICE, EnumSet.of(READ, SEARCH),
          Role.COMMUNITY_GROUP, EnumSet.of(READ, SEARCH, UPDATE),
          Role.HUB, EnumSet.of(READ, SEARCH),
          Role.COMMISSIONER, EnumSet.of(READ, SEARCH),
          Role.EVALUATOR, EnumSet.of(READ, SEARCH),
          Role.OPERATOR, EnumSet.of(READ, SEARCH),
          Role.PORTAL, EnumSet.of(READ, SEARCH));

  private static final String DIRECTORY_TYPE = "HealthcareService";

  /**
   * Who may subscribe to Task changes (FHIR R4 Subscription): every role with Tasks of its own; the
   * criteria are then held to the caller's own Tasks ({@code ledger.SubscriptionScope}).
   */
  private static final Set<Role> SUBSCRIBERS =
      EnumSet.of(Role.REFERRER, Role.LINK_WORKER_SERVICE, Role.COMMUNITY_GROUP, Role.HUB);

  private static final String SUBSCRIPTION_TYPE = "Subscription";

  /**
   * A person's whole record ({@code Patient/{id}/$everything}) answers their own request to see it:
   * only an operator asks, never a party to a referral (each reads its own part through the
   * referral's resources).
   */
  public static final String WHOLE_RECORD = "$everything";

  private InteractionRules() {}

  /**
   * Why {@code caller} may not make {@code interaction} on {@code resourceType}, or empty when it
   * may. A null caller (access control off: benchmark reference only) may do anything.
   */
  public static Optional<String> refusal(
      Caller caller, String resourceType, Interaction interaction) {
    return refusal(caller, resourceType, interaction, null);
  }

  /**
   * As {@link #refusal(Caller, String, Interaction)}, for the FHIR operation {@code operation}
   * (null for a plain interaction) on {@code resourceType}, which amounts to {@code interaction}.
   */
  public static Optional<String> refusal(
      Caller caller, String resourceType, Interaction interaction, String operation) {
    if (caller == null) {
      return Optional.empty();
    }
    if (PUBLISHED_TYPES.contains(resourceType) && (interaction == READ || interaction == SEARCH)) {
      // Pathway's own published terminology: every authenticated caller may read it.
      return Optional.empty();
    }
    String asked = "system/" + resourceType + "." + interaction.letter();
    if (!caller.scopes().permits(resourceType, interaction)) {
      return Optional.of(
          "the access token's scopes do not include "
              + asked
              + " (granted: "
              + caller.scopes()
              + ")");
    }
    if (WHOLE_RECORD.equals(operation)) {
      return caller.role() == Role.OPERATOR
          ? Optional.empty()
          : Optional.of(
              aRole(caller)
                  + " client has no part in reading a person's whole record (operators only)");
    }
    if (REFERRAL_TYPES.contains(resourceType)
        && !ROLE_PARTS
            .getOrDefault(caller.role(), Map.of())
            .getOrDefault(resourceType, Set.of())
            .contains(interaction)) {
      return Optional.of(
          aRole(caller) + " client has no part in " + describe(resourceType, interaction));
    }
    if (DIRECTORY_TYPE.equals(resourceType)
        && !DIRECTORY_PARTS.getOrDefault(caller.role(), Set.of()).contains(interaction)) {
      return Optional.of(
          aRole(caller) + " client has no part in " + describe(resourceType, interaction));
    }
    if (SUBSCRIPTION_TYPE.equals(resourceType) && !SUBSCRIBERS.contains(caller.role())) {
      return Optional.of(
          aRole(caller)
              + " client has no Tasks of its own to subscribe to ("
              + describe(resourceType, interaction)
              + ")");
    }
    return Optional.empty();
  }

  /** "a referrer", "an operator": the caller's role with its article. */
  private static String aRole(Caller caller) {
    String role = caller.role().code();
    return ("aeiou".indexOf(role.charAt(0)) >= 0 ? "an " : "a ") + role;
  }

  private static String describe(String resourceType, Interaction interaction) {
    return switch (interaction) {
      case CREATE -> "creating " + resourceType + " resources";
      case READ -> "reading " + resourceType + " resources";
      case UPDATE -> "updating " + resourceType + " resources";
      case DELETE -> "deleting " + resourceType + " resources";
      case SEARCH -> "searching " + resourceType + " resources";
    };
  }
}
