package org.pathway.fhiradapter.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import org.pathway.servicesettings.Setting;

/**
 * The SLA watch ({@code pathway.sla.*}): open Tasks past {@code Task.restriction.period.end}.
 *
 * @param enabled whether this instance scans
 * @param scanInterval how often it scans
 * @param batchSize Tasks flagged per transaction
 */
@ConfigurationProperties("pathway.sla")
public record SlaConfig(boolean enabled, Duration scanInterval, int batchSize) {

  public SlaConfig {
    Setting.of("pathway.sla.scan-interval", "SLA_SCAN_INTERVAL").positive(scanInterval);
    Setting.of("pathway.sla.batch-size", "SLA_BATCH_SIZE").positive(batchSize);
  }
}
