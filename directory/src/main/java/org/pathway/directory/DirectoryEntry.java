package org.pathway.directory;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.pathway.events.avro.Actor;
import org.pathway.events.avro.CapacityStatus;
import org.pathway.events.avro.Channel;

/**
 * A service, group or practice as the router sees it: the fields of a FHIR {@code
 * HealthcareService} that routing needs (id, name, kind, ODS code, capacity, endpoints).
 *
 * @param id the HSDS service id, also the {@code HealthcareService} id
 * @param channels ways to reach it, the preferred one first
 * @param lastModified when the feed last changed it, for incremental refresh
 */
public record DirectoryEntry(
    String id,
    String name,
    ServiceKind kind,
    String odsCode,
    String contactName,
    CapacityStatus capacity,
    List<ContactChannel> channels,
    Instant lastModified) {

  public DirectoryEntry {
    channels = List.copyOf(channels);
  }

  /** The FHIR literal reference events use for this entry. */
  public String reference() {
    return kind == ServiceKind.GP_PRACTICE && odsCode != null
        ? "Organization/" + odsCode
        : "HealthcareService/" + id;
  }

  /** This entry as an event {@link Actor}. */
  public Actor toActor() {
    return Actor.newBuilder()
        .setKind(kind.actorKind())
        .setReference(reference())
        .setIdentifier(odsCode)
        .setDisplay(name)
        .build();
  }

  /** The preferred channel. */
  public Optional<ContactChannel> preferredChannel() {
    return channels.stream().findFirst();
  }

  /** The first channel of the given kind. */
  public Optional<ContactChannel> channel(Channel wanted) {
    return channels.stream().filter(c -> c.channel() == wanted).findFirst();
  }
}
