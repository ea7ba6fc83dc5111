package org.pathway.portal.pages;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Communication.CommunicationStatus;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;

/**
 * What has happened to a referral, oldest first, from the adapter's {@code Provenance} (each status
 * change of the link's Task, with who made it) and {@code Communication} (each message Pathway
 * delivered or failed to deliver about it). Codes become message keys here so the page shows words,
 * never codes or ids.
 */
public final class Timeline {

  /** Task statuses with words of their own; anything else is "updated". */
  static final Set<String> STATUSES =
      Set.of(
          "requested",
          "accepted",
          "rejected",
          "cancelled",
          "in-progress",
          "on-hold",
          "failed",
          "completed",
          "entered-in-error");

  /** Channels with words of their own; anything else is "a message". */
  static final Set<String> CHANNELS = Set.of("email", "sms", "webhook", "fhir");

  private static final String TASK_STATUS = "http://hl7.org/fhir/task-status";
  private static final String PARTICIPANT_TYPE =
      "http://terminology.hl7.org/CodeSystem/provenance-participant-type";

  private Timeline() {}

  /**
   * The lines for {@code task}.
   *
   * @param recipient the organisation the link was sent to: its own changes read "You"
   */
  public static List<TimelineLine> of(
      Task task, List<Provenance> changes, List<Communication> messages, String recipient) {
    List<TimelineLine> lines = new ArrayList<>();
    for (Provenance p : changes) {
      Instant at = p.hasRecorded() ? p.getRecorded().toInstant() : null;
      if (at == null) {
        continue;
      }
      String status =
          p.getActivity().getCoding().stream()
              .filter(c -> TASK_STATUS.equals(c.getSystem()))
              .map(c -> c.getCode())
              .findFirst()
              .orElse("");
      boolean created =
          p.getTarget().stream()
              .anyMatch(
                  r -> r.getReference() != null && r.getReference().startsWith("ServiceRequest/"));
      String what =
          created
              ? "timeline.what.created"
              : STATUSES.contains(status) ? "timeline.what." + status : "timeline.what.updated";
      lines.add(who(at, p, task, recipient, what));
    }
    for (Communication c : messages) {
      Instant at =
          c.hasSent()
              ? c.getSent().toInstant()
              : c.getMeta().hasLastUpdated() ? c.getMeta().getLastUpdated().toInstant() : null;
      if (at == null) {
        continue;
      }
      String channel =
          c.getMedium().stream()
              .map(m -> m.getText() == null ? "" : m.getText().toLowerCase(Locale.ROOT))
              .filter(CHANNELS::contains)
              .findFirst()
              .orElse("other");
      String outcome = c.getStatus() == CommunicationStatus.COMPLETED ? "delivered" : "failed";
      lines.add(
          new TimelineLine(
              at, "timeline.who.pathway", null, "timeline.what." + outcome + "." + channel));
    }
    lines.sort(Comparator.comparing(TimelineLine::at));
    return lines;
  }

  private static TimelineLine who(
      Instant at, Provenance p, Task task, String recipient, String what) {
    Provenance.ProvenanceAgentComponent author =
        p.getAgent().stream().filter(a -> !hasType(a, "enterer")).findFirst().orElse(null);
    if (author == null || hasType(author, "performer")) {
      return new TimelineLine(at, "timeline.who.pathway", null, what);
    }
    String org = author.getWho().getIdentifier().getValue();
    if (org != null && org.equals(recipient)) {
      return new TimelineLine(at, "timeline.who.you", null, what);
    }
    if (org != null && org.equals(organisation(task.getRequester()))) {
      String name = task.getRequester().getDisplay();
      return name == null || name.isBlank()
          ? new TimelineLine(at, "timeline.who.referrer", null, what)
          : new TimelineLine(at, "timeline.who.named", name, what);
    }
    return new TimelineLine(at, "timeline.who.other", null, what);
  }

  private static boolean hasType(Provenance.ProvenanceAgentComponent a, String code) {
    return a.getType().getCoding().stream()
        .anyMatch(c -> PARTICIPANT_TYPE.equals(c.getSystem()) && code.equals(c.getCode()));
  }

  /** The organisation a reference names: its identifier's value, else the id it points at. */
  private static String organisation(Reference r) {
    if (r.hasIdentifier() && r.getIdentifier().hasValue()) {
      return r.getIdentifier().getValue();
    }
    return r.hasReference() ? r.getReferenceElement().getIdPart() : null;
  }
}
