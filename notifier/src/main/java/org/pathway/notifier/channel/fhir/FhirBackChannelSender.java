package org.pathway.notifier.channel.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.IRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.client.interceptor.AdditionalRequestHeadersInterceptor;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.pathway.events.avro.Channel;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.notifier.channel.ChannelSender;
import org.pathway.notifier.channel.Outbound;
import org.pathway.notifier.channel.Secrets;
import org.pathway.notifier.channel.SendFailure;
import org.pathway.notifier.channel.Sent;

/**
 * The back-channel to the GP system's FHIR endpoint. For one notification it creates the outcome
 * Observations, updates the Task's status and business status, and creates a Communication whose
 * payload is the rendered message and the Observations. Every create is conditional on an
 * identifier derived from the notification id ({@code If-None-Exist}) and the Task update sets
 * absolute values, so a resend after a crash or a timeout changes nothing: duplicates are knowable
 * here, and no resend is in doubt.
 */
public final class FhirBackChannelSender implements ChannelSender {

  /** Identifier system for resources this notifier creates. */
  public static final String NOTIFICATION_SYSTEM =
      "https://pathway.example.org/fhir/notification-id";

  /** Pathway's Task business status code system. */
  /** Identifier system of Pathway's Task ids on the GP system's copy of the Task. */
  public static final String TASK_SYSTEM = "urn:pathway:task-id";

  public static final String BUSINESS_STATUS_SYSTEM =
      "https://pathway.example.org/fhir/CodeSystem/task-business-status";

  /** Pathway's wellbeing instrument code system. */
  public static final String INSTRUMENT_SYSTEM =
      "https://pathway.example.org/fhir/CodeSystem/wellbeing-instrument";

  private final FhirContext fhir;
  private final Secrets secrets;

  public FhirBackChannelSender(Secrets secrets, Duration timeout) {
    this.secrets = secrets;
    // One context for the notifier: expensive to build, thread-safe to share.
    this.fhir = FhirContext.forR4();
    IRestfulClientFactory factory = fhir.getRestfulClientFactory();
    factory.setServerValidationMode(ServerValidationModeEnum.NEVER);
    factory.setConnectTimeout((int) timeout.toMillis());
    factory.setSocketTimeout((int) timeout.toMillis());
    factory.setConnectionRequestTimeout((int) timeout.toMillis());
    // HAPI scans each resource type's model and builds its HTTP client on first use, which takes
    // seconds on a cold JVM: pay that at start-up rather than on the first GP's first update.
    var parser = fhir.newJsonParser();
    for (var sample : List.of(new Task(), new Communication(), new Observation())) {
      parser.parseResource(sample.getClass(), parser.encodeResourceToString(sample));
    }
    fhir.newRestfulGenericClient("http://localhost/fhir");
  }

  @Override
  public Channel channel() {
    return Channel.FHIR;
  }

  /** Conditional creates and absolute Task values make a repeat a no-op on the GP system. */
  @Override
  public boolean dropsRepeats() {
    return true;
  }

  @Override
  public Sent send(Outbound out) throws SendFailure {
    NotificationRequested r = out.request();
    IGenericClient client = fhir.newRestfulGenericClient(r.getRecipient().getAddress());
    for (Object i : interceptors(r)) {
      client.registerInterceptor(i);
    }
    Map<String, String> fields = out.message().fields();
    String taskRef = "Task/" + r.getTaskId();
    try {
      List<Reference> observations = new ArrayList<>();
      for (Observation o :
          OutcomeObservations.parse(fields.get("outcomes"), out.notificationId())) {
        MethodOutcome created =
            client
                .create()
                .resource(o)
                .conditionalByUrl(
                    "Observation?identifier="
                        + NOTIFICATION_SYSTEM
                        + "|"
                        + o.getIdentifierFirstRep().getValue())
                .execute();
        observations.add(new Reference("Observation/" + created.getId().getIdPart()));
      }
      if (fields.containsKey("taskStatus")) {
        updateTask(client, r.getTaskId(), fields);
      }
      Communication c = new Communication();
      c.addIdentifier(
          new Identifier().setSystem(NOTIFICATION_SYSTEM).setValue(out.notificationId()));
      c.setStatus(Communication.CommunicationStatus.COMPLETED);
      c.addBasedOn(new Reference(taskRef));
      c.addAbout(new Reference(taskRef));
      c.setTopic(new CodeableConcept().setText(out.message().subject()));
      c.setSent(new Date());
      c.addPayload().setContent(new StringType(out.message().text()));
      for (Reference obs : observations) {
        c.addPayload().setContent(obs);
      }
      MethodOutcome created =
          client
              .create()
              .resource(c)
              .conditionalByUrl(
                  "Communication?identifier=" + NOTIFICATION_SYSTEM + "|" + out.notificationId())
              .execute();
      return new Sent("Communication/" + created.getId().getIdPart());
    } catch (FhirClientConnectionException e) {
      throw SendFailure.transientFailure(
          "GP FHIR endpoint unreachable or silent: " + e.getMessage(), e);
    } catch (BaseServerResponseException e) {
      int status = e.getStatusCode();
      String error = "GP FHIR endpoint answered " + status + ": " + e.getMessage();
      if (status >= 500 || status == 408 || status == 429 || status == 409 || status == 412) {
        throw SendFailure.transientFailure(error, e);
      }
      throw SendFailure.permanentFailure(error, e);
    } catch (IllegalArgumentException e) {
      throw SendFailure.permanentFailure("bad back-channel content: " + e.getMessage(), e);
    }
  }

