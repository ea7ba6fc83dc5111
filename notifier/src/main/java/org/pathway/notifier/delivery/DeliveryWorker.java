package org.pathway.notifier.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.avro.specific.SpecificRecord;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.serde.EventDeserializer;
import org.pathway.events.topics.Topics;
import org.pathway.notifier.channel.ChannelSender;
import org.pathway.notifier.channel.Channels;
import org.pathway.notifier.channel.Outbound;
import org.pathway.notifier.channel.SendFailure;
import org.pathway.notifier.channel.Sent;
import org.pathway.notifier.delivery.RetryPolicy.GiveUp;
import org.pathway.notifier.delivery.RetryPolicy.RetryAt;
import org.pathway.notifier.template.RenderedMessage;
import org.pathway.notifier.template.Renderer;
import org.pathway.notifier.template.TemplateCatalogue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works the retry schedule: takes deliveries that are due and first in their order, tries each
 * once, records the outcome, and has the receipt published. Everything it knows lives in the
 * delivery log, so a restart picks up exactly where the last process stopped.
 */
public final class DeliveryWorker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);

  /** Settings of the worker loop. */
  public record Settings(Duration pollInterval, int batchSize, int threads, Duration lease) {}

  private final DeliveryStore store;
  private final Channels channels;
  private final TemplateCatalogue templates;
  private final RetryPolicy retry;
  private final Closures closures;
  private final ReceiptSink receipts;
  private final Clock clock;
  private final Settings settings;
  private final EventDeserializer deserializer = new EventDeserializer();
  private final ExecutorService senders;
  // Deliveries claimed and not finished: never more than there are senders, so no claimed
  // delivery waits in a queue while its lease runs out.
  private final AtomicInteger inFlight = new AtomicInteger();
  private final MeterRegistry meters;
  private final Counter resentInDoubt;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private volatile boolean running;
  private volatile boolean wakeRequested;
  // When the loop next looks for tries a crash interrupted; only the loop's thread reads it.
  private long recoverAt;
  private Thread loop;

  public DeliveryWorker(
      DeliveryStore store,
      Channels channels,
      TemplateCatalogue templates,
      RetryPolicy retry,
      Closures closures,
      ReceiptSink receipts,
      Clock clock,
      Settings settings,
      MeterRegistry meters) {
    this.store = store;
    this.channels = channels;
    this.templates = templates;
    this.retry = retry;
    this.closures = closures;
    this.receipts = receipts;
    this.clock = clock;
    this.settings = settings;
    this.meters = meters;
    this.senders =
        Executors.newFixedThreadPool(
            settings.threads(),
            r -> {
              Thread t = new Thread(r, "notifier-send");
              t.setDaemon(true);
              return t;
            });
    this.resentInDoubt =
        Counter.builder("notifier.resent.in.doubt")
            .description("Tries made when an earlier try of the same notification may have arrived")
            .register(meters);
  }

  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    loop = new Thread(this::run, "notifier-delivery-worker");
    loop.setDaemon(true);
    loop.start();
  }

  /** Asks the loop to look for work now rather than at its next poll. */
  public void wakeUp() {
    lock.lock();
    try {
      wakeRequested = true;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    while (running) {
      boolean worked = false;
      try {
        worked = cycle();
      } catch (RuntimeException e) {
        LOG.warn("delivery cycle failed, will retry: {}", e.toString());
      }
      if (!worked) {
        sleep();
      }
    }
  }

  /**
   * One pass: recover interrupted tries (at most once a poll interval), claim what is due for the
   * free senders in one statement, publish receipts. Each try runs on its own and wakes the loop
   * when it ends, so one slow endpoint holds up only its own deliveries (and those after it in
   * their order), never the rest of a batch.
   */
  boolean cycle() {
    long now = clock.millis();
    recoverInterrupted(now);
    int room = Math.min(settings.threads() - inFlight.get(), settings.batchSize());
    int started = 0;
    if (room > 0) {
      for (Delivery d : store.claimDue(now, now + settings.lease().toMillis(), room)) {
        inFlight.incrementAndGet();
        started++;
        senders.execute(() -> attemptAndWake(d));
      }
    }
    int published = receipts.publishDue();
    return started > 0 || published > 0;
  }

  /**
   * Tries interrupted by a crash are found by their lease running out, which takes minutes: looking
   * once a poll interval (and at the first pass, for this process's own predecessor) is soon
   * enough, where every pass — one per finished try under load — would be a statement per delivery
   * for nothing.
   */
  private void recoverInterrupted(long now) {
    if (now < recoverAt) {
      return;
    }
    int recovered = store.recoverInterrupted(now);
    recoverAt = now + settings.pollInterval().toMillis();
    if (recovered > 0) {
      LOG.warn(
          "{} tries were interrupted mid-send; they will be retried and flagged in doubt",
          recovered);
    }
  }

  private void attemptAndWake(Delivery d) {
    try {
      attempt(d);
    } catch (RuntimeException e) {
      // Typically the store failing mid-try; the lease returns the row to the queue.
      LOG.warn("a try ended before its outcome was recorded: {}", e.toString());
    } finally {
      inFlight.decrementAndGet();
      wakeUp();
    }
  }

  /** One try of a delivery this worker claimed. */
  private void attempt(Delivery d) {
    String id = d.notificationId();
    NotificationRequested request;
    try {
      SpecificRecord event =
          deserializer.deserialize(Topics.NOTIFICATION_REQUESTS.name(), d.requestBytes());
      request = (NotificationRequested) event;
    } catch (RuntimeException e) {
      fail(d, "stored request unreadable: " + e.getMessage(), "refused: stored request unreadable");
      return;
    }
    // Checked at send time, against the log: a closure recorded while this waited still stops it.
    Optional<Closures.Closure> closed = closures.of(d.referralId());
    if (closed.isPresent() && !closed.get().answeredBy(request)) {
      store.recordWithheld(
          id, "withheld: referral closed (" + closed.get().reasonCode() + ")", clock.millis());
      meters.counter("notifier.withheld", "channel", request.getChannel().name()).increment();
      LOG.info(
          "notification {} withheld: referral {} closed ({})",
          id,
          d.referralId(),
          closed.get().reasonCode());
      return;
    }
    Optional<ChannelSender> sender = channels.forChannel(request.getChannel());
    if (sender.isEmpty()) {
      fail(
          d,
          "no sender configured for " + request.getChannel(),
          "refused: channel " + request.getChannel() + " is not configured");
      return;
    }
    Optional<RenderedMessage> message =
        templates.find(request.getTemplateId()).map(t -> Renderer.render(t, request.getFields()));
    if (message.isEmpty()) {
      fail(d, "unknown template " + request.getTemplateId(), "refused: unknown template");
      return;
    }
    // An interrupted earlier try may have arrived, unless the provider drops repeats itself.
    boolean inDoubt = d.inDoubt() && !sender.get().dropsRepeats();
    if (inDoubt) {
      resentInDoubt.increment();
    }
    long started = System.nanoTime();
    try {
      Sent sent = sender.get().send(new Outbound(request, message.get(), d.attempts()));
      store.recordDelivered(
          id, sent.providerReference(), clock.millis(), UUID.randomUUID().toString(), inDoubt);
      count(request, "delivered", started);
    } catch (SendFailure f) {
      String error = f.getMessage();
      if (f.permanent()) {
        fail(d, error, "permanent error from " + request.getChannel() + ": " + error);
        count(request, "refused", started);
        return;
      }
      RetryPolicy.Decision decision =
          retry.afterFailure(d.attempts(), Instant.ofEpochMilli(d.receivedAt()), clock.instant());
      if (decision instanceof RetryAt at) {
        store.recordRetry(id, d.attempts(), error, at.at().toEpochMilli(), f.maybeDelivered());
        count(request, "retry", started);
      } else {
        fail(d, error, ((GiveUp) decision).reason() + "; last error: " + error);
        count(request, "gave-up", started);
      }
    } catch (RuntimeException e) {
      // A bug in a channel must not stop the schedule; treat it as a transient error.
      LOG.error("channel {} threw for {}", request.getChannel(), id, e);
      RetryPolicy.Decision decision =
          retry.afterFailure(d.attempts(), Instant.ofEpochMilli(d.receivedAt()), clock.instant());
      if (decision instanceof RetryAt at) {
        store.recordRetry(id, d.attempts(), e.toString(), at.at().toEpochMilli(), true);
      } else {
        fail(d, e.toString(), ((GiveUp) decision).reason());
      }
    }
  }

  private void fail(Delivery d, String error, String reason) {
    store.recordFailed(
        d.notificationId(),
        d.attempts(),
        error,
        reason,
        clock.millis(),
        UUID.randomUUID().toString());
  }

  private void count(NotificationRequested r, String outcome, long startedNanos) {
    meters
        .timer("notifier.send", "channel", r.getChannel().name(), "outcome", outcome)
        .record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
  }

  private void sleep() {
    lock.lock();
    try {
      if (!wakeRequested && running) {
        wake.await(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
      }
      wakeRequested = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    } finally {
      lock.unlock();
    }
  }

  public boolean isRunning() {
    return running && loop != null && loop.isAlive();
  }

  @Override
  public void close() {
    running = false;
    wakeUp();
    if (loop != null) {
      try {
        loop.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    senders.shutdown();
    try {
      // Tries under way finish and record their outcome; one cut short is retried in doubt.
      senders.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
