package org.pathway.fhiradapter.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.pathway.events.vocabulary.IdentifierSystems;
import org.pathway.fhiradapter.ledger.StatusChange;

class ProvenancesTest {

  static final Instant AT = Instant.parse("2026-12-01T09:00:00Z");
  static final Function<String, Optional<String>> CLIENTS =
      id -> Optional.ofNullable(Map.of("practice-a81001", "A81001").get(id));

  @Test
  void theCreationTargetsTheFirstTaskVersionAndItsServiceRequestAndNamesTheReferrer() {
    var change = new StatusChange("t1", 1, AT, null, "requested", "practice-a81001", null, "sr1");

    Provenance p = Provenances.of(change, CLIENTS);

    assertThat(p.getIdElement().getIdPart()).isEqualTo("t1-1");
    assertThat(p.getTarget())
        .extracting(Reference::getReference)
        .containsExactly("Task/t1/_history/1", "ServiceRequest/sr1");
    assertThat(p.getRecorded().toInstant()).isEqualTo(AT);
    assertThat(p.getActivity().getCoding())
        .extracting(c -> c.getSystem() + "|" + c.getCode())
        .containsExactly(
            Provenances.DATA_OPERATION + "|CREATE", Provenances.TASK_STATUS + "|requested");
    assertThat(p.getAgent()).hasSize(2);
    assertThat(p.getAgent().get(0).getWho().getIdentifier().getSystem())
        .isEqualTo(IdentifierSystems.ORGANIZATION);
    assertThat(p.getAgent().get(0).getWho().getIdentifier().getValue()).isEqualTo("A81001");
    assertThat(p.getAgent().get(1).getWho().getIdentifier().getValue())
        .isEqualTo("practice-a81001");
    assertThat(p.getReason()).isEmpty();
  }

  @Test
  void aChangeThroughASignedLinkNamesTheRecipientTheLinkAndThePortal() {
    var change =
        new StatusChange(
            "t1",
            3,
            AT,
            "requested",
            "rejected",
            "lw-city via signed link L42 (portal)",
            "no capacity",
            "sr1");

    Provenance p = Provenances.of(change, CLIENTS);

    assertThat(p.getTarget())
        .extracting(Reference::getReference)
        .containsExactly("Task/t1/_history/3");
    assertThat(p.getActivity().getText()).isEqualTo("requested to rejected");
    assertThat(p.getAgent().get(0).getWho().getIdentifier().getValue()).isEqualTo("lw-city");
    assertThat(p.getAgent().get(0).getWho().getDisplay()).isEqualTo("lw-city via signed link L42");
    assertThat(p.getAgent().get(1).getWho().getIdentifier().getValue()).isEqualTo("portal");
    assertThat(p.getReasonFirstRep().getText()).isEqualTo("no capacity");
  }

  @Test
  void pathwaysOwnChangeIsPerformedByPathway() {
    var change = new StatusChange("t2", 4, AT, "accepted", "cancelled", "router", null, "sr2");

    Provenance p = Provenances.of(change, CLIENTS);

    assertThat(p.getAgent()).hasSize(1);
    assertThat(p.getAgentFirstRep().getType().getCodingFirstRep().getCode()).isEqualTo("performer");
    assertThat(p.getAgentFirstRep().getWho().getDisplay()).isEqualTo("Pathway (router)");
  }
}
