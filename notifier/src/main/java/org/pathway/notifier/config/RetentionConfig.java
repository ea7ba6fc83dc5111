package org.pathway.notifier.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.pathway.events.topics.Topics;
import org.pathway.notifier.retention.RetentionKind;
import org.pathway.servicesettings.Setting;

/**
 * How long the notifier keeps each kind of data ({@code pathway.retention.*}) and how its purge job
 * runs. The defaults and where each comes from are in the module README.
 *
 * @param enabled whether this instance runs the purge job (every instance may: batches lock)
 * @param purgeInterval how often the job runs
 * @param batchSize records purged per transaction
 * @param deliveryLog how long a finished delivery keeps its recipient and message fields
 * @param audit the operators' dead-letter audit
 * @param deadLetters how long a handled dead letter is remembered as handled
 */
@ConfigurationProperties("pathway.retention")
public record RetentionConfig(
    boolean enabled,
    Duration purgeInterval,
    int batchSize,
    Duration deliveryLog,
    Duration audit,
    Duration deadLetters) {

  public RetentionConfig {
    Setting.of("pathway.retention.purge-interval", "NOTIFIER_RETENTION_PURGE_INTERVAL")
        .positive(purgeInterval);
    Setting.of("pathway.retention.batch-size", "NOTIFIER_RETENTION_BATCH_SIZE").positive(batchSize);
    Setting.of("pathway.retention.audit", "NOTIFIER_RETENTION_AUDIT").positive(audit);
    // A delivery's request is what an operator's replay of its dead letter reopens: it must be
    // kept while the dead letter can still be replayed.
    Duration dlq = Topics.NOTIFIER_DEAD_LETTERS.retention();
    Setting.of("pathway.retention.delivery-log", "NOTIFIER_RETENTION_DELIVERY_LOG")
        .require(
            deliveryLog,
            deliveryLog != null && deliveryLog.compareTo(dlq) >= 0,
            "must be at least the dead-letter topic's retention (" + Setting.show(dlq) + ")");
    Setting.of("pathway.retention.dead-letters", "NOTIFIER_RETENTION_DEAD_LETTERS")
        .require(
            deadLetters,
            deadLetters != null && deadLetters.compareTo(dlq) >= 0,
            "must be at least the dead-letter topic's retention (" + Setting.show(dlq) + ")");
  }

  /** The period of each kind. */
  public Map<RetentionKind, Duration> periods() {
    Map<RetentionKind, Duration> periods = new EnumMap<>(RetentionKind.class);
    periods.put(RetentionKind.DELIVERY_LOG, deliveryLog);
    periods.put(RetentionKind.AUDIT, audit);
    periods.put(RetentionKind.DEAD_LETTERS, deadLetters);
    return periods;
  }
}
