package org.pathway.router.routes;

import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.pathway.events.avro.OnwardReferralCreated;
import org.pathway.events.avro.ReferralCancelled;
import org.pathway.events.avro.ReferralOverdue;
import org.pathway.events.avro.ReferralReceived;
import org.pathway.events.avro.TaskStatusChanged;
import org.pathway.kafkaedge.settings.KafkaClients;
import org.pathway.router.config.RedeliveryConfig;
import org.pathway.router.decision.RouterOutput;
import org.pathway.router.idempotency.JdbcIdempotentRepository;
import org.pathway.router.idempotency.PollTransactions;
import org.pathway.router.kafka.PollLoop;
import org.pathway.router.kafka.RecordSteps;
import org.pathway.router.kafka.TransactionalPublisher;
import org.pathway.router.wiring.RouterDecisions;
import org.pathway.router.wiring.RouterKafkaSettings;

/**
 * Referral events in, decisions and notification requests out. {@code pathway.kafka.consumers}
 * consumer threads ({@link PollLoops}, run while this route runs) share the topic's partitions;
 * each sends every record of a poll through this route on its own thread, which decodes it, drops a
 * duplicate, decides it and adds the outcome to the poll's batch. The thread then commits the whole
 * poll — outputs, dead letters and offsets — in one Kafka transaction.
 */
@Singleton
public final class ReferralEventRoutes extends RouteBuilder {

  private final PollLoops loops;

  ReferralEventRoutes(
      KafkaClients kafka,
      RouterKafkaSettings settings,
      TransactionalPublisher publisher,
      @Named("processedEvents") JdbcIdempotentRepository processed,
      PollTransactions memory,
      RedeliveryConfig redelivery) {
    this.loops =
        new PollLoops(
            kafka,
            settings,
            publisher,
            processed,
            memory,
            new PollLoop.Backoff(redelivery.initialDelay(), redelivery.maxDelay()));
  }

  /**
   * How many consumer threads of this route ended without being asked to; a router with any is not
   * alive (its share of the partitions is no longer read) and must be restarted.
   */
  public int consumerThreadsDied() {
    return loops.died();
  }

  /**
   * Decision routes have no error handler of their own: a failure goes back to the calling route,
   * whose policy retries or dead-letters the whole record in one place.
   */
  @Override
  public void configure() {
    // Beans are resolved by name once, here; calling them as processors avoids the bean
    // component's per-exchange reflection and argument binding on the hot path (B4).
    RecordSteps steps = named("recordSteps", RecordSteps.class);
    RouterDecisions decisions = named("decisions", RouterDecisions.class);

    from("direct:" + RouteIds.REFERRAL_EVENTS_IN)
        .routeId(RouteIds.REFERRAL_EVENTS_IN)
        // Started last, so stopped first: the consumer threads stop before the decision routes.
        .startupOrder(100)
        .routePolicy(loops)
        .routeConfigurationId(RouteIds.ERROR_POLICY)
        .process(steps::decode)
        .process(steps::dedupe)
        .choice()
        .when(exchangeProperty(Exchange.DUPLICATE_MESSAGE).isEqualTo(true))
        .stop()
        .end()
        .choice()
        .when(body().isInstanceOf(ReferralReceived.class))
        .to("direct:" + RouteIds.TRIAGE)
        .when(body().isInstanceOf(OnwardReferralCreated.class))
        .to("direct:" + RouteIds.ONWARD_REFERRAL)
        .when(body().isInstanceOf(TaskStatusChanged.class))
        .to("direct:" + RouteIds.GP_FEEDBACK)
        .when(body().isInstanceOf(ReferralOverdue.class))
        .to("direct:" + RouteIds.ESCALATION)
        .when(body().isInstanceOf(ReferralCancelled.class))
        .to("direct:" + RouteIds.CANCELLATION)
        .otherwise()
        // Outcome scores need no decision from the router.
        .setBody(constant(RouterOutput.none()))
        .end()
        .process(steps::collect)
        .end();

    from("direct:" + RouteIds.TRIAGE)
        .routeId(RouteIds.TRIAGE)
        .startupOrder(1)
        .errorHandler(noErrorHandler())
        .process(decide(ReferralReceived.class, decisions::triage));

    from("direct:" + RouteIds.ONWARD_REFERRAL)
        .routeId(RouteIds.ONWARD_REFERRAL)
        .startupOrder(2)
        .errorHandler(noErrorHandler())
        .process(decide(OnwardReferralCreated.class, decisions::onwardReferral));

    from("direct:" + RouteIds.GP_FEEDBACK)
        .routeId(RouteIds.GP_FEEDBACK)
        .startupOrder(3)
        .errorHandler(noErrorHandler())
        .process(decide(TaskStatusChanged.class, decisions::taskChanged));

    from("direct:" + RouteIds.ESCALATION)
        .routeId(RouteIds.ESCALATION)
        .startupOrder(4)
        .errorHandler(noErrorHandler())
        .process(decide(ReferralOverdue.class, decisions::escalation));

    from("direct:" + RouteIds.CANCELLATION)
        .routeId(RouteIds.CANCELLATION)
        .startupOrder(5)
        .errorHandler(noErrorHandler())
        .process(decide(ReferralCancelled.class, decisions::cancelled));
  }

  /** Replaces the body, an event of {@code type}, with the decision made about it. */
  private static <T> Processor decide(Class<T> type, Function<T, RouterOutput> decision) {
    return exchange ->
        exchange.getMessage().setBody(decision.apply(exchange.getMessage().getMandatoryBody(type)));
  }

  private <T> T named(String name, Class<T> type) {
    T bean = getContext().getRegistry().lookupByNameAndType(name, type);
    if (bean == null) {
      throw new IllegalStateException("no bean named '" + name + "' of type " + type.getName());
    }
    return bean;
  }
}
