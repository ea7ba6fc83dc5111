package org.pathway.fhiradapter.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.pathway.events.vocabulary.IdentifierSystems;

class PathwayCorrelationTest {

  private static final RequestContext LINK_WORKERS_REQUEST =
      new RequestContext(null, "lw-own-id", "lw-city", null);

  @Test
  void anOnwardHopTakesItsParentsCorrelationIdNotTheCallers() {
    Task parent =
        new Task()
            .setGroupIdentifier(
                new Identifier().setSystem(IdentifierSystems.CORRELATION_ID).setValue("gp-id"));

    assertThat(ReferralIntake.pathwayCorrelation(parent, LINK_WORKERS_REQUEST)).isEqualTo("gp-id");
  }

  @Test
  void aNewPathwayStartsWithTheRequestsCorrelationId() {
    assertThat(ReferralIntake.pathwayCorrelation(null, LINK_WORKERS_REQUEST))
        .isEqualTo("lw-own-id");
  }
}
