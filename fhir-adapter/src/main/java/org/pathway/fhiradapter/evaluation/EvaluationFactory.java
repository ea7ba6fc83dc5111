package org.pathway.fhiradapter.evaluation;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.pathway.fhiradapter.config.EvaluationConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lookup and the pathways, read once ({@code EvaluationConfig} checked both files as the
 * service started): malformed lookup lines are skipped and counted, with a warning.
 */
@Factory
class EvaluationFactory {

  private static final Logger LOG = LoggerFactory.getLogger(EvaluationFactory.class);

  @Singleton
  DeprivationLookup deprivationLookup(EvaluationConfig config) {
    if (config.deprivationLookup().isBlank()) {
      return DeprivationLookup.none();
    }
    DeprivationLookup lookup = DeprivationLookup.load(Path.of(config.deprivationLookup()));
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
    return Pathways.load(config.outcomeSets());
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
