package org.pathway.router.wiring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.pathway.access.links.LinkSigner;
import org.pathway.deadletters.office.DeadLetterOffice;
import org.pathway.directory.Directory;
import org.pathway.directory.DirectoryEntry;
import org.pathway.directory.DirectoryMapping;
import org.pathway.directory.HsdsFeedSource;
import org.pathway.directory.ServiceKind;
import org.pathway.events.topics.Service;
import org.pathway.events.topics.Topics;
import org.pathway.kafkaedge.settings.KafkaClients;
import org.pathway.kafkameters.KafkaOffsetMeters;
import org.pathway.retention.RetentionJob;
import org.pathway.router.camel.CamelPrerequisite;
import org.pathway.router.config.DirectoryConfig;
import org.pathway.router.config.EscalationConfig;
import org.pathway.router.config.GpFeedbackConfig;
import org.pathway.router.config.LinksConfig;
import org.pathway.router.config.MetricsConfig;
import org.pathway.router.config.PersonNoticeConfig;
import org.pathway.router.config.RetentionConfig;
import org.pathway.router.config.TriageConfig;
import org.pathway.router.decision.EventFactory;
import org.pathway.router.decision.Subscribers;
import org.pathway.router.idempotency.JdbcIdempotentRepository;
import org.pathway.router.idempotency.OnwardReferralMemory;
import org.pathway.router.idempotency.PersonContactMemory;
import org.pathway.router.idempotency.PollTransactions;
import org.pathway.router.idempotency.ReferralMemory;
import org.pathway.router.idempotency.RoutedReferralMemory;
import org.pathway.router.idempotency.TaskOwnerMemory;
import org.pathway.router.kafka.RecordSteps;
import org.pathway.router.kafka.TopicSetup;
import org.pathway.router.kafka.TransactionalPublisher;
import org.pathway.router.links.RespondLinks;
import org.pathway.router.policy.CancellationPolicy;
import org.pathway.router.policy.EscalationPolicy;
import org.pathway.router.policy.GpFeedbackPolicy;
import org.pathway.router.policy.GroupAnswerPolicy;
import org.pathway.router.policy.NewReferralNoticePolicy;
import org.pathway.router.policy.OnwardReferralPolicy;
import org.pathway.router.policy.PersonNoticePolicy;
import org.pathway.router.policy.SubscriptionPolicy;
import org.pathway.router.retention.RetentionKind;
import org.pathway.router.retention.RetentionPurge;
import org.pathway.router.routing.ReferralTriage;
import org.pathway.router.routing.TriageRules;
import org.pathway.router.routing.TriageRulesLoader;

/** Builds the router's parts from configuration; each is created once per process. */
@Factory
final class RouterFactory {

  /** Topics exist before anything reads or writes them. */
  @Singleton
  @Named("topics")
  CamelPrerequisite topics(KafkaClients kafka, RouterKafkaSettings router) {
    TopicSetup.ensureTopics(kafka, router.replicationFactor());
    return new CamelPrerequisite() {};
  }

  /**
   * One transactional producer per consumer thread on referral events ({@code
   * pathway.kafka.consumers}), so their transactions wait on the broker side by side.
   */
  @Singleton
  @Bean(preDestroy = "close")
  TransactionalPublisher publisher(
      @Named("topics") CamelPrerequisite topics, KafkaClients kafka, RouterKafkaSettings router) {
    return new TransactionalPublisher(
        kafka,
        kafka.settings().groupId() + "-" + router.instanceId(),
        router.consumers(),
        Map.of(
            ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
            (int) router.transactionTimeout().toMillis(),
            ProducerConfig.MAX_BLOCK_MS_CONFIG,
            30_000));
  }

