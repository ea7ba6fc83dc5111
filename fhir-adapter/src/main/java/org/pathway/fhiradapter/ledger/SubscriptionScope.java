package org.pathway.fhiradapter.ledger;

import java.util.Optional;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.pathway.fhiradapter.fhir.Issue;
import org.pathway.fhiradapter.fhir.SubscriptionCriteria;

/**
 * Whether a Subscription's criteria stay on the caller's own Tasks: a {@code requester} it may
 * follow as a requester and an {@code owner} it may follow as an owner, by the same tenancy that
 * answers its Task searches ({@link Visibility}). A pure function.
 */
public final class SubscriptionScope {

  private SubscriptionScope() {}

  /** Why {@code criteria} reach beyond what {@code visibility} lets its caller see, or empty. */
  public static Optional<Issue> refusal(SubscriptionCriteria criteria, Visibility visibility) {
    if (visibility.everything()) {
      return Optional.empty();
    }
    if (visibility.nothing()) {
      return Optional.of(
          new Issue(
              IssueType.FORBIDDEN,
              "Subscription.criteria",
              "this client has no Tasks of its own to subscribe to"));
    }
    String requester = criteria.requesterOrganization();
    if (requester != null && !visibility.requesters().contains(requester)) {
      return Optional.of(
          new Issue(
              IssueType.FORBIDDEN,
              "Subscription.criteria",
              "parameter 'requester' names "
                  + requester
                  + ", whose Tasks are not this client's to follow"));
    }
    String owner = criteria.ownerOrganization();
    if (owner != null && !visibility.owners().contains(owner)) {
      return Optional.of(
          new Issue(
              IssueType.FORBIDDEN,
              "Subscription.criteria",
              "parameter 'owner' names "
                  + owner
                  + ", whose Tasks are not this client's to follow"));
    }
    return Optional.empty();
  }
}
