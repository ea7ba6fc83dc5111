package org.pathway.fhiradapter.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PathwayRuleTest {

  private final PathwayRule rule =
      new PathwayRule(
          Pathways.parse(
              """
              default-pathway: adult
              pathways:
                adult:
                  entry: [SWEMWBS]
                youth:
                  age-bands: [0-15, 16-17, 18-24]
                  entry: [SWEMWBS]
                elders:
                  age-bands: [75+]
                  entry: [ONS4]
              """,
              "rule.yaml"));

  @Test
  void placesAReferralByItsAgeBand() {
    assertThat(rule.decide("16-17", List.of())).isEqualTo("youth");
    assertThat(rule.decide("18-24", List.of())).isEqualTo("youth");
    assertThat(rule.decide("75+", List.of())).isEqualTo("elders");
  }

  @Test
  void aBandNoPathwayTakesAndAnUnknownAgeGoToTheDefault() {
    assertThat(rule.decide("45-54", List.of())).isEqualTo("adult");
    assertThat(rule.decide(null, List.of())).isEqualTo("adult");
  }

  @Test
  void thePathwayTheReferrerNamesWinsOverTheAgeBand() {
    assertThat(rule.decide("16-17", List.of("adult"))).isEqualTo("adult");
    assertThat(rule.decide(null, List.of("elders"))).isEqualTo("elders");
  }

  @Test
  void tellsWhichNamedPathwaysAreNotConfigured() {
    assertThat(rule.unknown(List.of("youth", "veterans"))).containsExactly("veterans");
    assertThat(rule.names()).containsExactly("adult", "youth", "elders");
  }
}