  /**
   * This router group's lag on referral events and the router's dead letters, read from Kafka (the
   * consumers' own metrics reach no registry); Micronaut binds every {@code MeterBinder} bean to
   * its registry. After the topics, so the first read does not find them missing.
   */
  @Singleton
  @Bean(preDestroy = "close")
  KafkaOffsetMeters kafkaOffsetMeters(
      @Named("topics") CamelPrerequisite topics, KafkaClients kafka, MetricsConfig metrics) {
    return new KafkaOffsetMeters(
        kafka.admin("offset-meters"),
        new KafkaOffsetMeters.Settings(
            Map.of(kafka.settings().groupId(), List.of(Topics.REFERRAL_EVENTS.name())),
            List.of(Topics.ROUTER_DEAD_LETTERS.name()),
            metrics.lagInterval()));
  }

  /** Also a prerequisite of the CamelContext, so Camel stops before the producer closes. */
  @Singleton
  @Named("publisherReady")
  CamelPrerequisite publisherReady(TransactionalPublisher publisher) {
    return new CamelPrerequisite() {};
  }

  @Singleton
  @Named("recordSteps")
  RecordSteps recordSteps(@Named("processedEvents") JdbcIdempotentRepository processedEvents) {
    return new RecordSteps(processedEvents);
  }

  /** The operator's dead-letter API (list, show, replay, discard) on the management port. */
  @Singleton
  @Bean(preDestroy = "close")
  DeadLetterOffice deadLetterOffice(KafkaClients kafka, DataSource dataSource) {
    return DeadLetterOffice.of(Service.ROUTER, kafka, dataSource, java.time.Clock.systemUTC());
  }

  /** One database transaction per poll for everything the consumer threads remember. */
  @Singleton
  PollTransactions pollTransactions(DataSource dataSource) {
    return new PollTransactions(dataSource);
  }

  @Singleton
  @Named("processedEvents")
  JdbcIdempotentRepository processedEvents(PollTransactions memory) {
    return new JdbcIdempotentRepository(memory.dataSource(), "referral-events");
  }

  /** The retention job: purges what has passed its period, on the router's clock. */
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
  ReferralMemory referralMemory(PollTransactions memory) {
    return new ReferralMemory(memory.dataSource());
  }

  @Singleton
  OnwardReferralMemory onwardReferralMemory(PollTransactions memory) {
    return new OnwardReferralMemory(memory.dataSource());
  }

  @Singleton
  TaskOwnerMemory taskOwnerMemory(PollTransactions memory) {
    return new TaskOwnerMemory(memory.dataSource());
  }

  @Singleton
  RoutedReferralMemory routedReferralMemory(PollTransactions memory) {
    return new RoutedReferralMemory(memory.dataSource());
  }

  @Singleton
  NewReferralNoticePolicy newReferralNoticePolicy(Directory directory, EventFactory events) {
    return new NewReferralNoticePolicy(directory, events);
  }

  @Singleton
  HsdsFeedSource feedSource(DirectoryConfig directory, MeterRegistry meters) {
    return new HsdsFeedSource(directory.feed(), DirectoryMapping.load(directory.mapping()), meters);
  }

  /**
   * Loaded in full at start-up; a feed that cannot be read stops the router from starting, a record
   * that cannot be read is skipped and counted.
   */
  @Singleton
  Directory directory(HsdsFeedSource source) {
    Directory directory = new Directory();
    directory.apply(source.changesSince(null));
    return directory;
  }

  /** Signs the link in every message that asks for an answer. */
  @Singleton
  RespondLinks respondLinks(LinksConfig links) {
    return new RespondLinks(new LinkSigner(links.linkKeys()), links.portalUrl(), links.lifetime());
  }

  /** The time decisions are stamped with; tests register a clock of their own and move it. */
  @Singleton
  @Requires(missingBeans = Clock.class)
  Clock clock() {
    return Clock.systemUTC();
  }

  @Singleton
  EventFactory eventFactory(RespondLinks links, Clock clock) {
    return new EventFactory(clock, links);
  }

  /** Validated against the directory: a rule naming an unknown service stops start-up. */
  @Singleton
  TriageRules triageRules(TriageConfig triage, Directory directory) {
    String location = triage.rules();
    return TriageRulesLoader.parse(
        read(location),
        location,
        id ->
            directory
                .byId(id)
                .map(DirectoryEntry::kind)
                .filter(k -> k == ServiceKind.LINK_WORKER_SERVICE || k == ServiceKind.HUB)
                .isPresent());
  }

