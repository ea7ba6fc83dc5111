package org.pathway.notifier.channel.fhir;

import static java.util.stream.Collectors.toSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.Audience;
import org.pathway.events.avro.Channel;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.vocabulary.IdentifierSystems;
import org.pathway.notifier.channel.Outbound;
import org.pathway.notifier.channel.OutboundPolicy;
import org.pathway.notifier.channel.Secrets;
import org.pathway.notifier.channel.SendFailure;
import org.pathway.notifier.support.Requests;
import org.pathway.notifier.template.Renderer;
import org.pathway.notifier.template.TemplateCatalogue;
import org.pathway.testsupport.gp.GpFhirServer;
import org.pathway.testsupport.gp.GpFhirServer.Mode;

/**
 * What the GP system receives per notification, counted by a real HAPI FHIR server acting as the
 * GP: which requests, how many, over how many connections — and that a repeat changes nothing.
 */
class GpRoundTripsIT {

  private static final TemplateCatalogue TEMPLATES = TemplateCatalogue.standard();

  private static final String GP_TOKEN_REF = "gp-fhir";
  private static final String GP_TOKEN = "gp-token-" + UUID.randomUUID();

  static GpFhirServer gp;
  static Arrivals arrivals;
  static FhirBackChannelSender sender;

  @BeforeAll
  static void start() throws Exception {
    gp = GpFhirServer.start();
    arrivals = new Arrivals();
    gp.registerInterceptor(arrivals);
    sender =
        new FhirBackChannelSender(
            new OutboundPolicy(true, List.of()),
            new Secrets(
                name -> null,
                Map.of(
                        "pathway.secrets." + GP_TOKEN_REF,
                        GP_TOKEN,
                        "pathway.secret-hosts." + GP_TOKEN_REF,
                        "127.0.0.1")
                    ::get),
            Duration.ofSeconds(5));
  }

  @AfterAll
  static void stop() {
    gp.close();
  }

  @AfterEach
  void upAgain() {
    gp.mode(Mode.UP);
    arrivals.refuseTaskUpdates = false;
  }

  @Test
  void aTaskUpdateIsOnePutWithoutReadingTheGpsCopyFirst() throws Exception {
    String task = "task-" + UUID.randomUUID();
    gp.seedTask(task);
    NotificationRequested accepted = statusUpdate(task, "accepted", "acknowledged", null);

    sender.send(outbound(accepted));

    assertThat(arrivals.of(accepted)).containsExactly("UPDATE Task", "CREATE Communication");
    assertThat(gp.task(task).getStatus()).isEqualTo(Task.TaskStatus.ACCEPTED);
    assertThat(gp.task(task).getIdElement().getVersionIdPart()).isEqualTo("2");
  }

  @Test
  void everyCallOfASendCarriesTheGpsTokenAndTheNotificationsBarsIds() throws Exception {
    String task = "task-" + UUID.randomUUID();
    gp.seedTask(task);
    NotificationRequested accepted =
        Requests.request(
            "ref-" + task,
            Audience.GP,
            Channel.FHIR,
            gp.baseUrl(),
            GP_TOKEN_REF,
            task,
            "gp-status-update",
            Map.of("personName", "Ann", "nhsNumber", "9434765919", "taskStatus", "accepted"));

    sender.send(outbound(accepted));

    assertThat(arrivals.headersOf(accepted))
        .hasSize(2)
        .allSatisfy(
            headers ->
                assertThat(headers)
                    .containsExactly(
                        "Bearer " + GP_TOKEN, accepted.getEnvelope().getCorrelationId()));
  }

  @Test
  void aTaskTheGpHasNotSeenIsCreatedWholeByItsFirstUpdate() throws Exception {
    String task = "task-" + UUID.randomUUID();

    sender.send(outbound(statusUpdate(task, "accepted", "acknowledged", null)));

    Task copy = gp.task(task);
    assertThat(copy.getIntent()).isEqualTo(Task.TaskIntent.ORDER);
    assertThat(copy.getIdentifierFirstRep().getSystem()).isEqualTo(IdentifierSystems.TASK_ID);
    assertThat(copy.getIdentifierFirstRep().getValue()).isEqualTo(task);
    assertThat(copy.getFor().getIdentifier().getValue()).isEqualTo("9434765919");
    assertThat(copy.getBusinessStatus().getCodingFirstRep().getCode()).isEqualTo("acknowledged");
  }

  @Test
  void aRepeatedDeliveryLeavesTheNewestTaskAndOneCommunicationEach() throws Exception {
    String task = "task-" + UUID.randomUUID();
    gp.seedTask(task);
    Outbound accepted = outbound(statusUpdate(task, "accepted", "acknowledged", null));
    Outbound declined = outbound(statusUpdate(task, "rejected", null, "moved away"));

    sender.send(accepted);
    sender.send(declined);
    // a resend after a try whose answer was lost (timeout, crash): same notification again
    sender.send(declined);

    Task copy = gp.task(task);
    assertThat(copy.getStatus()).isEqualTo(Task.TaskStatus.REJECTED);
    assertThat(copy.getStatusReason().getText()).isEqualTo("moved away");
    assertThat(copy.hasBusinessStatus()).isFalse();
    assertThat(communicationsAbout(task))
        .containsExactlyInAnyOrder(accepted.notificationId(), declined.notificationId());
  }

