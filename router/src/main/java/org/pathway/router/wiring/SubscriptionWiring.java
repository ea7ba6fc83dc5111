package org.pathway.router.wiring;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.pathway.kafkaedge.settings.KafkaClients;
import org.pathway.router.camel.CamelPrerequisite;
import org.pathway.router.decision.EventFactory;
import org.pathway.router.decision.Subscribers;
import org.pathway.router.kafka.SubscriptionsReader;
import org.pathway.router.policy.SubscriptionPolicy;

/**
 * FHIR Subscriptions: the set read from {@code pathway.subscriptions} to the end before Camel
 * starts (a prerequisite of the CamelContext), so the first Task change reaches every subscriber.
 */
@Factory
final class SubscriptionWiring {

  @Singleton
  Subscribers subscribers() {
    return new Subscribers();
  }

  @Singleton
  SubscriptionPolicy subscriptionPolicy(EventFactory events) {
    return new SubscriptionPolicy(events);
  }

  /** After the topics exist, so the subscriptions topic's partitions can be assigned. */
  @Singleton
  @Bean(preDestroy = "close")
  SubscriptionsReader subscriptionsReader(
      @Named("topics") CamelPrerequisite topics, KafkaClients kafka, Subscribers subscribers) {
    return new SubscriptionsReader(kafka, subscribers, Duration.ofSeconds(30));
  }

  @Singleton
  @Named("subscriptionsRead")
  CamelPrerequisite subscriptionsRead(SubscriptionsReader reader) {
    return new CamelPrerequisite() {};
  }
}