  @Singleton
  ReferralTriage referralTriage(TriageRules rules, Directory directory, EventFactory events) {
    return new ReferralTriage(rules, directory, events);
  }

  @Singleton
  OnwardReferralPolicy onwardReferralPolicy(Directory directory, EventFactory events) {
    return new OnwardReferralPolicy(directory, events);
  }

  @Singleton
  GpFeedbackPolicy gpFeedbackPolicy(
      GpFeedbackConfig feedback, Directory directory, EventFactory events) {
    return new GpFeedbackPolicy(
        feedback.triggers(), feedback.includeGroupTasks(), directory, events);
  }

  @Singleton
  GroupAnswerPolicy groupAnswerPolicy(Directory directory, EventFactory events) {
    return new GroupAnswerPolicy(directory, events);
  }

  @Singleton
  PersonContactMemory personContactMemory(PollTransactions memory) {
    return new PersonContactMemory(memory.dataSource());
  }

  @Singleton
  PersonNoticePolicy personNoticePolicy(
      PersonNoticeConfig notices, Directory directory, EventFactory events) {
    return new PersonNoticePolicy(
        new PersonNoticePolicy.Settings(notices.enabled(), notices.contactWithin()),
        directory,
        events);
  }

  @Singleton
  CancellationPolicy cancellationPolicy(Directory directory, EventFactory events) {
    return new CancellationPolicy(directory, events);
  }

  @Singleton
  EscalationPolicy escalationPolicy(
      EscalationConfig escalation, Directory directory, EventFactory events) {
    if (directory.byId(escalation.hubService()).isEmpty()) {
      throw EscalationConfig.HUB_SERVICE.invalid(
          "is '" + escalation.hubService() + "', which is not in the directory");
    }
    return new EscalationPolicy(
        new EscalationPolicy.Settings(
            escalation.escalateAfter(), escalation.autoReturnAfter(), escalation.hubService()),
        directory,
        events);
  }

  @Singleton
  @Named("decisions")
  RouterDecisions decisions(
      ReferralTriage triage,
      OnwardReferralPolicy onward,
      GpFeedbackPolicy feedback,
      GroupAnswerPolicy groupAnswer,
      EscalationPolicy escalation,
      ReferralMemory referrals,
      OnwardReferralMemory onwardReferrals,
      CancellationPolicy cancellation,
      TaskOwnerMemory owners,
      PersonNoticePolicy personNotices,
      PersonContactMemory people,
      SubscriptionPolicy subscriptions,
      Subscribers subscribers,
      NewReferralNoticePolicy newReferralNotices,
      RoutedReferralMemory routed) {
    return new RouterDecisions(
        triage,
        onward,
        feedback,
        groupAnswer,
        escalation,
        referrals,
        onwardReferrals,
        cancellation,
        owners,
        personNotices,
        people,
        subscriptions,
        subscribers,
        newReferralNotices,
        routed);
  }

  /** Decisions and their data are ready before the routes start, and outlive them. */
  @Singleton
  @Named("decisionsReady")
  CamelPrerequisite decisionsReady(
      @Named("decisions") RouterDecisions decisions,
      @Named("processedEvents") JdbcIdempotentRepository processedEvents,
      @Named("recordSteps") RecordSteps steps) {
    return new CamelPrerequisite() {};
  }

  private static String read(String location) {
    try {
      if (location.startsWith("classpath:")) {
        String name = location.substring("classpath:".length()).replaceFirst("^/", "");
        try (InputStream in = RouterFactory.class.getClassLoader().getResourceAsStream(name)) {
          if (in == null) {
            throw new IllegalArgumentException("no classpath resource " + name);
          }
          return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
      return Files.readString(Path.of(location.replaceFirst("^file:", "")));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read triage rules from " + location, e);
    }
  }
}
