package org.pathway.fhiradapter.fhir;

import java.util.Map;
import org.pathway.events.avro.ReferralSource;

/**
 * A registered referrer's {@code kind} (clients file) as the referral's source: who referred is
 * what the calling client is registered as, never what the body says.
 */
public final class ReferrerKinds {

  /** The kind of the client that forwards people's own referrals (the portal's form). */
  public static final String SELF_REFERRAL = "self-referral";

  private static final Map<String, ReferralSource> SOURCES =
      Map.ofEntries(
          Map.entry("gp-practice", ReferralSource.GP),
          Map.entry(SELF_REFERRAL, ReferralSource.SELF),
          Map.entry("council", ReferralSource.COUNCIL),
          Map.entry("police", ReferralSource.POLICE),
          Map.entry("fire-and-rescue", ReferralSource.FIRE_AND_RESCUE),
          Map.entry("job-centre", ReferralSource.JOB_CENTRE),
          Map.entry("housing", ReferralSource.HOUSING),
          Map.entry("voluntary-organisation", ReferralSource.VOLUNTARY_ORGANISATION),
          Map.entry("community-organisation", ReferralSource.COMMUNITY_ORGANISATION),
          Map.entry("pharmacy", ReferralSource.PHARMACY),
          Map.entry("school", ReferralSource.SCHOOL));

  private ReferrerKinds() {}

  /**
   * The source a client of {@code kind} refers as; a client with no kind (not a referrer, e.g. a
   * link-worker service referring on) counts as {@link ReferralSource#OTHER}.
   */
  public static ReferralSource source(String kind) {
    return kind == null ? ReferralSource.OTHER : SOURCES.getOrDefault(kind, ReferralSource.OTHER);
  }
}
