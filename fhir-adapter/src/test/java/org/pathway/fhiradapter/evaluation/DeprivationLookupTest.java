package org.pathway.fhiradapter.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DeprivationLookupTest {

  private static Path fixture() throws Exception {
    return Path.of(
        DeprivationLookupTest.class
            .getClassLoader()
            .getResource("evaluation/deprivation-lookup.csv")
            .toURI());
  }

  @Test
  void keepsTheGoodLinesAndSkipsAndCountsEveryMalformedOne() throws Exception {
    DeprivationLookup lookup = DeprivationLookup.load(fixture());

    assertThat(lookup.size()).isEqualTo(3);
    assertThat(lookup.skipped()).isEqualTo(6);
    assertThat(lookup.find("LS6 1AB")).contains(new DeprivationLookup.Area("E01099001", 3));
    assertThat(lookup.find("LS11 5QT")).contains(new DeprivationLookup.Area("E01099003", 1));
    // a decile of 11, a line of two or four columns are not kept
    assertThat(lookup.find("LS6 9ZZ")).isEmpty();
    assertThat(lookup.find("LS7 3AA")).isEmpty();
    assertThat(lookup.find("LS7 6DD")).isEmpty();
  }

  @Test
  void findsAPostcodeWhateverItsCaseSpacingOrQuotes() throws Exception {
    DeprivationLookup lookup = DeprivationLookup.load(fixture());

    assertThat(lookup.find("ls61ab")).contains(new DeprivationLookup.Area("E01099001", 3));
    assertThat(lookup.find(" LS8  2QB ")).contains(new DeprivationLookup.Area("E01099002", 2));
  }

  @Test
  void anUnknownOrMissingPostcodeHasNoArea() throws Exception {
    DeprivationLookup lookup = DeprivationLookup.load(fixture());

    assertThat(lookup.find("ZZ1 1ZZ")).isEmpty();
    assertThat(lookup.find(null)).isEmpty();
    assertThat(DeprivationLookup.none().find("LS6 1AB")).isEmpty();
  }

  @Test
  void aFileWithoutAHeaderIsReadFromItsFirstLine() throws Exception {
    DeprivationLookup lookup =
        DeprivationLookup.read(new BufferedReader(new StringReader("LS1 1AA,E01000001,10\n")));

    assertThat(lookup.find("LS1 1AA")).contains(new DeprivationLookup.Area("E01000001", 10));
    assertThat(lookup.skipped()).isZero();
  }

  @Test
  void aFileThatCannotBeReadIsAnError() {
    assertThatThrownBy(() -> DeprivationLookup.load(Path.of("/no/such/lookup.csv")))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("/no/such/lookup.csv");
  }
}
