package org.pathway.portal.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class LanguagesTest {

  private final Languages englishAndWelsh =
      Languages.of(List.of(Locale.ENGLISH, Locale.forLanguageTag("cy")));

  @Test
  void choosesWelshWhenTheBrowserPrefersItAndABundleExists() {
    assertThat(englishAndWelsh.choose("cy-GB,cy;q=0.9,en;q=0.8").getLanguage()).isEqualTo("cy");
  }

  @Test
  void fallsBackToEnglish() {
    assertThat(englishAndWelsh.choose("fr-FR,fr;q=0.9")).isEqualTo(Locale.ENGLISH);
    assertThat(englishAndWelsh.choose(null)).isEqualTo(Locale.ENGLISH);
    assertThat(englishAndWelsh.choose(";;;not a header")).isEqualTo(Locale.ENGLISH);
  }

  @Test
  void englishOnlyWithoutAWelshBundle() {
    Languages shipped = Languages.fromClasspath(getClass().getClassLoader());
    assertThat(shipped.choose("en-GB")).isEqualTo(Locale.ENGLISH);
  }
}
