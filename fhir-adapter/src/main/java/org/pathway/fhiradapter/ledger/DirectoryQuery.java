package org.pathway.fhiradapter.ledger;

import java.util.Locale;
import org.pathway.directory.DirectoryEntry;
import org.pathway.directory.ServiceKind;
import org.pathway.directory.Term;
import org.pathway.events.vocabulary.CodeSystems;

/**
 * A {@code HealthcareService} search: each parameter null when absent. Tokens are {@code code} or
 * {@code system|code}; {@code name} matches the start of the name or of any word in it, ignoring
 * case, as FHIR's string search does.
 */
public record DirectoryQuery(Boolean active, String category, String type, String name, int count) {

  /** Whether {@code entry} (served, so active) matches. */
  public boolean matches(DirectoryEntry entry) {
    if (Boolean.FALSE.equals(active)) {
      return false;
    }
    if (category != null
        && !tokenMatches(category, CodeSystems.SERVICE_KIND, entry.kind().code())) {
      return false;
    }
    if (type != null && entry.types().stream().noneMatch(this::typeMatches)) {
      return false;
    }
    return name == null || nameMatches(entry.name());
  }

  /** Whether an entry of {@code kind} is served as a HealthcareService at all. */
  public static boolean served(ServiceKind kind) {
    // A practice is an Organization (by ODS code), not a service a person is referred to.
    return kind != ServiceKind.GP_PRACTICE;
  }

  private boolean typeMatches(Term term) {
    return tokenMatches(type, term.vocabulary(), term.code());
  }

  private static boolean tokenMatches(String token, String system, String code) {
    int bar = token.indexOf('|');
    if (bar < 0) {
      return token.equals(code);
    }
    String wantedSystem = token.substring(0, bar);
    return (wantedSystem.isEmpty() || wantedSystem.equals(system))
        && token.substring(bar + 1).equals(code);
  }

  private boolean nameMatches(String entryName) {
    String wanted = name.toLowerCase(Locale.ROOT).trim();
    String lower = entryName.toLowerCase(Locale.ROOT);
    if (lower.startsWith(wanted)) {
      return true;
    }
    for (String word : lower.split("[^\\p{L}\\p{N}]+")) {
      if (!word.isEmpty() && word.startsWith(wanted)) {
        return true;
      }
    }
    return false;
  }
}
