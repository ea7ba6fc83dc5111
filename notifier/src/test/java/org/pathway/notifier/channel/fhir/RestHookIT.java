package org.pathway.notifier.channel.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pathway.events.avro.Audience;
import org.pathway.events.avro.Channel;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.notifications.NotificationTemplates;
import org.pathway.notifier.channel.Outbound;
import org.pathway.notifier.channel.OutboundPolicy;
import org.pathway.notifier.channel.Secrets;
import org.pathway.notifier.channel.SendFailure;
import org.pathway.notifier.support.Requests;
import org.pathway.notifier.template.Renderer;
import org.pathway.notifier.template.TemplateCatalogue;

/**
 * A FHIR Subscription's rest-hook reaching a real HTTP endpoint as R4 defines it: with payload the
 * Task by {@code PUT [endpoint]/Task/[id]} with the subscriber's header; without, an empty {@code
 * POST [endpoint]}; a refused endpoint gets nothing.
 */
class RestHookIT {

  record Received(String method, String path, String authorization, String type, String body) {}

  final List<Received> received = new CopyOnWriteArrayList<>();
  HttpServer server;
  FhirBackChannelSender sender;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          received.add(
              new Received(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().getPath(),
                  exchange.getRequestHeaders().getFirst("Authorization"),
                  exchange.getRequestHeaders().getFirst("Content-Type"),
                  new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
    sender =
        new FhirBackChannelSender(
            new OutboundPolicy(true, List.of()),
            new Secrets(name -> null, name -> null),
            Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/gp/fhir";
  }

  Outbound outbound(String endpoint, Map<String, String> fields) {
    NotificationRequested r =
        Requests.request(
            "r1",
            Audience.GP,
            Channel.FHIR,
            endpoint,
            null,
            "task-1",
            NotificationTemplates.SUBSCRIPTION_NOTIFICATION.id(),
            fields);
    var template =
        TemplateCatalogue.standard()
            .find(NotificationTemplates.SUBSCRIPTION_NOTIFICATION.id())
            .orElseThrow();
    return new Outbound(r, Renderer.render(template, r.getFields()), 1);
  }

  static Map<String, String> accepted(String payload) {
    var fields =
        new java.util.HashMap<>(
            Map.of(
                "taskId", "task-1",
                "taskVersion", "3",
                "taskStatus", "accepted",
                "businessStatus", "acknowledged",
                "taskOwner", "HealthcareService/lw-city",
                "taskRequester", "Organization/A81001",
                "taskFocus", "ServiceRequest/r1",
                "subscriptionId", "sub-1",
                "subscriptionHeaders", "Authorization: Bearer hook-secret-1"));
    if (payload != null) {
      fields.put("subscriptionPayload", payload);
    }
    return fields;
  }

  @Test
  void withPayloadTheTaskIsPutToTheEndpointWithTheSubscribersHeader() throws Exception {
    sender.send(outbound(endpoint(), accepted("application/fhir+json")));

    assertThat(received).hasSize(1);
    Received got = received.get(0);
    assertThat(got.method()).isEqualTo("PUT");
    assertThat(got.path()).isEqualTo("/gp/fhir/Task/task-1");
    assertThat(got.authorization()).isEqualTo("Bearer hook-secret-1");
    assertThat(got.type()).startsWith("application/fhir+json");
    Task task = FhirContext.forR4Cached().newJsonParser().parseResource(Task.class, got.body());
    assertThat(task.getIdElement().getIdPart()).isEqualTo("task-1");
    assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.ACCEPTED);
    assertThat(task.getOwner().getReference()).isEqualTo("HealthcareService/lw-city");
    assertThat(task.getFocus().getReference()).isEqualTo("ServiceRequest/r1");
    assertThat(task.getBusinessStatus().getCodingFirstRep().getCode()).isEqualTo("acknowledged");
    // the subscriber's view only: the secret header is not in the Task
    assertThat(got.body()).doesNotContain("hook-secret-1");
  }

  @Test
  void withoutPayloadAnEmptyPostGoesToTheEndpoint() throws Exception {
    sender.send(outbound(endpoint(), accepted(null)));

    assertThat(received).hasSize(1);
    assertThat(received.get(0).method()).isEqualTo("POST");
    assertThat(received.get(0).path()).isEqualTo("/gp/fhir");
    assertThat(received.get(0).body()).isEmpty();
    assertThat(received.get(0).authorization()).isEqualTo("Bearer hook-secret-1");
  }

  @Test
  void anEndpointTheOutboundRuleRefusesGetsNothing() {
    var httpsOnly =
        new FhirBackChannelSender(
            new OutboundPolicy(false, List.of()),
            new Secrets(name -> null, name -> null),
            Duration.ofSeconds(5));

    assertThatThrownBy(
            () -> httpsOnly.send(outbound(endpoint(), accepted("application/fhir+json"))))
        .isInstanceOf(SendFailure.class);
    assertThat(received).isEmpty();
  }
}
