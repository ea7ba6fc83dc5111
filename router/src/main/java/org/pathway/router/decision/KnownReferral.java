package org.pathway.router.decision;

import java.time.LocalDate;
import java.util.Locale;
import org.pathway.events.avro.Identifier;
import org.pathway.events.avro.ReferralReceived;

/**
 * What the router keeps of a referral for the events after it (Task changes, overdue steps), which
 * do not carry it: the referring practice, the person as their GP knows them, and the priority.
 * Kept only for what the GP's, the hub's and the facilitator's templates need; never contact
 * details, reasons or needs.
 *
 * @param practiceOdsCode the referring practice; null for a self-referral
 * @param givenName the person's given name
 * @param familyName the person's family name
 * @param nhsNumber the NHS number; null when the referral had none
 * @param birthDate the date of birth; null when not given
 * @param priority the referral's priority, as the templates show it (e.g. {@code routine})
 * @param referralIdentifier the GP's own identifier of its ServiceRequest as {@code system|value}
 *     (the GP's copy of the Task names its focus by it); null when unknown
 * @param consent what the referral's Consent lets each hop be told ({@code ConsentPolicy})
 */
public record KnownReferral(
    String practiceOdsCode,
    String givenName,
    String familyName,
    String nhsNumber,
    LocalDate birthDate,
    String priority,
    String referralIdentifier,
    ConsentProvisions consent) {

  private static final KnownReferral UNKNOWN =
      new KnownReferral(null, null, null, null, null, null, null, ConsentProvisions.absent());

  public KnownReferral {
    consent = consent == null ? ConsentProvisions.absent() : consent;
  }

  /** A referral remembered without the GP's identifier of it (before the router kept it). */
  public KnownReferral(
      String practiceOdsCode,
      String givenName,
      String familyName,
      String nhsNumber,
      LocalDate birthDate,
      String priority) {
    this(
        practiceOdsCode,
        givenName,
        familyName,
        nhsNumber,
        birthDate,
        priority,
        null,
        ConsentProvisions.absent());
  }

  /** What to keep of {@code referral}. */
  public static KnownReferral of(ReferralReceived referral) {
    var person = referral.getPerson();
    return new KnownReferral(
        referral.getPracticeOdsCode(),
        person.getGivenName(),
        person.getFamilyName(),
        person.getNhsNumber(),
        person.getBirthDate(),
        referral.getPriority().name().toLowerCase(Locale.ROOT),
        identifier(referral.getBusinessIdentifier()),
        ConsentProvisions.of(referral.getConsent()));
  }

  private static String identifier(Identifier id) {
    return id == null || id.getSystem() == null || id.getValue() == null
        ? null
        : id.getSystem() + "|" + id.getValue();
  }

  /** A referral the router never saw: every fact unknown. */
  public static KnownReferral unknown() {
    return UNKNOWN;
  }

  /** The person's full name as the GP knows it, or null when unknown. */
  public String personName() {
    String name =
        ((givenName == null ? "" : givenName) + " " + (familyName == null ? "" : familyName))
            .strip();
    return name.isEmpty() ? null : name;
  }

  /** The date of birth as the templates show it (ISO), or null. */
  public String birthDateText() {
    return birthDate == null ? null : birthDate.toString();
  }
}
