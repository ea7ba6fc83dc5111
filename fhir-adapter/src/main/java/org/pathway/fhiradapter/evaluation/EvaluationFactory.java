package org.pathway.fhiradapter.evaluation;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.pathway.fhiradapter.config.EvaluationConfig;
import org.pathway.servicesettings.Setting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lookup and the pathways, read once as the service starts: a file that cannot be read, or a
 * pathways file that is wrong, stops start-up naming the setting; malformed lookup lines only warn.
 */
@Factory
class EvaluationFactory {

  private static final Logger LOG = LoggerFactory.getLogger(EvaluationFactory.class);

  @Singleton
  DeprivationLookup deprivationLookup(EvaluationConfig config) {
    if (config.deprivationLookup().isBlank()) {
      return DeprivationLookup.none();
    }
    Setting setting =
        Setting.of("pathway.evaluation.deprivation-lookup", "PATHWAY_DEPRIVATION_LOOKUP");
    DeprivationLookup lookup;
    try {
      lookup = DeprivationLookup.load(Path.of(config.deprivationLookup()));
    } catch (RuntimeException e) {
      throw setting.invalid("cannot be read: " + e.getMessage());
    }
    LOG.info(
        "deprivation lookup {}: {} postcodes, {} malformed lines skipped",
        config.deprivationLookup(),
        lookup.size(),
        lookup.skipped());
    if (lookup.skipped() > 0) {
      LOG.warn(
          "deprivation lookup {}: {} malformed lines skipped (expected postcode,lsoa_code,imd_decile"
              + " with a decile 1-10)",
          config.deprivationLookup(),
          lookup.skipped());
    }
    return lookup;
  }

  @Singleton
  Pathways pathways(EvaluationConfig config) {
    try {
      return Pathways.load(config.outcomeSets());
    } catch (RuntimeException e) {
      throw Setting.of("pathway.evaluation.outcome-sets", "PATHWAY_OUTCOME_SETS")
          .invalid(e.getMessage());
    }
  }

  @Singleton
  PathwayRule pathwayRule(Pathways pathways) {
    return new PathwayRule(pathways);
  }

  @Singleton
  OutcomeSets outcomeSets(Pathways pathways) {
    return new OutcomeSets(pathways);
  }
}
