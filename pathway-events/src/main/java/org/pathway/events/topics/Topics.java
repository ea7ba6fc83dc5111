package org.pathway.events.topics;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.pathway.events.avro.GroupCapacityReported;
import org.pathway.events.avro.NotificationDelivered;
import org.pathway.events.avro.NotificationFailed;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.avro.OnwardReferralCreated;
import org.pathway.events.avro.OutcomeRecorded;
import org.pathway.events.avro.ReferralCancelled;
import org.pathway.events.avro.ReferralOverdue;
import org.pathway.events.avro.ReferralReceived;
import org.pathway.events.avro.RoutingDecisionMade;
import org.pathway.events.avro.SubscriptionChanged;
import org.pathway.events.avro.TaskStatusChanged;

/**
 * The topic catalogue. Every referral topic is keyed by referral id, so all events of one referral
 * share a partition and keep their order; the directory's capacity topic is keyed by group id. Each
 * has one writer, so ownership stays plain.
 */
public final class Topics {

  private static final int PARTITIONS = 6;
  private static final Duration STREAM_RETENTION = Duration.ofDays(14);
  private static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(30);

  /** Referral lifecycle facts from the ledger's outbox. Read by the router and reporting. */
  public static final Topic REFERRAL_EVENTS =
      new Topic(
          "pathway.referral.events",
          String.class,
          List.of(
              ReferralReceived.class,
              ReferralCancelled.class,
              TaskStatusChanged.class,
              OnwardReferralCreated.class,
              OutcomeRecorded.class,
              ReferralOverdue.class),
          Service.FHIR_ADAPTER,
          PARTITIONS,
          STREAM_RETENTION);

  /** What the router decided for each Task. Read by the fhir-adapter's ledger applier. */
  public static final Topic ROUTING_DECISIONS =
      new Topic(
          "pathway.routing.decisions",
          String.class,
          List.of(RoutingDecisionMade.class),
          Service.ROUTER,
          PARTITIONS,
          STREAM_RETENTION);

  /** Who must be told what, already resolved to a channel and recipient. Read by the notifier. */
  public static final Topic NOTIFICATION_REQUESTS =
      new Topic(
          "pathway.notification.requests",
          String.class,
          List.of(NotificationRequested.class),
          Service.ROUTER,
          PARTITIONS,
          STREAM_RETENTION);

  /** A receipt for every notification request. Read by the fhir-adapter's ledger applier. */
  public static final Topic NOTIFICATION_RECEIPTS =
      new Topic(
          "pathway.notification.receipts",
          String.class,
          List.of(NotificationDelivered.class, NotificationFailed.class),
          Service.NOTIFIER,
          PARTITIONS,
          STREAM_RETENTION);

  /**
   * Capacity each community group reported, keyed by group id. Compacted: the latest report of
   * every group stays, so a router starting afresh reads the whole overlay from the beginning.
   */
  public static final Topic DIRECTORY_CAPACITY =
      new Topic(
          "pathway.directory.capacity",
          String.class,
          List.of(GroupCapacityReported.class),
          Service.FHIR_ADAPTER,
          PARTITIONS,
          STREAM_RETENTION,
          true);

  /** Records the fhir-adapter's ledger applier gave up on. */
  public static final Topic FHIR_ADAPTER_DEAD_LETTERS = deadLetters(Service.FHIR_ADAPTER);

  /** Records the router gave up on. */
  public static final Topic ROUTER_DEAD_LETTERS = deadLetters(Service.ROUTER);

  /** Notification requests the notifier could not deliver within its retry horizon. */
  public static final Topic NOTIFIER_DEAD_LETTERS = deadLetters(Service.NOTIFIER);

  /**
   * Every FHIR Subscription's latest state, keyed by subscription id. Compacted: a router starting
   * afresh reads the active set from the beginning. Written by the adapter's outbox.
   */
  public static final Topic SUBSCRIPTIONS =
      new Topic(
          "pathway.subscriptions",
          String.class,
          List.of(SubscriptionChanged.class),
          Service.FHIR_ADAPTER,
          PARTITIONS,
          STREAM_RETENTION,
          true);

  private static final List<Topic> ALL =
      List.of(
          REFERRAL_EVENTS,
          ROUTING_DECISIONS,
          NOTIFICATION_REQUESTS,
          NOTIFICATION_RECEIPTS,
          DIRECTORY_CAPACITY,
          FHIR_ADAPTER_DEAD_LETTERS,
          ROUTER_DEAD_LETTERS,
          NOTIFIER_DEAD_LETTERS,
          SUBSCRIPTIONS);

  private Topics() {}

  /** Every topic in the catalogue. */
  public static List<Topic> all() {
    return ALL;
  }

  /** The catalogue entry for {@code name}, if it is one of ours. */
  public static Optional<Topic> named(String name) {
    return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /** Every event type that may appear on some topic. */
  public static List<Class<? extends SpecificRecord>> eventTypes() {
    return ALL.stream().flatMap(t -> t.valueTypes().stream()).distinct().toList();
  }

  /** The dead-letter topic of {@code service}: the only topic that service writes on giving up. */
  public static Topic deadLettersOf(Service service) {
    return Stream.of(FHIR_ADAPTER_DEAD_LETTERS, ROUTER_DEAD_LETTERS, NOTIFIER_DEAD_LETTERS)
        .filter(t -> t.writer() == service)
        .findFirst()
        .orElseThrow();
  }

  private static Topic deadLetters(Service service) {
    return new Topic(
        "pathway." + service.id() + ".dlq",
        String.class,
        List.of(),
        service,
        PARTITIONS,
        DEAD_LETTER_RETENTION);
  }
}
