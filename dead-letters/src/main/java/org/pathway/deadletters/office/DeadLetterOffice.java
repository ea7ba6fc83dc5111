package org.pathway.deadletters.office;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.pathway.deadletters.desk.DeadLetterDesk;
import org.pathway.deadletters.desk.Decision;
import org.pathway.deadletters.desk.Handling;
import org.pathway.deadletters.inbox.DeadLetterEntry;
import org.pathway.deadletters.inbox.DeadLetterInbox;
import org.pathway.deadletters.ledger.AuditEntry;
import org.pathway.deadletters.ledger.DeadLetterLedger;
import org.pathway.events.topics.Service;
import org.pathway.events.topics.Topics;
import org.pathway.kafkaedge.settings.KafkaClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's dead letters as an operator handles them: reads the topic and the ledger, asks the
 * {@link DeadLetterDesk}, sends a replay, keeps the handling and audits every action. A replay is
 * sent before it is recorded: a crash between the two leaves the dead letter offered again, and the
 * consumer's idempotency (by event id, notification id) makes a second replay harmless — the other
 * order could lose it.
 */
public final class DeadLetterOffice implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterOffice.class);

  /** How long a read of the topic or a replay's acknowledgement may take. */
  public static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

  private final Service service;
  private final DeadLetterInbox inbox;
  private final DeadLetterLedger ledger;
  private final Producer<String, byte[]> producer;
  private final Duration sendTimeout;
  private final Clock clock;

  public DeadLetterOffice(
      Service service,
      DeadLetterInbox inbox,
      DeadLetterLedger ledger,
      Producer<String, byte[]> producer,
      Duration sendTimeout,
      Clock clock) {
    this.service = service;
    this.inbox = inbox;
    this.ledger = ledger;
    this.producer = producer;
    this.sendTimeout = sendTimeout;
    this.clock = clock;
  }

  /**
   * The office of {@code service}'s dead-letter topic: reads and replays with clients from {@code
   * kafka} (role {@code dead-letters}), keeps handlings and audit in {@code dataSource}.
   */
  public static DeadLetterOffice of(
      Service service, KafkaClients kafka, DataSource dataSource, Clock clock) {
    String topic = Topics.deadLettersOf(service).name();
    return new DeadLetterOffice(
        service,
        new DeadLetterInbox(kafka.consumer("dead-letters"), topic, READ_TIMEOUT),
        new DeadLetterLedger(dataSource, topic),
        new KafkaProducer<>(
            kafka.producer("dead-letters"), new StringSerializer(), new ByteArraySerializer()),
        READ_TIMEOUT,
        clock);
  }

  /** A page of the dead letters still offered, and how many there are in all. */
  public record Page(List<DeadLetterEntry> deadLetters, int total, int offset, int limit) {}

  /** What an action came to: its status, why, and the handling when one was kept. */
  public record Outcome(int status, String description, Optional<Handling> handling) {}

  public Service service() {
    return service;
  }

  public String topic() {
    return inbox.topic();
  }

  /** The dead letters not yet handled, {@code limit} from {@code offset}; audited. */
  public Page list(String operator, int offset, int limit) {
    List<DeadLetterEntry> offered = DeadLetterDesk.offered(inbox.all(), ledger.handled().keySet());
    int from = Math.min(offset, offered.size());
    int to = Math.min(offered.size(), from + limit);
    audit(operator, "LIST", null, 200, "offset " + offset + ", limit " + limit);
    return new Page(offered.subList(from, to), offered.size(), offset, limit);
  }

  /** One dead letter, handled or not, with its handling; audited, a miss too. */
  public Optional<Map.Entry<DeadLetterEntry, Optional<Handling>>> show(String operator, String id) {
    Optional<DeadLetterEntry> entry = inbox.find(id);
    audit(operator, "SHOW", id, entry.isPresent() ? 200 : 404, null);
    return entry.map(e -> Map.entry(e, ledger.find(id)));
  }

  /** Replays {@code id} to the topic it came from; audited whatever the outcome. */
  public Outcome replay(String operator, String id, String reason) {
    Decision decision =
        DeadLetterDesk.replay(
            inbox.find(id),
            ledger.find(id),
            operator,
            reason,
            clock.instant(),
            UUID.randomUUID().toString());
    if (decision instanceof Decision.Replay replay) {
      try {
        producer.send(replay.record()).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return refused(operator, "REPLAY", id, 503, "interrupted while replaying");
      } catch (Exception e) {
        LOG.warn("replay of {} {} not acknowledged", topic(), id, e);
        return refused(operator, "REPLAY", id, 503, "the replay was not acknowledged: " + e);
      }
      return kept(operator, "REPLAY", replay.handling());
    }
    if (decision instanceof Decision.Refused r) {
      return refused(operator, "REPLAY", id, r.status(), r.description());
    }
    throw new IllegalStateException("unexpected decision " + decision);
  }

  /** Discards {@code id} for {@code reason}; audited whatever the outcome. */
  public Outcome discard(String operator, String id, String reason) {
    Decision decision =
        DeadLetterDesk.discard(inbox.find(id), ledger.find(id), operator, reason, clock.instant());
    if (decision instanceof Decision.Discard discard) {
      return kept(operator, "DISCARD", discard.handling());
    }
    Decision.Refused r = (Decision.Refused) decision;
    return refused(operator, "DISCARD", id, r.status(), r.description());
  }

  /** The newest audit entries; reading them is audited too. */
  public List<AuditEntry> auditTrail(String operator, int limit) {
    audit(operator, "AUDIT", null, 200, "limit " + limit);
    return ledger.audit(limit);
  }

  /** Records an action the API refused before it reached the office (no token, not an operator). */
  public void auditRefusal(String operator, String action, String id, int status, String why) {
    audit(operator, action, id, status, why);
  }

  private Outcome kept(String operator, String action, Handling h) {
    if (!ledger.record(h)) {
      // Another operator handled it between our read and our write.
      Handling first = ledger.find(h.deadLetterId()).orElse(h);
      return refused(
          operator,
          action,
          h.deadLetterId(),
          409,
          "already "
              + first.action().name().toLowerCase(java.util.Locale.ROOT)
              + " by "
              + first.operator());
    }
    audit(operator, action, h.deadLetterId(), 200, h.reason());
    LOG.info(
        "dead letter {} {} {} by {}: {}",
        topic(),
        h.deadLetterId(),
        h.action(),
        operator,
        h.reason());
    return new Outcome(200, h.action().name().toLowerCase(java.util.Locale.ROOT), Optional.of(h));
  }

  private Outcome refused(String operator, String action, String id, int status, String why) {
    audit(operator, action, id, status, why);
    return new Outcome(status, why, Optional.empty());
  }

  private void audit(String operator, String action, String id, int status, String detail) {
    ledger.audit(new AuditEntry(clock.instant(), operator, action, id, status, detail));
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
