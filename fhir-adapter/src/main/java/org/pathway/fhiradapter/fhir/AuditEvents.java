package org.pathway.fhiradapter.fhir;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Set;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.pathway.access.clients.Role;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.events.vocabulary.IdentifierSystems;
import org.pathway.fhiradapter.ledger.InteractionRecord;

/** An audit row as an R4 {@code AuditEvent}: who asked what, when, and what they were answered. */
public final class AuditEvents {

  public static final String CLIENT_ID_SYSTEM = IdentifierSystems.CLIENT_ID;
  static final String ORGANIZATION_SYSTEM = IdentifierSystems.ORGANIZATION;
  static final String ROLE_SYSTEM = CodeSystems.CLIENT_ROLE;
  static final String INTERACTION_SYSTEM = CodeSystems.INTERACTION;
  static final String RESTFUL = "http://hl7.org/fhir/restful-interaction";
  static final String EVENT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-event-type";
  static final String SOURCE_TYPE = "http://terminology.hl7.org/CodeSystem/security-source-type";

  private static final Set<String> RESTFUL_CODES =
      Set.of(
          "read",
          "vread",
          "update",
          "patch",
          "delete",
          "history-instance",
          "history-type",
          "create",
          "search-type",
          "search-system",
          "capabilities",
          "transaction",
          "operation");

  private AuditEvents() {}

  public static AuditEvent toFhir(InteractionRecord r) {
    var event = new AuditEvent();
    event.setId(Long.toString(r.id()));
    event.setType(new Coding(EVENT_TYPE, "rest", "RESTful Operation"));
    if (r.interaction() != null) {
      event.addSubtype(
          new Coding(
              RESTFUL_CODES.contains(r.interaction()) ? RESTFUL : INTERACTION_SYSTEM,
              r.interaction(),
              null));
    }
    event.setAction(action(r.interaction()));
    event.setRecorded(Date.from(r.recordedAt().toInstant()));
    Integer status = r.status();
    event.setOutcome(
        status == null || status < 400
            ? AuditEventOutcome._0
            : status < 500 ? AuditEventOutcome._4 : AuditEventOutcome._8);
    if (status != null) {
      event.setOutcomeDesc("HTTP " + status);
    }

    if (r.linkId() != null && r.linkRefusal() == null) {
      delegatedAgents(event, r);
    } else {
      clientAgents(event, r);
    }
    event
        .getSource()
        .setSite("Pathway")
        .setObserver(new Reference().setDisplay("Pathway fhir-adapter"))
        .addType(new Coding(SOURCE_TYPE, "4", "Application Server"));

    var entity = event.addEntity();
    if (r.resourceType() != null) {
      entity.setWhat(
          r.resourceId() != null
              ? new Reference(r.resourceType() + "/" + r.resourceId())
              : new Reference().setType(r.resourceType()));
      entity.setName(r.resourceType());
    }
    if (r.query() != null) {
      entity.setQuery(r.query().getBytes(StandardCharsets.UTF_8));
    }
    if (r.method() != null) {
      entity
          .addDetail()
          .setType("method")
          .setValue(new org.hl7.fhir.r4.model.StringType(r.method()));
    }
    detail(entity, "correlation-id", r.correlationId());
    detail(entity, "request-id", r.requestId());
    detail(entity, "link", r.linkId());
    detail(entity, "link-refusal", r.linkRefusal());
    return event;
  }

  /** A client calling as itself: the client asks (requestor), for its organisation. */
  private static void clientAgents(AuditEvent event, InteractionRecord r) {
    var agent = event.addAgent().setRequestor(true);
    if (r.clientId() != null) {
      agent.setWho(
          new Reference()
              .setIdentifier(new Identifier().setSystem(CLIENT_ID_SYSTEM).setValue(r.clientId()))
              .setDisplay(r.clientId()));
      if (r.role() != null) {
        agent.addRole(new CodeableConcept(new Coding(ROLE_SYSTEM, r.role(), null)));
      }
    } else {
      agent.setWho(
          new Reference().setDisplay(r.actor() != null ? r.actor() : "unauthenticated caller"));
    }
    if (r.organization() != null) {
      event
          .addAgent()
          .setRequestor(false)
          .setWho(
              new Reference()
                  .setIdentifier(
                      new Identifier().setSystem(ORGANIZATION_SYSTEM).setValue(r.organization()))
                  .setDisplay(r.organization()));
    }
  }

  /**
   * The portal acting through a signed link: the link's recipient organisation is the requestor, in
   * the role the link gave it; the portal is the agent it acted through.
   */
  private static void delegatedAgents(AuditEvent event, InteractionRecord r) {
    var recipient =
        event
            .addAgent()
            .setRequestor(true)
            .setWho(
                new Reference()
                    .setIdentifier(
                        new Identifier().setSystem(ORGANIZATION_SYSTEM).setValue(r.organization()))
                    .setDisplay(r.organization()));
    if (r.role() != null) {
      recipient.addRole(new CodeableConcept(new Coding(ROLE_SYSTEM, r.role(), null)));
    }
    event
        .addAgent()
        .setRequestor(false)
        .setName("via signed link")
        .addRole(new CodeableConcept(new Coding(ROLE_SYSTEM, Role.PORTAL.code(), null)))
        .setWho(
            new Reference()
                .setIdentifier(new Identifier().setSystem(CLIENT_ID_SYSTEM).setValue(r.clientId()))
                .setDisplay(r.clientId()));
  }

  private static void detail(AuditEvent.AuditEventEntityComponent entity, String type, String v) {
    if (v != null) {
      entity.addDetail().setType(type).setValue(new org.hl7.fhir.r4.model.StringType(v));
    }
  }

  private static AuditEventAction action(String interaction) {
    if (interaction == null) {
      return AuditEventAction.E;
    }
    return switch (interaction) {
      case "create" -> AuditEventAction.C;
      case "update", "patch" -> AuditEventAction.U;
      case "delete" -> AuditEventAction.D;
      case "read",
          "vread",
          "history-instance",
          "history-type",
          "search-type",
          "search-system",
          "search",
          "history",
          "capabilities" ->
          AuditEventAction.R;
      default -> AuditEventAction.E;
    };
  }
}
