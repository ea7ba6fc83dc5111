package org.pathway.events.vocabulary;

/** The FHIR extensions Pathway defines, written once for the adapter, the portal and tests. */
public final class Extensions {

  private Extensions() {}

  /**
   * A group's capacity on its {@code HealthcareService}: a complex extension whose parts are {@link
   * #STATUS} (valueCode {@code capacity | no-capacity | no-capacity-has-waitlist}), {@link
   * #PLACES_LEFT} (valueUnsignedInt), {@link #WAITLIST_OPEN} (valueBoolean) and {@link
   * #REPORTED_AT} (valueDateTime).
   */
  public static final String GROUP_CAPACITY =
      "https://pathway.example.org/fhir/StructureDefinition/group-capacity";

  /** {@link #GROUP_CAPACITY}'s status part. */
  public static final String STATUS = "status";

  /** {@link #GROUP_CAPACITY}'s places-left part. */
  public static final String PLACES_LEFT = "placesLeft";

  /** {@link #GROUP_CAPACITY}'s waitlist part. */
  public static final String WAITLIST_OPEN = "waitlistOpen";

  /** {@link #GROUP_CAPACITY}'s time of the report (or of the feed's entry). */
  public static final String REPORTED_AT = "reportedAt";

  /**
   * A waitlisted Task's place on its group's waitlist (valuePositiveInt, 1 = next to be offered a
   * place), kept by the ledger: present only while the Task is on the waitlist.
   */
  public static final String WAITLIST_POSITION =
      "https://pathway.example.org/fhir/StructureDefinition/waitlist-position";

  /**
   * Whether a {@code HealthcareService} takes referrals through Pathway (valueCode {@code
   * accepts-referrals}) or is listed for signposting only ({@code signpost-only}: a person contacts
   * it themselves).
   */
  public static final String REFERRAL_MODE =
      "https://pathway.example.org/fhir/StructureDefinition/referral-mode";

  /**
   * On a {@code Patient}: true when the person was identified by name, date of birth and postcode
   * rather than an NHS number (a referral from a referrer other than a GP, or a self-referral), so
   * their identity has not been checked against the NHS (valueBoolean).
   */
  public static final String IDENTITY_UNVERIFIED =
      "https://pathway.example.org/fhir/StructureDefinition/identity-unverified";
}
