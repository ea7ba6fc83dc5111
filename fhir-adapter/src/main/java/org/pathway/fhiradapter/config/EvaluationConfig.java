package org.pathway.fhiradapter.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import org.pathway.servicesettings.Setting;

/**
 * What intake needs to fill {@code ReferralReceived.evaluation} and to check outcome scores ({@code
 * pathway.evaluation.*}).
 *
 * @param deprivationLookup the operator's postcode lookup file ({@code postcode,lsoa_code,
 *     imd_decile} CSV), read once at start-up; blank for none (no LSOA or decile on events)
 * @param outcomeSets the pathways file (rule and outcome set per pathway): {@code classpath:...},
 *     {@code file:...} or a path
 */
@ConfigurationProperties("pathway.evaluation")
public record EvaluationConfig(String deprivationLookup, String outcomeSets) {

  public EvaluationConfig {
    deprivationLookup =
        Setting.of("pathway.evaluation.deprivation-lookup", "PATHWAY_DEPRIVATION_LOOKUP")
            .optional(deprivationLookup);
    outcomeSets =
        Setting.of("pathway.evaluation.outcome-sets", "PATHWAY_OUTCOME_SETS").notBlank(outcomeSets);
  }
}
