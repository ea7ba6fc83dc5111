package org.pathway.router.decision;

import java.util.List;
import org.pathway.events.avro.SubscriptionChanged;
import org.pathway.events.avro.SubscriptionStatus;

/**
 * A client's FHIR Subscription as the router keeps it from {@code pathway.subscriptions}: whose
 * Tasks it follows (the adapter has checked they are the client's own), where the rest-hook goes
 * and with which headers.
 *
 * @param id the subscription id
 * @param version the highest version seen
 * @param active whether it delivers
 * @param organization the subscribing client's organisation
 * @param requesterOrganization Tasks requested by this organisation, or null
 * @param ownerOrganization Tasks owned by this organisation, or null
 * @param statuses FHIR Task status codes it follows; empty for any
 * @param endpoint the rest-hook endpoint
 * @param payload {@code application/fhir+json}, or null for an empty notification
 * @param headers {@code Name: value} lines (the subscriber's secret)
 */
public record Subscriber(
    String id,
    int version,
    boolean active,
    String organization,
    String requesterOrganization,
    String ownerOrganization,
    List<String> statuses,
    String endpoint,
    String payload,
    List<String> headers) {

  public Subscriber {
    statuses = List.copyOf(statuses);
    headers = List.copyOf(headers);
  }

  /** What to keep of {@code changed}. */
  public static Subscriber of(SubscriptionChanged changed) {
    return new Subscriber(
        changed.getSubscriptionId(),
        changed.getVersion(),
        changed.getStatus() == SubscriptionStatus.ACTIVE,
        changed.getOrganization(),
        changed.getRequesterOrganization(),
        changed.getOwnerOrganization(),
        changed.getTaskStatuses(),
        changed.getEndpoint(),
        changed.getPayload(),
        changed.getHeaders());
  }
}
