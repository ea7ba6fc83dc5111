package org.pathway.fhiradapter.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import org.hl7.fhir.r4.model.AuditEvent;
import org.junit.jupiter.api.Test;
import org.pathway.fhiradapter.ledger.InteractionRecord;

/** An audit row as an AuditEvent: a client as itself, or the portal acting for a link. */
class AuditEventsTest {

  static InteractionRecord row(
      String client, String org, String role, int status, String linkId, String refusal) {
    return new InteractionRecord(
        7,
        OffsetDateTime.parse("2026-12-01T07:00:00Z"),
        InteractionRecord.INTERACTION,
        client,
        org,
        role,
        "PUT",
        "update",
        "Task",
        "t1",
        null,
        status,
        "corr-1",
        "req-1",
        null,
        linkId,
        refusal);
  }

  static String detail(AuditEvent e, String type) {
    return e.getEntityFirstRep().getDetail().stream()
        .filter(d -> type.equals(d.getType()))
        .map(d -> d.getValue().primitiveValue())
        .findFirst()
        .orElse(null);
  }

  @Test
  void aClientAsItselfIsTheRequestorForItsOrganisation() {
    var e = AuditEvents.toFhir(row("lw-city", "lw-city", "link-worker-service", 200, null, null));
    assertThat(e.getAgent().get(0).getRequestor()).isTrue();
    assertThat(e.getAgent().get(0).getWho().getIdentifier().getSystem())
        .isEqualTo(AuditEvents.CLIENT_ID_SYSTEM);
    assertThat(detail(e, "link")).isNull();
  }

  @Test
  void thePortalActingThroughALinkNamesTheRecipientAsRequestorViaThePortal() {
    var e =
        AuditEvents.toFhir(row("portal", "lw-city", "link-worker-service", 200, "link-1", null));
    var recipient = e.getAgent().get(0);
    assertThat(recipient.getRequestor()).isTrue();
    assertThat(recipient.getWho().getIdentifier().getSystem())
        .isEqualTo(AuditEvents.ORGANIZATION_SYSTEM);
    assertThat(recipient.getWho().getIdentifier().getValue()).isEqualTo("lw-city");
    assertThat(recipient.getRoleFirstRep().getCodingFirstRep().getCode())
        .isEqualTo("link-worker-service");
    var via = e.getAgent().get(1);
    assertThat(via.getRequestor()).isFalse();
    assertThat(via.getName()).isEqualTo("via signed link");
    assertThat(via.getWho().getIdentifier().getValue()).isEqualTo("portal");
    assertThat(detail(e, "link")).isEqualTo("link-1");
  }

  @Test
  void aRefusedLinkIsTheFailedAttemptOfThePortalWithItsRefusal() {
    var e = AuditEvents.toFhir(row("portal", "pathway-portal", "portal", 403, null, "expired"));
    assertThat(e.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._4);
    assertThat(e.getAgent().get(0).getWho().getIdentifier().getValue()).isEqualTo("portal");
    assertThat(detail(e, "link-refusal")).isEqualTo("expired");
  }
}
