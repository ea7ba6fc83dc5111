package org.pathway.deploy.demo;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Task;

/**
 * Finding a referral the demo sent among others: by the ServiceRequest its transaction created,
 * never as "the practice's only Task" (the demo's cohort refers first).
 */
final class Referrals {

  private Referrals() {}

  /** The id of the ServiceRequest the transaction's answer says was created. */
  static String serviceRequestId(Bundle answer) {
    return answer.getEntry().stream()
        .map(e -> e.getResponse().getLocation())
        .filter(l -> l != null && l.startsWith("ServiceRequest/"))
        .map(l -> l.split("/")[1])
        .findFirst()
        .orElseThrow(() -> new HopFailed("the referral's answer names no ServiceRequest", null));
  }

  /** The referral's own Task (not an onward one) as {@code client} reads it; null before it is. */
  static Task rootTask(IGenericClient client, String serviceRequestId) {
    return client
        .search()
        .forResource(Task.class)
        .where(Task.FOCUS.hasId("ServiceRequest/" + serviceRequestId))
        .returnBundle(Bundle.class)
        .execute()
        .getEntry()
        .stream()
        .map(e -> (Task) e.getResource())
        .filter(t -> !t.hasPartOf())
        .findFirst()
        .orElse(null);
  }
}
