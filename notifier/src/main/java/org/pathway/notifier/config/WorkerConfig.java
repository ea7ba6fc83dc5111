package org.pathway.notifier.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import org.pathway.servicesettings.Setting;

/**
 * The delivery worker ({@code pathway.worker.*}).
 *
 * @param pollInterval how often the delivery log is read for due deliveries when nothing wakes it
 * @param batchSize the most deliveries claimed in one statement (never more than free senders)
 * @param threads deliveries sent side by side
 */
@ConfigurationProperties("pathway.worker")
public record WorkerConfig(Duration pollInterval, int batchSize, int threads) {

  public WorkerConfig {
    Setting.of("pathway.worker.poll-interval", "NOTIFIER_WORKER_POLL_INTERVAL")
        .positive(pollInterval);
    Setting.of("pathway.worker.batch-size", "NOTIFIER_WORKER_BATCH_SIZE").positive(batchSize);
    Setting.of("pathway.worker.threads", "NOTIFIER_WORKER_THREADS").positive(threads);
  }
}
