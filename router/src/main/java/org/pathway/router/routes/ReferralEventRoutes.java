package org.pathway.router.routes;

import jakarta.inject.Singleton;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.pathway.events.avro.OnwardReferralCreated;
import org.pathway.events.avro.ReferralCancelled;
import org.pathway.events.avro.ReferralOverdue;
import org.pathway.events.avro.ReferralReceived;
import org.pathway.events.avro.TaskStatusChanged;
import org.pathway.events.topics.Topics;
import org.pathway.router.decision.RouterOutput;
import org.pathway.router.kafka.RecordSteps;
import org.pathway.router.wiring.RouterDecisions;

/**
 * Referral events in, decisions and notification requests out. The Kafka endpoint never commits by
 * itself: the offset moves only inside the transaction that publishes the output (or the dead
 * letter), and processing stays on the consumer thread until then. {@code pathway.kafka.consumers}
 * consumer threads share the topic's partitions and run side by side, each record on the thread
 * that owns its partition. The clients' properties (connection, security, poll size, session) come
 * from the {@code kafka} component, whose settings are built where every Kafka client's are.
 */
@Singleton
final class ReferralEventRoutes extends RouteBuilder {

  static final String KAFKA_IN =
      "kafka:"
          + Topics.REFERRAL_EVENTS.name()
          + "?groupId={{pathway.kafka.group-id}}"
          + "&consumersCount={{pathway.kafka.consumers}}"
          + "&autoOffsetReset=earliest"
          + "&isolationLevel=read_committed"
          + "&autoCommitEnable=false"
          + "&allowManualCommit=true"
          + "&breakOnFirstError=true"
          + "&keyDeserializer="
          + StringDeserializer.class.getName()
          + "&valueDeserializer="
          + ByteArrayDeserializer.class.getName();

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

    from(KAFKA_IN)
        .routeId(RouteIds.REFERRAL_EVENTS_IN)
        // Started last, so stopped first: in-flight records still find the decision routes.
        .startupOrder(100)
        .routeConfigurationId(RouteIds.ERROR_POLICY)
        .process(steps::capture)
        .process(steps::decode)
        .idempotentConsumer(header(RecordSteps.EVENT_ID))
        .idempotentRepository("processedEvents")
        // Remember the id only once the output is committed; a crash before that re-reads it.
        .eager(false)
        .skipDuplicate(false)
        .choice()
        .when(exchangeProperty(Exchange.DUPLICATE_MESSAGE).isEqualTo(true))
        .process(steps::skip)
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
        .process(steps::publish)
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
