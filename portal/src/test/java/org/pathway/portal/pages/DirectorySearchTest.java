package org.pathway.portal.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem;
import org.hl7.fhir.r4.model.HealthcareService;
import org.junit.jupiter.api.Test;
import org.pathway.events.vocabulary.Extensions;

class DirectorySearchTest {

  @Test
  void aFullPostcodeIsCutToItsDistrictAndSearchedWithTheNeedAndPlaces() {
    var asked =
        DirectorySearch.asked(
            Map.of(
                "need",
                "https://x.example/needs|loneliness",
                "district",
                "ls6 3hg",
                "places",
                "yes",
                "page",
                "2"));

    assertThat(asked.district()).isEqualTo("LS6");
    assertThat(asked.problem()).isNull();
    assertThat(DirectorySearch.query(asked))
        .isEqualTo(
            "service-type=https%3A%2F%2Fx.example%2Fneeds%7Cloneliness&postcode-district=LS6"
                + "&capacity=capacity&_count=10&_offset=10");
  }

  @Test
  void aPostcodeAreaThatIsNotOneIsAProblemNotASearch() {
    var asked = DirectorySearch.asked(Map.of("district", "Leeds"));

    assertThat(asked.problem()).isEqualTo("district");
    assertThat(asked.district()).isNull();
  }

  @Test
  void aSignpostOnlyServiceWithoutCapacityShowsNoPlacesAndOnlyASecureWebsite() {
    HealthcareService hs = new HealthcareService();
    hs.setName("Debt advice");
    hs.addExtension(Extensions.REFERRAL_MODE, new CodeType("signpost-only"));
    hs.addTelecom().setSystem(ContactPointSystem.PHONE).setValue("0113 496 0300");
    hs.addTelecom().setSystem(ContactPointSystem.URL).setValue("javascript:alert(1)");

    var row = DirectorySearch.row(hs);

    assertThat(row.signpostOnly()).isTrue();
    assertThat(row.capacityKey()).isNull();
    assertThat(row.phone()).isEqualTo("0113 496 0300");
    assertThat(row.website()).isNull();
  }
}
