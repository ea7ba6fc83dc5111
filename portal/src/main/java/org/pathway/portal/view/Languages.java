package org.pathway.portal.view;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Chooses a page's language from {@code Accept-Language} among those with a message bundle: English
 * always, and any {@code i18n/messages_<lang>.properties} dropped in (Welsh: {@code cy}).
 */
public final class Languages {

  private static final List<String> CANDIDATES = List.of("cy", "ga", "gd", "pl", "pa", "ur", "ro");

  private final List<Locale> supported;

  private Languages(List<Locale> supported) {
    this.supported = supported;
  }

  /** The languages whose bundles are on the classpath, English first. */
  public static Languages fromClasspath(ClassLoader loader) {
    List<Locale> found = new ArrayList<>();
    found.add(Locale.ENGLISH);
    for (String lang : CANDIDATES) {
      if (loader.getResource(Messages.BUNDLE + "_" + lang + ".properties") != null) {
        found.add(Locale.forLanguageTag(lang));
      }
    }
    return new Languages(List.copyOf(found));
  }

  /** A fixed set, for tests. */
  public static Languages of(List<Locale> supported) {
    return new Languages(List.copyOf(supported));
  }

  /** The best supported language for the header's value; English when none matches. */
  public Locale choose(String acceptLanguage) {
    if (acceptLanguage == null || acceptLanguage.isBlank()) {
      return Locale.ENGLISH;
    }
    try {
      Locale chosen = Locale.lookup(Locale.LanguageRange.parse(acceptLanguage), supported);
      return chosen == null ? Locale.ENGLISH : chosen;
    } catch (IllegalArgumentException e) {
      // A malformed header is no reason to refuse a page.
      return Locale.ENGLISH;
    }
  }
}
