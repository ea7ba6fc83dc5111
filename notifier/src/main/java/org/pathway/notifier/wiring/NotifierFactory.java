package org.pathway.notifier.wiring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
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
import org.pathway.deadletters.office.DeadLetterOffice;
import org.pathway.events.topics.Service;
import org.pathway.events.topics.Topics;
import org.pathway.kafkaedge.settings.KafkaClients;
import org.pathway.kafkameters.KafkaOffsetMeters;
import org.pathway.notifier.channel.ChannelSender;
import org.pathway.notifier.channel.Channels;
import org.pathway.notifier.channel.OutboundPolicy;
import org.pathway.notifier.channel.Secrets;
import org.pathway.notifier.channel.email.SmtpEmailSender;
import org.pathway.notifier.channel.fhir.FhirBackChannelSender;
import org.pathway.notifier.channel.notify.NotifySender;
import org.pathway.notifier.channel.webhook.WebhookSender;
import org.pathway.notifier.config.EmailConfig;
import org.pathway.notifier.config.FhirConfig;
import org.pathway.notifier.config.MetricsConfig;
import org.pathway.notifier.config.NotifyConfig;
import org.pathway.notifier.config.OutboundConfig;
import org.pathway.notifier.config.RetentionConfig;
import org.pathway.notifier.config.RetryConfig;
import org.pathway.notifier.config.SmtpConfig;
import org.pathway.notifier.config.WebhookConfig;
import org.pathway.notifier.config.WorkerConfig;
import org.pathway.notifier.consume.ClosureConsumer;
import org.pathway.notifier.consume.RequestConsumer;
import org.pathway.notifier.delivery.Closures;
import org.pathway.notifier.delivery.DeliveryStore;
import org.pathway.notifier.delivery.DeliveryWorker;
import org.pathway.notifier.delivery.RequestCheck;
import org.pathway.notifier.delivery.RetryPolicy;
import org.pathway.notifier.publish.ReceiptPublisher;
import org.pathway.notifier.retention.RetentionKind;
import org.pathway.notifier.retention.RetentionPurge;
import org.pathway.notifier.template.TemplateCatalogue;
import org.pathway.retention.RetentionJob;
import org.pathway.servicesettings.Setting;

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
  RetryPolicy retryPolicy(RetryConfig retry) {
    return new RetryPolicy(
        retry.initialBackoff(), retry.multiplier(), retry.maxBackoff(), retry.horizon());
  }

  /** The retention job: pseudonymises the delivery log past its period, on the notifier's clock. */
  @Context
  @Requires(property = "pathway.retention.enabled", notEquals = "false")
  @Bean(preDestroy = "close")
  RetentionJob<RetentionKind> retentionJob(
      DataSource dataSource, RetentionConfig retention, Clock clock) {
    return new RetentionJob<>(
            new RetentionPurge(dataSource)::purge,
            RetentionKind.class,
            retention.periods(),
            retention.batchSize(),
            clock)
        .every(retention.purgeInterval());
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
  KafkaOffsetMeters kafkaOffsetMeters(KafkaClients kafka, MetricsConfig metrics) {
    return new KafkaOffsetMeters(
        kafka.admin("offset-meters"),
        new KafkaOffsetMeters.Settings(
            Map.of(
                kafka.settings().groupId(),
                List.of(Topics.NOTIFICATION_REQUESTS.name()),
                closureGroup(kafka),
                List.of(Topics.REFERRAL_EVENTS.name())),
            List.of(Topics.NOTIFIER_DEAD_LETTERS.name()),
            metrics.lagInterval()));
  }

  /** The operator's dead-letter API (list, show, replay, discard) on the management port. */
  @Singleton
  @Bean(preDestroy = "close")
  DeadLetterOffice deadLetterOffice(KafkaClients kafka, DataSource dataSource, Clock clock) {
    return DeadLetterOffice.of(Service.NOTIFIER, kafka, dataSource, clock);
  }

  @Singleton
  ReceiptPublisher receiptPublisher(
      Producer<String, byte[]> producer, DeliveryStore store, MeterRegistry meters) {
    return new ReceiptPublisher(producer, store, meters);
  }

  @Singleton
  Secrets secrets(Environment environment) {
    return new Secrets(
        System::getenv, key -> environment.getProperty(key, String.class).orElse(null));
  }

  @Singleton
  OutboundPolicy outboundPolicy(OutboundConfig outbound) {
    return new OutboundPolicy(outbound.allowHttp(), outbound.allowedHosts());
  }

  @Singleton
  Channels channels(
      OutboundPolicy outbound,
      Secrets secrets,
      Clock clock,
      EmailConfig email,
      SmtpConfig smtp,
      NotifyConfig notifyConfig,
      WebhookConfig webhook,
      FhirConfig fhir) {
    List<ChannelSender> senders = new ArrayList<>();
    NotifySender.Settings notify =
        new NotifySender.Settings(
            notifyConfig.baseUrl(),
            notifyConfig.apiKey(),
            notifyConfig.emailTemplateId(),
            notifyConfig.smsTemplateId());
    if (email.viaNotify()) {
      senders.add(NotifySender.email(notify));
    } else {
      senders.add(
          new SmtpEmailSender(
              new SmtpEmailSender.Settings(
                  smtp.host(),
                  smtp.port(),
                  smtp.username(),
                  smtp.password(),
                  smtp.startTls(),
                  email.from(),
                  smtp.timeout())));
    }
    if (notify.configured()) {
      senders.add(NotifySender.sms(notify));
    }
    senders.add(new WebhookSender(outbound, secrets, webhook.timeout(), clock));
    senders.add(new FhirBackChannelSender(outbound, secrets, fhir.timeout()));
    return new Channels(senders);
  }

  @Singleton
  Closures closures(DataSource dataSource) {
    return new Closures(dataSource);
  }

  @Singleton
  @Bean(preDestroy = "close")
  DeliveryWorker deliveryWorker(
      DeliveryStore store,
      Channels channels,
      TemplateCatalogue templates,
      RetryPolicy retry,
      Closures closures,
      ReceiptPublisher receipts,
      Clock clock,
      MeterRegistry meters,
      WorkerConfig worker,
      RetryConfig retryConfig,
      SmtpConfig smtp,
      WebhookConfig webhook,
      FhirConfig fhir) {
    // A try must finish (or time out) well within its lease, or a live send would look crashed.
    Duration slowest =
        List.of(smtp.timeout(), webhook.timeout(), fhir.timeout()).stream()
            .max(Duration::compareTo)
            .orElse(Duration.ZERO);
    Duration lease =
        Setting.of("pathway.retry.lease", "NOTIFIER_RETRY_LEASE")
            .require(
                retryConfig.lease(),
                retryConfig.lease().compareTo(slowest.multipliedBy(3)) >= 0,
                "must be at least 3x the slowest channel timeout (" + Setting.show(slowest) + ")");
    return new DeliveryWorker(
        store,
        channels,
        templates,
        retry,
        closures,
        receipts,
        clock,
        new DeliveryWorker.Settings(
            worker.pollInterval(), worker.batchSize(), worker.threads(), lease),
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

  /** Its own group: it reads the ledger's referral events, which intake's group does not. */
  @Singleton
  @Bean(preDestroy = "close")
  ClosureConsumer closureConsumer(
      KafkaClients kafka,
      Producer<String, byte[]> producer,
      Closures closures,
      DeliveryWorker worker,
      Clock clock) {
    return new ClosureConsumer(
        kafka.consumer("closures", closureGroup(kafka)), producer, closures, worker::wakeUp, clock);
  }

  /** The closure consumer's group: the notifier's group id and {@code .closures}. */
  static String closureGroup(KafkaClients kafka) {
    return kafka.settings().groupId() + ".closures";
  }
}
