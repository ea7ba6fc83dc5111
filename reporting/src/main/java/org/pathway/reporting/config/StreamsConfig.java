package org.pathway.reporting.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import org.pathway.servicesettings.Setting;

/**
 * The topology's Kafka Streams settings ({@code pathway.streams.*}).
 *
 * @param applicationId the Streams application id: its consumer group and the prefix of its
 *     changelog topics; instances with the same id share the partitions
 * @param stateDir where local state stores live; deleting it is safe (rebuilt from the changelog)
 * @param commitInterval how often progress is committed and the store flushed
 * @param threads stream threads in this instance
 * @param keptJourneys journeys each stream task keeps as objects (the most recently changed): the
 *     events of a journey kept meet it there instead of in RocksDB, and it is written once per
 *     commit; size it to the journeys in flight on a task, memory allowing (reporting README, B10)
 */
@ConfigurationProperties("pathway.streams")
public record StreamsConfig(
    String applicationId, String stateDir, Duration commitInterval, int threads, int keptJourneys) {

  public StreamsConfig {
    Setting.of("pathway.streams.application-id", "REPORTING_APPLICATION_ID")
        .notBlank(applicationId);
    Setting.of("pathway.streams.state-dir", "REPORTING_STATE_DIR").notBlank(stateDir);
    Setting.of("pathway.streams.commit-interval", "REPORTING_COMMIT_INTERVAL")
        .positive(commitInterval);
    Setting.of("pathway.streams.threads", "REPORTING_STREAM_THREADS").positive(threads);
    Setting.of("pathway.streams.kept-journeys", "REPORTING_KEPT_JOURNEYS").positive(keptJourneys);
  }
}
