package org.pathway.reporting.journey;

/**
 * What a journey is broken down by: where it came from, who served it, and the evaluation facts the
 * referral carried. Any of these may be null (not known).
 *
 * @param practice the referring practice's ODS code
 * @param pcn the primary care network's code
 * @param pathway the pathway (outcome set) the referral follows
 * @param source who referred (GP, SELF, COUNCIL, ...)
 * @param linkWorkerService the link-worker service that accepted it (directory id or reference)
 * @param group the community group it was referred on to (the latest offer)
 * @param sex administrative sex
 * @param ethnicCategory NHS data dictionary ethnic category code (A..Z)
 * @param ageBand the age band at referral
 * @param deprivationDecile IMD decile 1 (most deprived) to 10
 */
public record Profile(
    String practice,
    String pcn,
    String pathway,
    String source,
    String linkWorkerService,
    String group,
    String sex,
    String ethnicCategory,
    String ageBand,
    Integer deprivationDecile) {

  /** Nothing known yet. */
  public static final Profile UNKNOWN =
      new Profile(null, null, null, null, null, null, null, null, null, null);

  public Profile withLinkWorkerService(String service) {
    return new Profile(
        practice,
        pcn,
        pathway,
        source,
        service,
        group,
        sex,
        ethnicCategory,
        ageBand,
        deprivationDecile);
  }

  public Profile withGroup(String newGroup) {
    return new Profile(
        practice,
        pcn,
        pathway,
        source,
        linkWorkerService,
        newGroup,
        sex,
        ethnicCategory,
        ageBand,
        deprivationDecile);
  }

  /** Deprivation quintile 1 (most deprived) to 5, from the decile; null when not known. */
  public Integer deprivationQuintile() {
    return deprivationDecile == null ? null : (deprivationDecile + 1) / 2;
  }
}
