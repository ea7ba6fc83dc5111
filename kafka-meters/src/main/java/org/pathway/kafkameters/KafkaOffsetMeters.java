package org.pathway.kafkameters;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.pathway.kafkameters.OffsetSums.Counted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumer lag and dead-letter counts, read from Kafka with one admin client and one groupless
 * consumer on a schedule and published as gauges.
 *
 * <p>Micrometer's Kafka binders read a client's own metrics, so they see nothing of a consumer they
 * are not handed and nothing at all before a consumer starts; committed offsets on the broker are
 * the one view every consumer shares, whoever runs it. The groups' topics are configured rather
 * than discovered, so lag shows before a group has committed anything. A read that fails (Kafka
 * down) keeps the last values and ages {@value #AGE}, which is what to alert on for staleness.
 *
 * <p>Dead letters are counted as records, not offsets: a transactional writer (the router) leaves a
 * commit marker after each dead letter, and an aborted transaction leaves records no reader sees,
 * so end minus earliest offset over-counts. A read-committed consumer reads each dead-letter
 * partition once, then at every read only what is new since the last one.
 */
public final class KafkaOffsetMeters implements MeterBinder, AutoCloseable {

  /** Gauge tagged {@code group}, {@code topic}: records the group has still to read. */
  public static final String CONSUMER_LAG = "pathway.kafka.consumer.lag";

  /** Gauge tagged {@code topic}: committed records retained on a dead-letter topic. */
  public static final String DEAD_LETTERS = "pathway.dead.letters";

  /** Time gauge: how long since the other gauges were last read from Kafka. */
  public static final String AGE = "pathway.kafka.offsets.age";

  private static final Logger LOG = LoggerFactory.getLogger(KafkaOffsetMeters.class);
  private static final Duration POLL = Duration.ofMillis(100);

  /**
   * What to watch and how often.
   *
   * @param topicsByGroup each consumer group and the topics it reads
   * @param deadLetterTopics topics whose retained records are counted
   * @param interval time between reads
   * @param timeout how long one read may take before it counts as failed
   */
  public record Settings(
      Map<String, List<String>> topicsByGroup,
      List<String> deadLetterTopics,
      Duration interval,
      Duration timeout) {

    /** Time between reads unless configured. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(15);

    /** How long one read may take unless configured. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    public Settings {
      Map<String, List<String>> groups = new LinkedHashMap<>();
      topicsByGroup.forEach((group, topics) -> groups.put(group, List.copyOf(topics)));
      topicsByGroup = Collections.unmodifiableMap(groups);
      deadLetterTopics = List.copyOf(deadLetterTopics);
      Objects.requireNonNull(interval, "interval");
      Objects.requireNonNull(timeout, "timeout");
      if (interval.isNegative() || interval.isZero() || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("interval and timeout must be positive");
      }
      if (topicsByGroup.isEmpty() && deadLetterTopics.isEmpty()) {
        throw new IllegalArgumentException("nothing to watch: no group and no dead-letter topic");
      }
    }

    /** The given groups and dead-letter topics with the default read timeout. */
    public Settings(
        Map<String, List<String>> topicsByGroup, List<String> deadLetterTopics, Duration interval) {
      this(topicsByGroup, deadLetterTopics, interval, DEFAULT_TIMEOUT);
    }
  }

  /** A gauge's value; NaN until Kafka has answered once. */
  private static final class Reading {
    private volatile double value = Double.NaN;

    double value() {
      return value;
    }
  }

  private final Settings settings;
  // The clients' settings; the clients themselves are made by the first read (clients()).
  private final Map<String, Object> adminConfig;
  private final int timeoutMs;
  // Null until the first read; both are used only under this object's monitor.
  private Admin admin;
  // Null until the first read, and when there is no dead-letter topic to count.
  private KafkaConsumer<byte[], byte[]> deadLetterReader;
  // Where each dead-letter partition's count has got to; under this object's monitor.
  private Map<TopicPartition, Counted> counted = Map.of();
  private final ScheduledExecutorService scheduler;
  private final Map<GroupTopic, Reading> lag = new LinkedHashMap<>();
  private final Map<String, Reading> deadLetters = new LinkedHashMap<>();
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile boolean closed;
  // Before the first good read the values are as old as this binder.
  private volatile long freshAsOfNanos = System.nanoTime();
  private int failedReads;

  private record GroupTopic(String group, String topic) {}

  /**
   * Keeps the settings; the Kafka clients are made by the first read, on the meters' own thread.
   *
   * @param adminConfig admin client settings, at least {@code bootstrap.servers}; request and API
   *     timeouts default to the read timeout
   */
  public KafkaOffsetMeters(Map<String, Object> adminConfig, Settings settings) {
    this.settings = settings;
    settings
        .topicsByGroup()
        .forEach(
            (group, topics) ->
                topics.forEach(t -> lag.put(new GroupTopic(group, t), new Reading())));
    settings.deadLetterTopics().forEach(t -> deadLetters.put(t, new Reading()));
    this.adminConfig = Collections.unmodifiableMap(new HashMap<>(adminConfig));
    this.timeoutMs = (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis());
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "kafka-offset-meters");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Makes the admin client and the dead-letter reader on the first read rather than when the meters
   * are built: making a Kafka client (its config, metrics, JMX beans) costs about a second of a
   * loaded machine's CPU, and binders are built when the meter registry is, which the DataSource's
   * pool metrics ask for on a service's way to serving. Its gauges are NaN until the first read
   * anyway.
   */
  private void clients() {
    if (admin == null) {
      Map<String, Object> config = new HashMap<>(adminConfig);
      config.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
      config.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
      admin = Admin.create(config);
    }
    if (deadLetterReader == null && !settings.deadLetterTopics().isEmpty()) {
      deadLetterReader = deadLetterReader(adminConfig, timeoutMs);
    }
  }

  private static KafkaConsumer<byte[], byte[]> deadLetterReader(
      Map<String, Object> adminConfig, int timeoutMs) {
    Map<String, Object> config = new HashMap<>();
    // The connection settings (servers, security) are shared; admin-only keys would only be
    // logged as unknown.
    adminConfig.forEach(
        (key, value) -> {
          if (ConsumerConfig.configNames().contains(key)) {
            config.put(key, value);
          }
        });
    if (config.get(ConsumerConfig.CLIENT_ID_CONFIG) != null) {
      config.put(
          ConsumerConfig.CLIENT_ID_CONFIG, config.get(ConsumerConfig.CLIENT_ID_CONFIG) + "-dlq");
    }
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // Markers and aborted records are skipped, so what is returned is what a reader would see.
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // Every read seeks to where its count got to; if retention deleted that offset meanwhile, the
    // read fails and the next one counts again rather than silently skipping ahead.
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    config.putIfAbsent(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
    config.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /**
   * Registers the gauges and, on the first call, starts reading: at once, then on the schedule. The
   * first read runs on the meters' own thread, not the caller's: a service's start-up (and its
   * first referral) never waits on Kafka's admin API, nor on its timeout when Kafka is away.
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    lag.forEach(
        (key, reading) ->
            Gauge.builder(CONSUMER_LAG, reading, Reading::value)
                .description("Records the consumer group has still to read from the topic")
                .tag("group", key.group())
                .tag("topic", key.topic())
                .strongReference(true)
                .register(registry));
    deadLetters.forEach(
        (topic, reading) ->
            Gauge.builder(DEAD_LETTERS, reading, Reading::value)
                .description("Records retained on the dead-letter topic; alert on an increase")
                .tag("topic", topic)
                .strongReference(true)
                .register(registry));
    TimeGauge.builder(AGE, this, TimeUnit.NANOSECONDS, m -> System.nanoTime() - m.freshAsOfNanos)
        .description("Time since consumer lag and dead letters were last read from Kafka")
        .strongReference(true)
        .register(registry);
    if (!closed && started.compareAndSet(false, true)) {
      long every = settings.interval().toMillis();
      // Fixed delay: a slow read (Kafka away, waiting out the timeout) never queues up others.
      scheduler.scheduleWithFixedDelay(this::refresh, 0, every, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Reads every offset once and updates the gauges, all or nothing; a failure keeps the previous
   * values and is logged once per run of failures, not on every tick.
   *
   * @return whether the read succeeded
   */
  synchronized boolean refresh() {
    if (closed) {
      return false;
    }
    try {
      read();
      freshAsOfNanos = System.nanoTime();
      if (failedReads > 0) {
        LOG.info("Kafka offsets readable again after {} failed reads", failedReads);
      }
      failedReads = 0;
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      if (closed) {
        // Interrupted by close(): not Kafka's failure.
        return false;
      }
      if (failedReads++ == 0) {
        Throwable cause =
            e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        LOG.warn(
            "cannot read offsets from Kafka; {} and {} keep their last values until it answers: {}",
            CONSUMER_LAG,
            DEAD_LETTERS,
            e instanceof TimeoutException
                ? (e.getMessage() == null ? "no answer" : e.getMessage())
                    + " within "
                    + settings.timeout()
                : cause.toString());
      }
      return false;
    }
  }

  private void read() throws InterruptedException, ExecutionException, TimeoutException {
    clients();
    long deadline = System.nanoTime() + settings.timeout().toNanos();
    Set<String> topics = new LinkedHashSet<>(settings.deadLetterTopics());
    settings.topicsByGroup().values().forEach(topics::addAll);
    Map<String, TopicDescription> described =
        await(admin.describeTopics(topics).allTopicNames(), deadline);
    List<TopicPartition> partitions = new ArrayList<>();
    described.forEach(
        (name, d) ->
            d.partitions().forEach(p -> partitions.add(new TopicPartition(name, p.partition()))));

    // The end as read-committed consumers see it (the last stable offset): records of a
    // transaction still open are not theirs to read yet.
    Map<TopicPartition, Long> end = offsets(partitions, OffsetSpec.latest(), deadline);
    Map<TopicPartition, Long> earliest = offsets(partitions, OffsetSpec.earliest(), deadline);

    Map<String, ListConsumerGroupOffsetsSpec> specs = new LinkedHashMap<>();
    settings
        .topicsByGroup()
        .forEach(
            (group, groupTopics) ->
                specs.put(
                    group,
                    new ListConsumerGroupOffsetsSpec()
                        .topicPartitions(
                            partitions.stream()
                                .filter(tp -> groupTopics.contains(tp.topic()))
                                .toList())));
    Map<GroupTopic, Long> newLag = new HashMap<>();
    if (!specs.isEmpty()) {
      ListConsumerGroupOffsetsResult listed = admin.listConsumerGroupOffsets(specs);
      for (var entry : settings.topicsByGroup().entrySet()) {
        String group = entry.getKey();
        Map<TopicPartition, Long> committed = new HashMap<>();
        // A partition the group never committed may be absent or mapped to null.
        await(listed.partitionsToOffsetAndMetadata(group), deadline)
            .forEach(
                (tp, offset) -> {
                  if (offset != null) {
                    committed.put(tp, offset.offset());
                  }
                });
        Map<String, Long> byTopic =
            OffsetSums.lagByTopic(only(end, entry.getValue()), earliest, committed);
        entry
            .getValue()
            .forEach(t -> newLag.put(new GroupTopic(group, t), byTopic.getOrDefault(t, 0L)));
      }
    }
    Map<String, Long> retained =
        OffsetSums.recordsByTopic(
            countDeadLetters(
                partitions.stream()
                    .filter(tp -> settings.deadLetterTopics().contains(tp.topic()))
                    .toList(),
                end,
                earliest,
                deadline));

    // Everything was read: only now do the gauges move, so they never mix two reads.
    newLag.forEach((key, value) -> lag.get(key).value = value);
    deadLetters.forEach((topic, reading) -> reading.value = retained.getOrDefault(topic, 0L));
  }

  /**
   * Reads each dead-letter partition from where its count got to up to {@code end} (the last stable
   * offset, so an open transaction's records wait until it commits) and returns the counts.
   * Progress is kept even when the read runs out of time, so a long first count finishes over
   * several reads; the gauges still move only once a read gets to the end of every partition.
   */
  private Map<TopicPartition, Counted> countDeadLetters(
      List<TopicPartition> partitions,
      Map<TopicPartition, Long> end,
      Map<TopicPartition, Long> earliest,
      long deadline)
      throws TimeoutException {
    if (partitions.isEmpty()) {
      return Map.of();
    }
    if (!deadLetterReader.assignment().equals(Set.copyOf(partitions))) {
      deadLetterReader.assign(partitions);
    }
    Map<TopicPartition, Counted> progress = new HashMap<>();
    for (TopicPartition tp : partitions) {
      Counted from = OffsetSums.resume(counted.get(tp), earliest.get(tp), end.get(tp));
      progress.put(tp, from);
      deadLetterReader.seek(tp, from.next());
    }
    try {
      while (partitions.stream().anyMatch(tp -> progress.get(tp).next() < end.get(tp))) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new TimeoutException("dead-letter topics not read to their end");
        }
        Map<TopicPartition, Long> seen = new HashMap<>();
        // Short polls: a poll that meets only a commit marker returns nothing but still waits out
        // its whole timeout, and a marker ends every transaction.
        for (ConsumerRecord<byte[], byte[]> r :
            deadLetterReader.poll(Duration.ofNanos(Math.min(left, POLL.toNanos())))) {
          seen.merge(new TopicPartition(r.topic(), r.partition()), 1L, Long::sum);
        }
        for (TopicPartition tp : partitions) {
          // The position moves past every record returned and every marker or aborted record
          // skipped, so the count stays exact up to it.
          progress.put(
              tp,
              progress.get(tp).readTo(deadLetterReader.position(tp), seen.getOrDefault(tp, 0L)));
        }
      }
    } finally {
      counted = Map.copyOf(progress);
    }
    return progress;
  }

  private Map<TopicPartition, Long> offsets(
      List<TopicPartition> partitions, OffsetSpec spec, long deadline)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(tp -> request.put(tp, spec));
    Map<TopicPartition, Long> offsets = new HashMap<>();
    await(
            admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all(),
            deadline)
        .forEach((tp, info) -> offsets.put(tp, info.offset()));
    return offsets;
  }

  private static Map<TopicPartition, Long> only(
      Map<TopicPartition, Long> offsets, List<String> topics) {
    Map<TopicPartition, Long> subset = new HashMap<>();
    offsets.forEach(
        (tp, offset) -> {
          if (topics.contains(tp.topic())) {
            subset.put(tp, offset);
          }
        });
    return subset;
  }

  private static <T> T await(KafkaFuture<T> future, long deadline)
      throws InterruptedException, ExecutionException, TimeoutException {
    return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  /** Stops the schedule and closes the Kafka clients; the gauges keep their last values. */
  @Override
  public void close() {
    closed = true;
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // The consumer is not thread-safe: wait for a read in progress (it is bounded by the timeout).
    synchronized (this) {
      if (deadLetterReader != null) {
        deadLetterReader.close(CloseOptions.timeout(settings.timeout()));
      }
      if (admin != null) {
        admin.close(settings.timeout());
      }
    }
  }
}
