package org.pathway.fhiradapter.fhir;

import java.util.Date;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.pathway.events.vocabulary.IdentifierSystems;
import org.pathway.fhiradapter.ledger.StatusChange;

/**
 * A Task status change as a FHIR {@code Provenance}: the Task version it produced as {@code target}
 * (and, for the change that created the Task, the ServiceRequest it fulfils), {@code recorded}, the
 * status it moved to as {@code activity}, who did it as {@code agent} and why as {@code reason}.
 * Built from the ledger's provenance rows, one per status change, so nothing is stored twice.
 */
public final class Provenances {

  /** FHIR's code systems for what was done, who took part, and Task statuses. */
  public static final String DATA_OPERATION =
      "http://terminology.hl7.org/CodeSystem/v3-DataOperation";

  public static final String PARTICIPANT_TYPE =
      "http://terminology.hl7.org/CodeSystem/provenance-participant-type";
  public static final String TASK_STATUS = "http://hl7.org/fhir/task-status";

  /** How the ledger records a change made through the portal for a signed link's recipient. */
  private static final Pattern VIA_LINK =
      Pattern.compile("^(.+) via signed link (\\S+) \\((.+)\\)$");

  private Provenances() {}

  /**
   * The Provenance for {@code change}.
   *
   * @param organizationOfClient the organisation a registered client id belongs to, empty for a
   *     name that is not a registered client (then a part of Pathway, e.g. the router)
   */
  public static Provenance of(
      StatusChange change, Function<String, Optional<String>> organizationOfClient) {
    var p = new Provenance();
    p.setId(change.provenanceId());
    p.getMeta().setVersionId("1");
    p.getMeta().setLastUpdated(Date.from(change.recordedAt()));
    p.addTarget(new Reference("Task/" + change.taskId() + "/_history/" + change.taskVersion()));
    if (change.fromStatus() == null && change.referralId() != null) {
      p.addTarget(new Reference("ServiceRequest/" + change.referralId()));
    }
    p.setRecorded(Date.from(change.recordedAt()));
    p.setOccurred(new org.hl7.fhir.r4.model.DateTimeType(Date.from(change.recordedAt())));
    boolean created = change.fromStatus() == null;
    var activity =
        new CodeableConcept()
            .addCoding(
                new Coding(
                    DATA_OPERATION, created ? "CREATE" : "UPDATE", created ? "create" : "revise"))
            .addCoding(new Coding(TASK_STATUS, change.toStatus(), change.toStatus()));
    activity.setText(
        created
            ? "created " + change.toStatus()
            : change.fromStatus() + " to " + change.toStatus());
    p.setActivity(activity);
    agents(p, change.actor(), organizationOfClient);
    if (change.reason() != null && !change.reason().isBlank()) {
      p.addReason(new CodeableConcept().setText(change.reason()));
    }
    return p;
  }

  private static void agents(
      Provenance p, String actor, Function<String, Optional<String>> organizationOfClient) {
    if (actor == null || actor.isBlank()) {
      p.addAgent().setType(type("author")).setWho(new Reference().setDisplay("unknown"));
      return;
    }
    var link = VIA_LINK.matcher(actor);
    if (link.matches()) {
      // A person acting through a signed link: their organisation is the author, the link is who
      // they were (no personal data), and the portal entered it for them.
      p.addAgent()
          .setType(type("author"))
          .setWho(
              organization(link.group(1))
                  .setDisplay(link.group(1) + " via signed link " + link.group(2)));
      p.addAgent().setType(type("enterer")).setWho(client(link.group(3)));
      return;
    }
    Optional<String> org = organizationOfClient.apply(actor);
    if (org.isPresent()) {
      p.addAgent().setType(type("author")).setWho(organization(org.get()));
      p.addAgent().setType(type("enterer")).setWho(client(actor));
      return;
    }
    // Not a registered client: a part of Pathway acting on an event (router, notifier, cascade).
    p.addAgent()
        .setType(type("performer"))
        .setWho(
            new Reference()
                .setType("Device")
                .setIdentifier(
                    new Identifier().setSystem(IdentifierSystems.CLIENT_ID).setValue(actor))
                .setDisplay("Pathway (" + actor + ")"));
  }

  private static CodeableConcept type(String code) {
    return new CodeableConcept().addCoding(new Coding(PARTICIPANT_TYPE, code, null));
  }

  private static Reference organization(String org) {
    return new Reference()
        .setType("Organization")
        .setIdentifier(new Identifier().setSystem(IdentifierSystems.ORGANIZATION).setValue(org))
        .setDisplay(org);
  }

  private static Reference client(String clientId) {
    return new Reference()
        .setType("Device")
        .setIdentifier(new Identifier().setSystem(IdentifierSystems.CLIENT_ID).setValue(clientId))
        .setDisplay(clientId);
  }
}
