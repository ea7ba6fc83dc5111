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

  /**
   * On a {@code Task} that was passed on (a volunteer cascade, an onward referral): where the whole
   * tree of Tasks below it stands, computed by the ledger when the Task is read, so a referrer sees
   * the cascade at a glance without reading Tasks of organisations it has no part in. A complex
   * extension whose parts are {@link #ROLLUP_LEVELS}, {@link #ROLLUP_OPEN}, {@link
   * #ROLLUP_COMPLETED}, {@link #ROLLUP_CLOSED}, {@link #ROLLUP_OVERDUE} (each valueUnsignedInt),
   * {@link #ROLLUP_CURRENT} (valueCode, a FHIR task-status) and {@link #ROLLUP_CURRENT_OWNER}
   * (valueReference).
   */
  public static final String CASCADE_ROLLUP =
      "https://pathway.example.org/fhir/StructureDefinition/cascade-rollup";

  /** {@link #CASCADE_ROLLUP}'s depth of the tree: 1 is this Task alone, 3 two hops below it. */
  public static final String ROLLUP_LEVELS = "levels";

  /** {@link #CASCADE_ROLLUP}'s count of steps still open (not in a terminal status). */
  public static final String ROLLUP_OPEN = "open";

  /** {@link #CASCADE_ROLLUP}'s count of steps completed. */
  public static final String ROLLUP_COMPLETED = "completed";

  /** {@link #CASCADE_ROLLUP}'s count of steps ended otherwise (cancelled, rejected, failed...). */
  public static final String ROLLUP_CLOSED = "closed";

  /** {@link #CASCADE_ROLLUP}'s count of open steps past their due time, at any level. */
  public static final String ROLLUP_OVERDUE = "overdue";

  /**
   * {@link #CASCADE_ROLLUP}'s status of the furthest step still open (deepest, then latest), else
   * of this Task: where the request is now.
   */
  public static final String ROLLUP_CURRENT = "current";

  /** {@link #CASCADE_ROLLUP}'s owner of that furthest open step: who holds the request now. */
  public static final String ROLLUP_CURRENT_OWNER = "currentOwner";
}
