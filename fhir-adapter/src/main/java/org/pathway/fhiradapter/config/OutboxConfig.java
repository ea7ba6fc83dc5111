package org.pathway.fhiradapter.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import org.pathway.servicesettings.Setting;

/**
 * The outbox relay ({@code pathway.outbox.*}).
 *
 * @param enabled whether this instance publishes the outbox
 * @param batchSize rows read and published at a time
 * @param linger how long the producer waits to fill a batch
 * @param idlePoll how long the relay sleeps when the outbox is empty and no commit wakes it
 */
@ConfigurationProperties("pathway.outbox")
public record OutboxConfig(boolean enabled, int batchSize, Duration linger, Duration idlePoll) {

  public OutboxConfig {
    Setting.of("pathway.outbox.batch-size", "OUTBOX_BATCH_SIZE").positive(batchSize);
    Setting.of("pathway.outbox.linger", "OUTBOX_LINGER")
        .require(linger, linger != null && !linger.isNegative(), "must be 0ms or longer");
    Setting.of("pathway.outbox.idle-poll", "OUTBOX_IDLE_POLL").positive(idlePoll);
  }
}
