package org.pathway.fhiradapter.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import org.pathway.servicesettings.Setting;

/**
 * Referral intake's group commit ({@code pathway.intake.*}).
 *
 * @param groupCommit whether new referrals arriving together share one ledger transaction
 * @param maxBatch the most referrals one group commit holds
 * @param committers how many group commits may run at once (each holds one connection)
 */
@ConfigurationProperties("pathway.intake")
public record IntakeConfig(boolean groupCommit, int maxBatch, int committers) {

  public IntakeConfig {
    Setting.of("pathway.intake.max-batch", "INTAKE_MAX_BATCH").positive(maxBatch);
    Setting.of("pathway.intake.committers", "INTAKE_COMMITTERS").positive(committers);
  }
}
