package org.pathway.notifier.wiring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.pathway.events.topics.Topics;
import org.pathway.kafkaedge.settings.KafkaClients;
import org.pathway.kafkameters.KafkaOffsetMeters;
import org.pathway.notifier.channel.ChannelSender;
import org.pathway.notifier.channel.Channels;
import org.pathway.notifier.channel.Secrets;
import org.pathway.notifier.channel.email.SmtpEmailSender;
import org.pathway.notifier.channel.fhir.FhirBackChannelSender;
import org.pathway.notifier.channel.notify.NotifySender;
import org.pathway.notifier.channel.webhook.WebhookSender;
import org.pathway.notifier.consume.RequestConsumer;
import org.pathway.notifier.delivery.DeliveryStore;
import org.pathway.notifier.delivery.DeliveryWorker;
import org.pathway.notifier.delivery.RequestCheck;
import org.pathway.notifier.delivery.RetryPolicy;
import org.pathway.notifier.publish.ReceiptPublisher;
import org.pathway.notifier.template.TemplateCatalogue;

/** Builds the notifier's plain-Java parts from configuration; no decisions live here. */
@Factory
public class NotifierFactory {

  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }

  @Singleton
  TemplateCatalogue templates() {
    return TemplateCatalogue.standard();
  }

  @Singleton
  RetryPolicy retryPolicy(
      @Property(name = "notifier.retry.initial-backoff") Duration initial,
      @Property(name = "notifier.retry.multiplier") double multiplier,
      @Property(name = "notifier.retry.max-backoff") Duration max,
      @Property(name = "notifier.retry.horizon") Duration horizon) {
    return new RetryPolicy(initial, multiplier, max, horizon);
  }

  @Singleton
  DeliveryStore deliveryStore(DataSource dataSource) {
    return new DeliveryStore(dataSource);
  }

  @Singleton
  @Bean(preDestroy = "close")
  Producer<String, byte[]> producer(KafkaClients kafka) {
    return new KafkaProducer<>(
        kafka.producer("receipts"), new StringSerializer(), new ByteArraySerializer());
  }

  @Singleton
  @Bean(preDestroy = "close")
  Admin kafkaAdmin(KafkaClients kafka) {
    return Admin.create(kafka.admin("health"));
  }

  /**
   * Lag of the intake's group on notification requests and the dead letters, read from Kafka's
   * offsets (the intake's own consumer metrics reach no registry); Micronaut binds every {@code
   * MeterBinder} bean to its registry. Beside {@code notifier_dead_letters_total}, which counts
   * this process's dead letters since it started, this one survives restarts.
   */
  @Singleton
  @Bean(preDestroy = "close")
  KafkaOffsetMeters kafkaOffsetMeters(
      KafkaClients kafka, @Property(name = "notifier.metrics.lag-interval") Duration interval) {
    return new KafkaOffsetMeters(
        kafka.admin("offset-meters"),
        new KafkaOffsetMeters.Settings(
            Map.of(kafka.settings().groupId(), List.of(Topics.NOTIFICATION_REQUESTS.name())),
            List.of(Topics.NOTIFIER_DEAD_LETTERS.name()),
            interval));
  }

  @Singleton
  ReceiptPublisher receiptPublisher(
      Producer<String, byte[]> producer, DeliveryStore store, MeterRegistry meters) {
    return new ReceiptPublisher(producer, store, meters);
  }

  @Singleton
  Secrets secrets(Environment environment) {
    return new Secrets(
        System::getenv,
        ref -> environment.getProperty("notifier.secrets." + ref, String.class).orElse(null));
  }

  @Singleton
  Channels channels(
      Environment env,
      Secrets secrets,
      Clock clock,
      @Value("${notifier.email.provider:smtp}") String emailProvider) {
    List<ChannelSender> senders = new ArrayList<>();
    NotifySender.Settings notify =
        new NotifySender.Settings(
            env.getProperty("notifier.notify.base-url", String.class).orElse(""),
            env.getProperty("notifier.notify.api-key", String.class).orElse(""),
            env.getProperty("notifier.notify.email-template-id", String.class).orElse(""),
            env.getProperty("notifier.notify.sms-template-id", String.class).orElse(""));
    if ("notify".equalsIgnoreCase(emailProvider)) {
      senders.add(NotifySender.email(notify));
    } else {
      senders.add(
          new SmtpEmailSender(
              new SmtpEmailSender.Settings(
                  env.getRequiredProperty("notifier.email.host", String.class),
                  env.getRequiredProperty("notifier.email.port", Integer.class),
                  env.getProperty("notifier.email.username", String.class).orElse(""),
                  env.getProperty("notifier.email.password", String.class).orElse(""),
                  env.getProperty("notifier.email.start-tls", Boolean.class).orElse(false),
                  env.getRequiredProperty("notifier.email.from", String.class),
                  env.getRequiredProperty("notifier.email.timeout", Duration.class))));
    }
    if (notify.configured()) {
      senders.add(NotifySender.sms(notify));
    }
    senders.add(
        new WebhookSender(
            secrets, env.getRequiredProperty("notifier.webhook.timeout", Duration.class), clock));
    senders.add(
        new FhirBackChannelSender(
            secrets, env.getRequiredProperty("notifier.fhir.timeout", Duration.class)));
    return new Channels(senders);
  }

  @Singleton
  @Bean(preDestroy = "close")
  DeliveryWorker deliveryWorker(
      DeliveryStore store,
      Channels channels,
      TemplateCatalogue templates,
      RetryPolicy retry,
      ReceiptPublisher receipts,
      Clock clock,
      MeterRegistry meters,
      Environment env,
      @Property(name = "notifier.worker.poll-interval") Duration pollInterval,
      @Property(name = "notifier.worker.batch-size") int batchSize,
      @Property(name = "notifier.worker.threads") int threads,
      @Property(name = "notifier.retry.lease") Duration lease) {
    // A try must finish (or time out) well within its lease, or a live send would look crashed.
    Duration slowest =
        List.of("notifier.email.timeout", "notifier.webhook.timeout", "notifier.fhir.timeout")
            .stream()
            .map(k -> env.getProperty(k, Duration.class).orElse(Duration.ZERO))
            .max(Duration::compareTo)
            .orElse(Duration.ZERO);
    if (lease.compareTo(slowest.multipliedBy(3)) < 0) {
      throw new IllegalStateException(
          "notifier.retry.lease ("
              + lease
              + ") must be at least 3x the slowest channel timeout ("
              + slowest
              + ")");
    }
    return new DeliveryWorker(
        store,
        channels,
        templates,
        retry,
        receipts,
        clock,
        new DeliveryWorker.Settings(pollInterval, batchSize, threads, lease),
        meters);
  }

  @Singleton
  @Bean(preDestroy = "close")
  RequestConsumer requestConsumer(
      KafkaClients kafka,
      Producer<String, byte[]> producer,
      DeliveryStore store,
      TemplateCatalogue templates,
      ReceiptPublisher publisher,
      DeliveryWorker worker,
      Clock clock) {
    return new RequestConsumer(
        kafka.consumer("requests"),
        producer,
        store,
        new RequestCheck(templates),
        publisher,
        worker::wakeUp,
        clock);
  }
}
