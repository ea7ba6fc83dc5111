package org.pathway.router.decision;

import java.time.Instant;
import java.util.Locale;
import org.pathway.events.avro.ReferralReceived;
import org.pathway.events.avro.RoutingDecisionMade;

/**
 * A referral triage routed to a link-worker service, awaiting the ledger's word that the service
 * owns its Task: which decision to wait for, and what the service's new-referral notice needs that
 * {@link KnownReferral} does not keep (it keeps no contact details, needs or places).
 *
 * @param taskId the Task routed
 * @param decisionId the routing decision's event id: the ledger names it as the cause of the owner
 *     change it applies
 * @param serviceReference the service routed to, e.g. {@code HealthcareService/lw-east}
 * @param postcodeDistrict the person's postcode district, or null
 * @param preferredContact how the person likes to be contacted, as the template shows it
 * @param contactPhone the person's phone, or null
 * @param contactEmail the person's email, or null
 * @param needCategories what the person wants help with (social-need categories), comma-separated
 * @param dueAt when the first step is due, or null
 */
public record RoutedReferral(
    String taskId,
    String decisionId,
    String serviceReference,
    String postcodeDistrict,
    String preferredContact,
    String contactPhone,
    String contactEmail,
    String needCategories,
    Instant dueAt) {

  /** What to keep of {@code referral}, routed by {@code decision}. */
  public static RoutedReferral of(ReferralReceived referral, RoutingDecisionMade decision) {
    var person = referral.getPerson();
    return new RoutedReferral(
        decision.getTaskId(),
        decision.getEnvelope().getEventId().toString(),
        decision.getTarget().getReference(),
        person.getPostcodeDistrict(),
        person.getContactPreference().name().toLowerCase(Locale.ROOT),
        person.getPhone(),
        person.getEmail(),
        String.join(", ", referral.getNeedCategories()),
        referral.getDueAt());
  }
}
