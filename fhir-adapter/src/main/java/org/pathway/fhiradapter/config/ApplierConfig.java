package org.pathway.fhiradapter.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import org.pathway.servicesettings.Setting;

/**
 * The ledger applier ({@code pathway.applier.*}).
 *
 * @param enabled whether this instance applies routing decisions and receipts to the ledger
 * @param consumers how many consumers of the applier's group this instance runs, each on its own
 *     thread with its own ledger transaction per poll (Kafka shares the partitions among all of
 *     every instance's consumers; beyond the partition count, a consumer stands idle)
 */
@ConfigurationProperties("pathway.applier")
public record ApplierConfig(boolean enabled, int consumers) {

  public ApplierConfig {
    Setting.of("pathway.applier.consumers", "APPLIER_CONSUMERS").positive(consumers);
  }
}
