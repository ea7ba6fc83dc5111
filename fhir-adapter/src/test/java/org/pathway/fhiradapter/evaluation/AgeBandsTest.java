package org.pathway.fhiradapter.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class AgeBandsTest {

  private static final LocalDate AUTHORED = LocalDate.of(2026, 11, 20);

  @Test
  void placesAPersonByTheirAgeOnTheDayTheReferralWasAuthored() {
    assertThat(AgeBands.of(LocalDate.of(2010, 11, 21), AUTHORED)).isEqualTo("0-15");
    assertThat(AgeBands.of(LocalDate.of(2010, 11, 20), AUTHORED)).isEqualTo("16-17");
    assertThat(AgeBands.of(LocalDate.of(2008, 11, 21), AUTHORED)).isEqualTo("16-17");
    assertThat(AgeBands.of(LocalDate.of(2008, 11, 20), AUTHORED)).isEqualTo("18-24");
    assertThat(AgeBands.of(LocalDate.of(2001, 11, 20), AUTHORED)).isEqualTo("25-34");
    assertThat(AgeBands.of(LocalDate.of(1990, 11, 21), AUTHORED)).isEqualTo("35-44");
    assertThat(AgeBands.of(LocalDate.of(1961, 11, 21), AUTHORED)).isEqualTo("55-64");
    assertThat(AgeBands.of(LocalDate.of(1951, 11, 21), AUTHORED)).isEqualTo("65-74");
    assertThat(AgeBands.of(LocalDate.of(1951, 11, 20), AUTHORED)).isEqualTo("75+");
    assertThat(AgeBands.of(LocalDate.of(1921, 1, 1), AUTHORED)).isEqualTo("75+");
  }

  @Test
  void aNewbornIsInTheYoungestBand() {
    assertThat(AgeBands.of(AUTHORED, AUTHORED)).isEqualTo("0-15");
  }

  @Test
  void hasNoBandWithoutABirthDateOrForOneAfterTheReferral() {
    assertThat(AgeBands.of(null, AUTHORED)).isNull();
    assertThat(AgeBands.of(AUTHORED.plusDays(1), AUTHORED)).isNull();
  }

  @Test
  void everyLabelIsReachable() {
    assertThat(
            java.util.stream.IntStream.rangeClosed(0, 100)
                .mapToObj(age -> AgeBands.of(AUTHORED.minusYears(age), AUTHORED))
                .distinct())
        .containsExactlyElementsOf(AgeBands.LABELS);
  }
}
