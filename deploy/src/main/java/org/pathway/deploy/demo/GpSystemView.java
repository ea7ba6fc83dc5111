package org.pathway.deploy.demo;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Task;
import org.pathway.testsupport.gp.GpFhirServer;
import org.pathway.testsupport.gp.Write;

/**
 * What the demo GP system has heard, read as the practice's staff would read their own system: the
 * Tasks, outcomes and Communications Pathway's notifier wrote to its FHIR endpoint. Each probe
 * answers null until the evidence is there, for {@code await}.
 */
public final class GpSystemView {

  private final IGenericClient gp;
  private final GpFhirServer system;

  /** A view of {@code system} through a FHIR client of {@code fhir}. */
  public GpSystemView(FhirContext fhir, GpFhirServer system) {
    this.gp = fhir.newRestfulGenericClient(system.baseUrl());
    this.system = system;
  }

  /** The GP's copy of {@code referral} once it has {@code status}; null until then. */
  public Task task(Task referral, Task.TaskStatus status) {
    return task(referral.getIdPart(), status);
  }

  /** The GP's copy of Task {@code id} once it has {@code status}; null until then. */
  public Task task(String id, Task.TaskStatus status) {
    return gp
        .search()
        .forResource(Task.class)
        .returnBundle(Bundle.class)
        .execute()
        .getEntry()
        .stream()
        .map(e -> (Task) e.getResource())
        .filter(t -> t.getIdElement().getIdPart().equals(id))
        .filter(t -> t.getStatus() == status)
        .findFirst()
        .orElse(null);
  }

  /**
   * The version of Task {@code id} the GP system was written with {@code status}, even if a later
   * change has since replaced it (its latest copy moves on as the referral does); null until then.
   */
  public Task toldOf(String id, Task.TaskStatus status) {
    return system.writes().stream()
        .filter(w -> w.type().equals("Task") && w.id().equals(id))
        .map(Write::resource)
        .filter(r -> r instanceof Task t && t.getStatus() == status)
        .map(r -> (Task) r)
        .findFirst()
        .orElse(null);
  }

  /** TRUE once the GP holds at least {@code atLeast} resources of {@code type}; null until. */
  public <T extends IBaseResource> Boolean holds(Class<T> type, int atLeast) {
    return count(type) >= atLeast ? Boolean.TRUE : null;
  }

  /** How many resources of {@code type} the GP holds now. */
  public <T extends IBaseResource> int count(Class<T> type) {
    return gp.search().forResource(type).returnBundle(Bundle.class).execute().getEntry().size();
  }

  /** TRUE once a Communication at the GP says {@code text}; null until then. */
  public Boolean communicationSaying(String text) {
    boolean said =
        gp
            .search()
            .forResource(Communication.class)
            .returnBundle(Bundle.class)
            .execute()
            .getEntry()
            .stream()
            .flatMap(e -> ((Communication) e.getResource()).getPayload().stream())
            .anyMatch(
                p ->
                    p.hasContentStringType() && p.getContentStringType().getValue().contains(text));
    return said ? Boolean.TRUE : null;
  }

  /** The correlation id the request that wrote the GP's copy {@code atGp} carried, or null. */
  public String correlationOf(Task atGp) {
    String version = atGp.getMeta().getVersionId();
    return system.writes().stream()
        .filter(w -> w.type().equals("Task") && w.id().equals(atGp.getIdPart()))
        .filter(w -> w.version().equals(version))
        .map(Write::correlationId)
        .findFirst()
        .orElse(null);
  }
}
