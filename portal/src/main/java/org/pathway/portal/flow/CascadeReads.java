package org.pathway.portal.flow;

import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.pathway.access.links.LinkPurpose;
import org.pathway.portal.adapter.AdapterClient;
import org.pathway.portal.adapter.AdapterException;
import org.pathway.portal.link.LinkHint;
import org.pathway.portal.pages.Capacity;
import org.pathway.portal.pages.CascadeStep;

/**
 * What a facilitator's page needs to know of a volunteer cascade, read through the link: whether
 * its holder passes requests on, to whom, and who holds the request now. The decisions are {@link
 * CascadeStep}'s; this only reads. A read the adapter refuses leaves the page as a group's page.
 */
final class CascadeReads {

  private final AdapterClient adapter;

  CascadeReads(AdapterClient adapter) {
    this.adapter = adapter;
  }

  /** Whether the holder of {@code task} (the link's recipient) may pass it on from the page. */
  boolean passesOn(String token, Task task, LinkHint hint) {
    if (hint.purpose().orElse(null) != LinkPurpose.FACILITATOR) {
      return false;
    }
    return CascadeStep.passesOn(
        service(token, hint.recipient()), service(token, CascadeStep.idOf(task.getRequester())));
  }

  /** The volunteers and coordinators the holder may pass {@code task} on to, as page choices. */
  List<ServiceChoice> choices(String token, Task task) {
    try {
      return CascadeStep.choices(adapter.search(token, HealthcareService.class, "_count=100"), task)
          .stream()
          .map(
              s -> {
                Capacity capacity = Capacity.of(s);
                return new ServiceChoice(
                    s.getIdElement().getIdPart(),
                    s.getName(),
                    "capacity." + capacity.status(),
                    capacity.placesLeft().orElse(-1));
              })
          .toList();
    } catch (AdapterException e) {
      return List.of();
    }
  }

  /** The name of whoever holds the request now, below this Task; empty if no one below does. */
  Optional<String> heldBy(String token, Task task) {
    Optional<Reference> held = CascadeStep.heldBy(task);
    if (held.isEmpty()) {
      return Optional.empty();
    }
    if (held.get().hasDisplay()) {
      return Optional.of(held.get().getDisplay());
    }
    return service(token, CascadeStep.idOf(held.get()))
        .map(HealthcareService::getName)
        .or(() -> Optional.of(held.get().getReference()));
  }

  private Optional<HealthcareService> service(String token, String id) {
    if (id == null || id.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(adapter.read(token, HealthcareService.class, id));
    } catch (AdapterException e) {
      return Optional.empty();
    }
  }
}
