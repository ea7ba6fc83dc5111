package org.pathway.reporting.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import org.junit.jupiter.api.Test;

/** What reporting's CapabilityStatement tells a client before its first call. */
class CapabilityTest {

  @Test
  void saysItIsGuardedBySmartOnFhirAndOffersMeasureReportSearch() {
    var cs = Capability.statement(new Date());
    var rest = cs.getRestFirstRep();

    assertThat(rest.getSecurity().getServiceFirstRep().getCodingFirstRep().getCode())
        .isEqualTo("SMART-on-FHIR");
    assertThat(rest.getSecurity().getDescription()).contains("system/MeasureReport.rs");
    assertThat(rest.getResourceFirstRep().getType()).isEqualTo("MeasureReport");
  }
}
