package org.pathway.servicesettings;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;

/** A configuration record as a service declares one, for the tests. */
@ConfigurationProperties("pathway.sample")
public record SampleConfig(
    int batchSize, @Nullable Duration interval, double multiplier, @Nullable String name) {

  public SampleConfig {
    Setting.of("pathway.sample.batch-size", "SAMPLE_BATCH_SIZE").positive(batchSize);
  }
}
