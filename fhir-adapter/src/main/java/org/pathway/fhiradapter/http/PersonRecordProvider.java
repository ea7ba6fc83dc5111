package org.pathway.fhiradapter.http;

import ca.uhn.fhir.model.api.annotation.Description;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.inject.Singleton;
import java.util.Date;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.pathway.access.clients.ClientRegistry;
import org.pathway.access.clients.RegisteredClient;
import org.pathway.fhiradapter.fhir.AuditEvents;
import org.pathway.fhiradapter.fhir.Provenances;
import org.pathway.fhiradapter.ids.RandomUuids;
import org.pathway.fhiradapter.ledger.PersonRecord;

/**
 * {@code GET /fhir/Patient/{id}/$everything}: everything Pathway holds about one person, for an
 * operator answering that person's request (the caller's role and scope are checked by {@link
 * InteractionCheck}; the request is audited like every other). A searchset Bundle of the Patient,
 * their referrals and what came with them, every version of every Task, the scores, the
 * Communications, the Consents, the provenance of each status change and the audit of who touched
 * any of it.
 */
@Singleton
public class PersonRecordProvider {

  private final PersonRecord record;
  private final ClientRegistry clients;

  public PersonRecordProvider(PersonRecord record, ClientRegistry clients) {
    this.record = record;
    this.clients = clients;
  }

  /** The person's whole record; 404 when no such person is held. */
  @Operation(
      name = "$everything",
      idempotent = true,
      type = Patient.class,
      returnParameters = @OperationParam(name = "return", type = Bundle.class, min = 1, max = 1))
  @Description(
      shortDefinition =
          "Everything Pathway holds about one person (operators only, answering their request)")
  public Bundle everything(@IdParam IdType id) {
    return Errors.guard(
        () -> {
          var held = record.of(id.getIdPart()).orElseThrow(() -> new ResourceNotFoundException(id));
          var bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
          bundle.setId(RandomUuids.nextString());
          bundle.getMeta().setLastUpdated(new Date());
          for (Resource r : held.resources()) {
            add(bundle, r.fhirType() + "/" + r.getIdElement().getIdPart(), r);
          }
          for (Task t : held.taskVersions()) {
            String ref =
                "Task/" + t.getIdElement().getIdPart() + "/_history/" + t.getMeta().getVersionId();
            add(bundle, ref, t);
          }
          for (var change : held.statusChanges()) {
            var p =
                Provenances.of(
                    change, clientId -> clients.find(clientId).map(RegisteredClient::organization));
            add(bundle, "Provenance/" + p.getIdElement().getIdPart(), p);
          }
          for (var access : held.accesses()) {
            var a = AuditEvents.toFhir(access);
            add(bundle, "AuditEvent/" + a.getIdElement().getIdPart(), a);
          }
          bundle.setTotal(bundle.getEntry().size());
          return bundle;
        });
  }

  private static void add(Bundle bundle, String fullUrl, Resource r) {
    bundle
        .addEntry()
        .setFullUrl(fullUrl)
        .setResource(r)
        .getSearch()
        .setMode(Bundle.SearchEntryMode.MATCH);
  }
}
