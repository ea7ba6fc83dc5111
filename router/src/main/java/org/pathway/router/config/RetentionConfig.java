package org.pathway.router.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.pathway.events.topics.Topics;
import org.pathway.router.retention.RetentionKind;
import org.pathway.servicesettings.Setting;

/**
 * How long the router keeps each kind of data ({@code pathway.retention.*}) and how its purge job
 * runs. The defaults and where each comes from are in the module README.
 *
 * @param enabled whether this instance runs the purge job (every instance may: batches lock)
 * @param purgeInterval how often the job runs
 * @param batchSize rows purged per table per transaction
 * @param referralFacts what the router remembers of a referral (the person as the GP knows them,
 *     their contact, onward referrals, Task owners), from when it was recorded
 * @param consumedEvents the handled event ids
 * @param audit the operators' dead-letter audit
 * @param deadLetters how long a handled dead letter is remembered as handled
 */
@ConfigurationProperties("pathway.retention")
public record RetentionConfig(
    boolean enabled,
    Duration purgeInterval,
    int batchSize,
    Duration referralFacts,
    Duration consumedEvents,
    Duration audit,
    Duration deadLetters) {

  public RetentionConfig {
    Setting.of("pathway.retention.purge-interval", "ROUTER_RETENTION_PURGE_INTERVAL")
        .positive(purgeInterval);
    Setting.of("pathway.retention.batch-size", "ROUTER_RETENTION_BATCH_SIZE").positive(batchSize);
    Setting.of("pathway.retention.referral-facts", "ROUTER_RETENTION_REFERRAL_FACTS")
        .positive(referralFacts);
    Setting.of("pathway.retention.audit", "ROUTER_RETENTION_AUDIT").positive(audit);
    // A handled event id must outlive the event on its topic, or a redelivery after the id was
    // purged would be decided twice.
    Duration read = Topics.REFERRAL_EVENTS.retention();
    Setting.of("pathway.retention.consumed-events", "ROUTER_RETENTION_CONSUMED_EVENTS")
        .require(
            consumedEvents,
            consumedEvents != null && consumedEvents.compareTo(read) >= 0,
            "must be at least the retention of the topics the router reads ("
                + Setting.show(read)
                + ")");
    // A handled dead letter must stay marked handled while it is still on its topic.
    Duration dlq = Topics.ROUTER_DEAD_LETTERS.retention();
    Setting.of("pathway.retention.dead-letters", "ROUTER_RETENTION_DEAD_LETTERS")
        .require(
            deadLetters,
            deadLetters != null && deadLetters.compareTo(dlq) >= 0,
            "must be at least the dead-letter topic's retention (" + Setting.show(dlq) + ")");
  }

  /** The period of each kind. */
  public Map<RetentionKind, Duration> periods() {
    Map<RetentionKind, Duration> periods = new EnumMap<>(RetentionKind.class);
    periods.put(RetentionKind.REFERRAL_FACTS, referralFacts);
    periods.put(RetentionKind.CONSUMED_EVENTS, consumedEvents);
    periods.put(RetentionKind.AUDIT, audit);
    periods.put(RetentionKind.DEAD_LETTERS, deadLetters);
    return periods;
  }
}
