package org.pathway.fhiradapter.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import org.pathway.events.topics.Topic;
import org.pathway.events.topics.Topics;
import org.pathway.fhiradapter.retention.RetentionKind;
import org.pathway.fhiradapter.retention.RetentionPolicy;
import org.pathway.servicesettings.Setting;

/**
 * How long the ledger keeps each kind of data ({@code pathway.retention.*}) and how its purge job
 * runs. The defaults and where each comes from are in the module README.
 *
 * @param enabled whether this instance runs the purge job (every instance may: batches lock)
 * @param purgeInterval how often the job runs
 * @param batchSize records purged per transaction
 * @param referralHistory a closed referral (every Task terminal) with its Tasks, Task history,
 *     provenance, Patient, Consent and Communications, counted from its last Task change
 * @param outcomeScores wellbeing scores of a closed Task, counted from the Task's last change
 * @param audit audit records (API interactions, ledger changes, dead-letter actions)
 * @param consumedEvents the idempotency logs (applied events, X-Request-IDs) and published outbox
 * @param deadLetters how long a handled dead letter is remembered as handled
 */
@ConfigurationProperties("pathway.retention")
public record RetentionConfig(
    boolean enabled,
    Duration purgeInterval,
    int batchSize,
    Duration referralHistory,
    Duration outcomeScores,
    Duration audit,
    Duration consumedEvents,
    Duration deadLetters) {

  public RetentionConfig {
    Setting.of("pathway.retention.purge-interval", "RETENTION_PURGE_INTERVAL")
        .positive(purgeInterval);
    Setting.of("pathway.retention.batch-size", "RETENTION_BATCH_SIZE").positive(batchSize);
    Setting.of("pathway.retention.referral-history", "RETENTION_REFERRAL_HISTORY")
        .positive(referralHistory);
    Setting.of("pathway.retention.outcome-scores", "RETENTION_OUTCOME_SCORES")
        .positive(outcomeScores);
    Setting.of("pathway.retention.audit", "RETENTION_AUDIT").positive(audit);
    // A consumed event's id must outlive the event on its topic, or a redelivery (a rebalance, a
    // replay) after the id was purged would be applied twice.
    Duration longestRead =
        longestRetention(
            Topics.REFERRAL_EVENTS,
            Topics.ROUTING_DECISIONS,
            Topics.NOTIFICATION_RECEIPTS,
            Topics.DIRECTORY_CAPACITY);
    Setting.of("pathway.retention.consumed-events", "RETENTION_CONSUMED_EVENTS")
        .require(
            consumedEvents,
            atLeast(consumedEvents, longestRead),
            "must be at least the retention of the topics the adapter reads ("
                + Setting.show(longestRead)
                + ")");
    // A handled dead letter must stay marked handled while it is still on its topic, or it would
    // be offered (and could be replayed) again.
    Duration dlq = Topics.FHIR_ADAPTER_DEAD_LETTERS.retention();
    Setting.of("pathway.retention.dead-letters", "RETENTION_DEAD_LETTERS")
        .require(
            deadLetters,
            atLeast(deadLetters, dlq),
            "must be at least the dead-letter topic's retention (" + Setting.show(dlq) + ")");
  }

  /** The periods by kind, for the purge job. */
  public RetentionPolicy policy() {
    return new RetentionPolicy()
        .keep(RetentionKind.REFERRAL_HISTORY, referralHistory)
        .keep(RetentionKind.OUTCOME_SCORES, outcomeScores)
        .keep(RetentionKind.AUDIT, audit)
        .keep(RetentionKind.CONSUMED_EVENTS, consumedEvents)
        .keep(RetentionKind.DEAD_LETTERS, deadLetters);
  }

  private static Duration longestRetention(Topic... topics) {
    Duration longest = Duration.ZERO;
    for (Topic t : topics) {
      if (t.retention().compareTo(longest) > 0) {
        longest = t.retention();
      }
    }
    return longest;
  }

  private static boolean atLeast(Duration value, Duration min) {
    return value != null && value.compareTo(min) >= 0;
  }
}
