package org.pathway.servicesettings;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/** A configuration record as a service declares one, for the tests. */
@ConfigurationProperties("pathway.sample")
public record SampleConfig(int batchSize, Duration interval, double multiplier, String name) {

  public SampleConfig {
    Setting.of("pathway.sample.batch-size", "SAMPLE_BATCH_SIZE").positive(batchSize);
  }
}