  @Test
  void sendsReuseTheirConnectionToTheGp() throws Exception {
    String task = "task-" + UUID.randomUUID();
    gp.seedTask(task);
    List<NotificationRequested> updates = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      updates.add(statusUpdate(task, "in-progress", "contact-attempted", null));
    }

    for (NotificationRequested r : updates) {
      sender.send(outbound(r));
    }

    // ten requests, one after the other: a keep-alive connection of the sender's pool carries all
    assertThat(updates.stream().mapToInt(r -> arrivals.of(r).size()).sum()).isEqualTo(10);
    assertThat(arrivals.clientPortsOf(updates)).hasSize(1);
  }

  @Test
  void aGpThatFailsIsTriedAgainAndOneThatRefusesIsNot() {
    String task = "task-" + UUID.randomUUID();
    gp.seedTask(task);

    gp.mode(Mode.UNAVAILABLE);
    assertThatThrownBy(() -> sender.send(outbound(statusUpdate(task, "accepted", null, null))))
        .isInstanceOfSatisfying(SendFailure.class, f -> assertThat(f.permanent()).isFalse())
        .hasMessageContaining("503");

    gp.mode(Mode.UP);
    arrivals.refuseTaskUpdates = true;
    assertThatThrownBy(() -> sender.send(outbound(statusUpdate(task, "accepted", null, null))))
        .isInstanceOfSatisfying(SendFailure.class, f -> assertThat(f.permanent()).isTrue())
        .hasMessageContaining("422");
    assertThat(communicationsAbout(task)).isEmpty();
  }

  private static NotificationRequested statusUpdate(
      String task, String status, String business, String reason) {
    Map<String, String> fields = new java.util.HashMap<>();
    fields.put("personName", "Ann");
    fields.put("nhsNumber", "9434765919");
    fields.put("taskStatus", status);
    if (business != null) {
      fields.put("businessStatus", business);
    }
    if (reason != null) {
      fields.put("statusReason", reason);
    }
    return Requests.request(
        "ref-" + task,
        Audience.GP,
        Channel.FHIR,
        gp.baseUrl(),
        null,
        task,
        "gp-status-update",
        fields);
  }

  private static Outbound outbound(NotificationRequested r) {
    return new Outbound(
        r, Renderer.render(TEMPLATES.find(r.getTemplateId()).orElseThrow(), r.getFields()), 1);
  }

  private static List<String> communicationsAbout(String task) {
    return gp.communications().stream()
        .filter(c -> c.getBasedOnFirstRep().getReference().equals("Task/" + task))
        .map(Communication::getIdentifierFirstRep)
        .map(i -> i.getValue())
        .toList();
  }

  /**
   * Every request the GP's server handled, as "OPERATION Type", by the notification's idempotency
   * key ({@code X-Request-ID}); refuses Task updates with 422 when asked to.
   */
  @Interceptor
  public static final class Arrivals {

    // idempotency key, "OPERATION Type", the client's TCP port (one per connection), then the
    // Authorization and X-Correlation-ID headers
    private final List<String[]> seen = new ArrayList<>();
    volatile boolean refuseTaskUpdates;

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void arrived(RequestDetails request) {
      synchronized (seen) {
        seen.add(
            new String[] {
              request.getHeader("X-Request-ID"),
              request.getRestOperationType().name() + " " + request.getResourceName(),
              Integer.toString(
                  ((ServletRequestDetails) request).getServletRequest().getRemotePort()),
              request.getHeader("Authorization"),
              request.getHeader("X-Correlation-ID")
            });
      }
      if (refuseTaskUpdates && "Task".equals(request.getResourceName())) {
        throw new UnprocessableEntityException("the GP system refuses this Task");
      }
    }

    /** Each request's Authorization and X-Correlation-ID headers, for one notification. */
    List<List<String>> headersOf(NotificationRequested r) {
      synchronized (seen) {
        return seen.stream()
            .filter(s -> r.getIdempotencyKey().equals(s[0]))
            .map(s -> Arrays.asList(s[3], s[4]))
            .toList();
      }
    }

    List<String> of(NotificationRequested r) {
      synchronized (seen) {
        return seen.stream()
            .filter(s -> r.getIdempotencyKey().equals(s[0]))
            .map(s -> s[1])
            .toList();
      }
    }

    Set<String> clientPortsOf(List<NotificationRequested> rs) {
      Set<String> keys = rs.stream().map(NotificationRequested::getIdempotencyKey).collect(toSet());
      synchronized (seen) {
        return seen.stream().filter(s -> keys.contains(s[0])).map(s -> s[2]).collect(toSet());
      }
    }
  }
}
