package org.pathway.reporting.figures;

import java.util.function.Function;
import org.pathway.reporting.journey.Journey;
import org.pathway.reporting.journey.Profile;

/** What a figure is broken down by; a journey without the value counts as {@code unknown}. */
public enum Dimension {
  ALL("all", p -> "all"),
  PRACTICE("practice", Profile::practice),
  PCN("pcn", Profile::pcn),
  LINK_WORKER_SERVICE("link-worker-service", Profile::linkWorkerService),
  GROUP("group", Profile::group),
  PATHWAY("pathway", Profile::pathway),
  AGE_BAND("age-band", Profile::ageBand),
  SEX("sex", Profile::sex),
  ETHNIC_GROUP("ethnic-group", p -> EthnicGroups.of(p.ethnicCategory())),
  DEPRIVATION_QUINTILE(
      "deprivation-quintile",
      p -> p.deprivationQuintile() == null ? null : String.valueOf(p.deprivationQuintile()));

  /** The value of a journey that does not carry the fact. */
  public static final String UNKNOWN = "unknown";

  private final String code;
  private final Function<Profile, String> value;

  Dimension(String code, Function<Profile, String> value) {
    this.code = code;
    this.value = value;
  }

  public String code() {
    return code;
  }

  /** The journey's value on this dimension. */
  public String of(Journey journey) {
    String v = value.apply(journey.profile());
    return v == null || v.isBlank() ? UNKNOWN : v;
  }
}
