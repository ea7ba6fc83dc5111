package org.pathway.fhiradapter.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.pathway.events.avro.WellbeingInstrument;

class PathwaysTest {

  @Test
  void theBuiltInFileTakesSwemwbsForAdultsAndAddsLonelinessForYoungPeople() {
    Pathways p = Pathways.load(Pathways.BUILT_IN);

    assertThat(p.defaultPathway()).isEqualTo("adult");
    assertThat(p.byName().get("adult").entry()).containsExactly(WellbeingInstrument.SWEMWBS);
    assertThat(p.byName().get("adult").exit()).containsExactly(WellbeingInstrument.SWEMWBS);
    assertThat(p.byName().get("youth").ageBands()).containsExactlyInAnyOrder("0-15", "16-17");
    assertThat(p.byName().get("youth").entry())
        .containsExactlyInAnyOrder(WellbeingInstrument.SWEMWBS, WellbeingInstrument.LONELINESS3);
  }

  @Test
  void refusesAFileNamingEveryProblem() {
    String yaml =
        """
        default-pathway: elders
        pathways:
          adult:
            age-bands: [18-24, 25-35]
            entry: [SWEMWBS, PHQ9]
            exit: [OTHER]
          Youth:
            age-bands: [18-24]
            entry: [MYCAW]
        """;

    assertThatThrownBy(() -> Pathways.parse(yaml, "test.yaml"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("test.yaml")
        .hasMessageContaining("pathways.adult.age-bands: '25-35' is not one of")
        .hasMessageContaining("pathways.adult.entry: 'PHQ9' is not one of")
        .hasMessageContaining("pathways.adult.exit: 'OTHER' is not one of")
        .hasMessageContaining("pathways.Youth: a pathway name is a lower-case code")
        .hasMessageContaining("pathways.Youth.age-bands: '18-24' already places on adult")
        .hasMessageContaining("default-pathway: must be one of the pathways");
  }

  @Test
  void refusesAPathwayWithoutInstruments() {
    assertThatThrownBy(
            () -> Pathways.parse("default-pathway: a\npathways:\n  a: {}\n", "empty.yaml"))
        .hasMessageContaining("pathways.a: an outcome set names instruments at entry or exit");
  }

  @Test
  void refusesAFileWithoutPathways() {
    assertThatThrownBy(() -> Pathways.parse("default-pathway: adult\n", "none.yaml"))
        .hasMessageContaining("pathways must name at least one pathway");
  }
}
