package org.pathway.router.routing;

import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.pathway.events.avro.ReferralReceived;
import org.pathway.events.avro.ReferralSource;

/**
 * The facts triage looks at, normalised once (upper-case codes, age at the date of referral so a
 * replay decides the same way years later).
 */
public record ReferralFacts(
    String practiceOdsCode,
    String pcnCode,
    String postcodeDistrict,
    Integer age,
    ReferralSource source,
    List<String> needCategories) {

  public static ReferralFacts of(ReferralReceived referral) {
    LocalDate birth = referral.getPerson().getBirthDate();
    LocalDate referred = referral.getAuthoredOn().atZone(ZoneOffset.UTC).toLocalDate();
    Integer age = birth == null ? null : Period.between(birth, referred).getYears();
    return new ReferralFacts(
        upper(referral.getPracticeOdsCode()),
        upper(referral.getPcnCode()),
        upper(referral.getPerson().getPostcodeDistrict()),
        age,
        referral.getSource(),
        referral.getNeedCategories().stream()
            .map(CharSequence::toString)
            .map(s -> s.trim().toLowerCase(Locale.ROOT))
            .toList());
  }

  private static String upper(CharSequence s) {
    return s == null ? null : s.toString().trim().toUpperCase(Locale.ROOT);
  }
}
