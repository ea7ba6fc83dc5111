package org.pathway.router.routes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.pathway.events.topics.Topics;
import org.pathway.kafkaedge.settings.KafkaClients;
import org.pathway.router.idempotency.JdbcIdempotentRepository;
import org.pathway.router.idempotency.PollTransactions;
import org.pathway.router.kafka.PollLoop;
import org.pathway.router.kafka.RecordSteps;
import org.pathway.router.kafka.TransactionalPublisher;
import org.pathway.router.wiring.RouterKafkaSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the consumer threads of the referral-events route while the route runs: started when it
 * starts, stopped when it stops (Camel's shutdown, a test or the benchmark stopping the route).
 * Each thread is a {@link PollLoop} that sends every record of a poll through the route and then
 * commits the poll as one batch.
 *
 * <p>Why not camel-kafka's consumer: its batching mode gathers records across polls until the batch
 * is full or a later poll times out, so a batch is not a poll, records fetched after a failed batch
 * would be added behind a seek, and a failure with {@code breakOnFirstError} makes it leave and
 * rejoin the group (a rebalance of every member each time). Here a batch is exactly one poll and a
 * failure only seeks back.
 */
final class PollLoops extends RoutePolicySupport {

  private static final Logger LOG = LoggerFactory.getLogger(PollLoops.class);

  private final KafkaClients kafka;
  private final RouterKafkaSettings settings;
  private final TransactionalPublisher publisher;
  private final JdbcIdempotentRepository processed;
  private final PollTransactions memory;
  private final PollLoop.Backoff backoff;
  private final List<PollLoop> running = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private ProducerTemplate template;

  PollLoops(
      KafkaClients kafka,
      RouterKafkaSettings settings,
      TransactionalPublisher publisher,
      JdbcIdempotentRepository processed,
      PollTransactions memory,
      PollLoop.Backoff backoff) {
    this.kafka = kafka;
    this.settings = settings;
    this.publisher = publisher;
    this.processed = processed;
    this.memory = memory;
    this.backoff = backoff;
  }

  @Override
  public synchronized void onStart(Route route) {
    if (template == null) {
      template = route.getCamelContext().createProducerTemplate();
    }
    Endpoint endpoint = route.getEndpoint();
    for (int n = 0; n < settings.consumers(); n++) {
      var consumer =
          new KafkaConsumer<>(
              settings.referralEventsConsumer(kafka, n),
              new StringDeserializer(),
              new ByteArrayDeserializer());
      var loop =
          new PollLoop(
              consumer,
              Topics.REFERRAL_EVENTS.name(),
              (record, batch) -> {
                Exchange exchange = endpoint.createExchange();
                exchange.getExchangeExtension().setFromRouteId(route.getRouteId());
                RecordSteps.takeIn(exchange, record, consumer.groupMetadata(), batch);
                template.send(endpoint, exchange);
                if (exchange.getException() != null) {
                  throw readAgain(exchange.getException());
                }
              },
              publisher::commit,
              processed::addAll,
              memory,
              backoff);
      Thread thread = new Thread(loop, "referral-events-" + n);
      // Never what keeps the JVM up: a loop cut off mid-batch commits nothing, like a crash.
      thread.setDaemon(true);
      running.add(loop);
      threads.add(thread);
      thread.start();
    }
  }

  @Override
  public void onStop(Route route) {
    stopLoops();
  }

  @Override
  public void onRemove(Route route) {
    stopLoops();
  }

  /** How many of the running route's consumer threads ended without being asked to. */
  synchronized int died() {
    return (int) running.stream().filter(PollLoop::hasDied).count();
  }

  private synchronized void stopLoops() {
    running.forEach(PollLoop::stop);
    for (PollLoop loop : running) {
      try {
        if (!loop.awaitStopped(Duration.ofSeconds(30))) {
          LOG.warn("a referral-events consumer thread did not stop within 30 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    running.clear();
    threads.clear();
  }

  /** Whatever the route left unhandled means the batch must be read again. */
  private static RuntimeException readAgain(Exception cause) {
    return cause instanceof RuntimeException runtime
        ? runtime
        : new KafkaException("record not decided: " + cause, cause);
  }
}