  private void updateTask(IGenericClient client, String taskId, Map<String, String> fields) {
    Task task;
    try {
      task = client.read().resource(Task.class).withId(taskId).execute();
    } catch (ResourceNotFoundException e) {
      // The GP system has not seen this Task yet: it gets Pathway's copy, created by update
      // (FHIR update-as-create), so a repeat of this delivery finds and updates the same one.
      task = new Task().setIntent(Task.TaskIntent.ORDER);
      task.setId(taskId);
      task.addIdentifier().setSystem(TASK_SYSTEM).setValue(taskId);
    }
    Task.TaskStatus status;
    try {
      status = Task.TaskStatus.fromCode(fields.get("taskStatus"));
    } catch (Exception e) {
      throw new IllegalArgumentException("unknown Task status '" + fields.get("taskStatus") + "'");
    }
    task.setStatus(status);
    String business = fields.get("businessStatus");
    if (business != null && !business.isBlank()) {
      task.setBusinessStatus(
          new CodeableConcept()
              .addCoding(new org.hl7.fhir.r4.model.Coding(BUSINESS_STATUS_SYSTEM, business, null)));
    }
    String reason = fields.get("statusReason");
    if (reason != null && !reason.isBlank()) {
      task.setStatusReason(new CodeableConcept().setText(reason));
    }
    task.setLastModified(new Date());
    client.update().resource(task).execute();
  }

  private List<Object> interceptors(NotificationRequested r) {
    List<Object> out = new ArrayList<>();
    secrets
        .resolve(r.getRecipient().getSecretRef())
        .ifPresent(token -> out.add(new BearerTokenAuthInterceptor(token)));
    AdditionalRequestHeadersInterceptor headers = new AdditionalRequestHeadersInterceptor();
    headers.addHeaderValue("X-Correlation-ID", r.getEnvelope().getCorrelationId());
    headers.addHeaderValue("X-Request-ID", r.getIdempotencyKey());
    out.add(headers);
    return out;
  }

  /** Outcome scores carried in the GP allowlisted field {@code outcomes}. */
  static final class OutcomeObservations {

    private OutcomeObservations() {}

    /**
     * Parses {@code INSTRUMENT|timing|score} entries separated by {@code ;}, e.g. {@code
     * SWEMWBS|entry|19;SWEMWBS|exit|24}, into Observations identified by notification id and index.
     */
    static List<Observation> parse(String outcomes, String notificationId) {
      List<Observation> list = new ArrayList<>();
      if (outcomes == null || outcomes.isBlank()) {
        return list;
      }
      String[] entries = outcomes.split(";");
      for (int i = 0; i < entries.length; i++) {
        String[] parts = entries[i].trim().split("\\|");
        if (parts.length != 3) {
          throw new IllegalArgumentException(
              "outcome '" + entries[i] + "' is not INSTRUMENT|timing|score");
        }
        BigDecimal score;
        try {
          score = new BigDecimal(parts[2].trim());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("outcome score '" + parts[2] + "' is not a number");
        }
        Observation o = new Observation();
        o.addIdentifier(
            new Identifier().setSystem(NOTIFICATION_SYSTEM).setValue(notificationId + "-" + i));
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.setCode(
            new CodeableConcept()
                .addCoding(
                    new org.hl7.fhir.r4.model.Coding(INSTRUMENT_SYSTEM, parts[0].trim(), null))
                .setText(parts[0].trim() + " " + parts[1].trim()));
        o.addComponent()
            .setCode(new CodeableConcept().setText("timing"))
            .setValue(new StringType(parts[1].trim()));
        o.setValue(new org.hl7.fhir.r4.model.Quantity().setValue(score).setUnit("score"));
        o.setEffective(new org.hl7.fhir.r4.model.DateTimeType(new Date()));
        list.add(o);
      }
      return list;
    }
  }
}
