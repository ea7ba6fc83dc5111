package org.pathway.fhiradapter.ledger;

import java.util.Locale;
import org.pathway.directory.DirectoryEntry;
import org.pathway.directory.Place;
import org.pathway.directory.ServiceKind;
import org.pathway.directory.Term;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.fhiradapter.fhir.HealthcareServices;

/**
 * A {@code HealthcareService} search: each parameter null when absent. Tokens are {@code code} or
 * {@code system|code}; {@code name} matches the start of the name or of any word in it, ignoring
 * case, as FHIR's string search does. {@code district} is a postcode district ({@code LS6}, or a
 * full postcode whose district is taken); {@code near} keeps services with a place within its
 * distance and orders them nearest first; {@code capacity} is a {@code group-capacity} status code
 * matched against the capacity as served (the group's latest report, else the feed's); {@code
 * referralMode} is {@code accepts-referrals} or {@code signpost-only}.
 *
 * @param offset how many matches to pass over (paging)
 * @param count how many to serve at most
 */
public record DirectoryQuery(
    Boolean active,
    String category,
    String type,
    String name,
    String district,
    Near near,
    String capacity,
    String referralMode,
    int offset,
    int count) {

  /** The referral mode of a service that takes referrals through Pathway. */
  public static final String ACCEPTS_REFERRALS = "accepts-referrals";

  /** The referral mode of a service listed for signposting only. */
  public static final String SIGNPOST_ONLY = "signpost-only";

  /** A point and a radius: {@code latitude|longitude|distance|km} as FHIR's {@code near}. */
  public record Near(double latitude, double longitude, double kilometres) {}

  /** A search with only the original parameters (no place, capacity or mode; first page). */
  public DirectoryQuery(Boolean active, String category, String type, String name, int count) {
    this(active, category, type, name, null, null, null, null, 0, count);
  }

  /**
   * Whether {@code entry} (served, so active; its capacity already the one served) matches
   * everything but {@code near}'s radius, which {@link #kilometresFrom} answers.
   */
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
    if (district != null && !entry.listing().districts().contains(Place.district(district))) {
      return false;
    }
    if (capacity != null && !capacity.equals(HealthcareServices.code(entry.capacity()))) {
      return false;
    }
    if (referralMode != null && !referralMode.equals(mode(entry))) {
      return false;
    }
    if (near != null) {
      Double km = kilometresFrom(entry);
      if (km == null || km > near.kilometres()) {
        return false;
      }
    }
    return name == null || nameMatches(entry.name());
  }

  /** How far {@code entry}'s nearest place is from {@code near}'s point; null when unknown. */
  public Double kilometresFrom(DirectoryEntry entry) {
    if (near == null) {
      return null;
    }
    return entry.listing().places().stream()
        .map(p -> p.kilometresTo(near.latitude(), near.longitude()))
        .filter(d -> d != null)
        .min(Double::compare)
        .orElse(null);
  }

  /** The referral mode an entry is served with. */
  public static String mode(DirectoryEntry entry) {
    return entry.acceptsReferrals() ? ACCEPTS_REFERRALS : SIGNPOST_ONLY;
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
