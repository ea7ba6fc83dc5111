package org.pathway.fhiradapter.ledger;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.pathway.access.clients.Role;
import org.pathway.access.tokens.Caller;

/**
 * The organisations behind a Task's requester and owner, and how a caller stands to a Task. A
 * reference names an organisation by ODS code or directory id: the value of an identifier, or the
 * id of a literal reference ({@code Organization/A81001}, {@code HealthcareService/lws-leeds}).
 */
public final class Parties {

  /** How a caller stands to one Task. */
  public enum Relation {
    /** Pathway itself: the router's decisions, the notifier's receipts, cascades. */
    SYSTEM,
    /** The caller's organisation owns the Task. */
    OWNER,
    /** The caller's organisation requested it. */
    REQUESTER,
    /** A hub whose area covers the Task's owner or requester. */
    HUB
  }

  private Parties() {}

  /**
   * The organisation a stored reference token names: the value of {@code system|value}, the id of
   * {@code Type/id}; null for null.
   */
  public static String organizationOf(String token) {
    if (token == null || token.isBlank()) {
      return null;
    }
    int bar = token.lastIndexOf('|');
    if (bar >= 0) {
      return token.substring(bar + 1);
    }
    int slash = token.lastIndexOf('/');
    return slash >= 0 ? token.substring(slash + 1) : token;
  }

  /**
   * Whether a ServiceRequest's requester names {@code organization}: by identifier value, literal
   * reference id, or the ODS code of the Organization it resolved to.
   *
   * @param requesterRef the requester as a token ({@code Type/id} or {@code system|value})
   * @param requesterOds the ODS code of the requester, when the referral gave one
   */
  public static boolean namesOrganization(
      String organization, String requesterRef, String requesterOds) {
    return organization != null
        && (organization.equals(organizationOf(requesterRef)) || organization.equals(requesterOds));
  }

  /** How {@code caller} (null: Pathway itself) stands to a Task with these parties. */
  public static Set<Relation> relations(Caller caller, String ownerOrg, String requesterOrg) {
    if (caller == null) {
      return EnumSet.of(Relation.SYSTEM);
    }
    Set<Relation> found = EnumSet.noneOf(Relation.class);
    String org = caller.organization();
    if (Objects.equals(org, ownerOrg)) {
      found.add(Relation.OWNER);
    }
    if (Objects.equals(org, requesterOrg)) {
      found.add(Relation.REQUESTER);
    }
    if (caller.role() == Role.HUB && Visibility.of(caller).sees(ownerOrg, requesterOrg, null)) {
      found.add(Relation.HUB);
    }
    return found;
  }
}
