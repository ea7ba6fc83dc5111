package org.pathway.fhiradapter.support;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/** Referrals made through the FHIR API, and the Task each one opened. */
public final class Referrals {

  private Referrals() {}

  /** Posts {@code referral} as {@code client} and returns the Task it opened. */
  public static Task refer(IGenericClient client, ServiceRequest referral) {
    return taskOpenedBy(client, client.create().resource(referral).execute().getId());
  }

  /** The one Task the referral {@code serviceRequest} opened, read as {@code client}. */
  public static Task taskOpenedBy(IGenericClient client, IIdType serviceRequest) {
    Bundle found =
        client
            .search()
            .forResource(Task.class)
            .where(Task.FOCUS.hasId("ServiceRequest/" + serviceRequest.getIdPart()))
            .returnBundle(Bundle.class)
            .execute();
    if (found.getEntry().size() != 1) {
      throw new IllegalStateException(
          "ServiceRequest/"
              + serviceRequest.getIdPart()
              + " opened "
              + found.getEntry().size()
              + " Tasks, not one");
    }
    return (Task) found.getEntryFirstRep().getResource();
  }
}
