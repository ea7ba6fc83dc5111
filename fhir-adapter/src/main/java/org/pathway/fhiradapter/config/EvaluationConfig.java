package org.pathway.fhiradapter.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import org.pathway.fhiradapter.evaluation.Pathways;
import org.pathway.servicesettings.Setting;

/**
 * What intake needs to fill {@code ReferralReceived.evaluation} and to check outcome scores ({@code
 * pathway.evaluation.*}). Both files are checked as the service starts, so a wrong one stops
 * start-up naming the setting rather than the first referral.
 *
 * @param deprivationLookup the operator's postcode lookup file ({@code postcode,lsoa_code,
 *     imd_decile} CSV), read once at start-up; blank for none (no LSOA or decile on events)
 * @param outcomeSets the pathways file (rule and outcome set per pathway): {@code classpath:...},
 *     {@code file:...} or a path
 */
@ConfigurationProperties("pathway.evaluation")
public record EvaluationConfig(String deprivationLookup, String outcomeSets) {

  public EvaluationConfig {
    Setting lookup =
        Setting.of("pathway.evaluation.deprivation-lookup", "PATHWAY_DEPRIVATION_LOOKUP");
    deprivationLookup = lookup.optional(deprivationLookup).trim();
    if (!deprivationLookup.isEmpty() && !Files.isReadable(Path.of(deprivationLookup))) {
      throw lookup.invalid("names " + deprivationLookup + ", which is not a readable file");
    }
    Setting sets = Setting.of("pathway.evaluation.outcome-sets", "PATHWAY_OUTCOME_SETS");
    outcomeSets = sets.notBlank(outcomeSets);
    try {
      Pathways.load(outcomeSets);
    } catch (RuntimeException e) {
      throw sets.invalid("is wrong: " + e.getMessage());
    }
  }
}
