package org.pathway.notifier.channel.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.IRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.gclient.IClientExecutable;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.http.client.HttpClient;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.pathway.events.avro.Channel;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.events.avro.WellbeingScore;
import org.pathway.events.notifications.NotificationTemplates;
import org.pathway.events.notifications.WellbeingScoreText;
import org.pathway.events.vocabulary.CodeSystems;
import org.pathway.events.vocabulary.IdentifierSystems;
import org.pathway.notifier.channel.ChannelSender;
import org.pathway.notifier.channel.Outbound;
import org.pathway.notifier.channel.OutboundPolicy;
import org.pathway.notifier.channel.Secrets;
import org.pathway.notifier.channel.SendFailure;
import org.pathway.notifier.channel.Sent;

/**
 * The back-channel to the GP system's FHIR endpoint. For one notification it creates the outcome
 * Observations, writes the GP's copy of the Task whole ({@link GpTaskCopy}, one PUT, not read
 * first), and creates a Communication whose payload is the rendered message and the Observations.
 * Every create is conditional on an identifier derived from the notification id ({@code
 * If-None-Exist}) and the Task update sets absolute values, so a resend after a crash or a timeout
 * changes nothing: duplicates are knowable here, and no resend is in doubt. The base URL must pass
 * the {@link OutboundPolicy} and the bearer token's secret be bound to its host; redirects are
 * never followed (they would carry the token to another host), so a 3xx is a permanent failure.
 */
public final class FhirBackChannelSender implements ChannelSender {

  private final FhirContext fhir;
  private final OutboundPolicy policy;
  private final Secrets secrets;
  private final RestHookSender restHooks;

  public FhirBackChannelSender(OutboundPolicy policy, Secrets secrets, Duration timeout) {
    this.policy = policy;
    this.secrets = secrets;
    // One context for the notifier: expensive to build, thread-safe to share.
    this.fhir = FhirContext.forR4();
    // Every reference the notifier writes is literal: nothing to contain, so HAPI need not walk
    // each resource it encodes looking for targets to copy in (a quarter of an encode's time).
    fhir.getParserOptions().setAutoContainReferenceTargetsWithNoId(false);
    IRestfulClientFactory factory = fhir.getRestfulClientFactory();
    factory.setServerValidationMode(ServerValidationModeEnum.NEVER);
    factory.setConnectTimeout((int) timeout.toMillis());
    factory.setSocketTimeout((int) timeout.toMillis());
    factory.setConnectionRequestTimeout((int) timeout.toMillis());
    // HAPI sends every request of every generic client made from this context through its
    // factory's one HttpClient, so this pool keeps connections to each GP base alive across sends
    // and a client object per send costs no connection (GpRoundTripsIT counts them).
    HttpClient http = httpClient(timeout, factory);
    factory.setHttpClient(http);
    this.restHooks = new RestHookSender(fhir, policy, http);
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
    if (NotificationTemplates.SUBSCRIPTION_NOTIFICATION.id().equals(r.getTemplateId())) {
      // A FHIR Subscription's rest-hook: the subscriber's endpoint and headers, R4's shape.
      return restHooks.send(out);
    }
    URI base = policy.destination(r.getRecipient().getAddress());
    IGenericClient client = fhir.newRestfulGenericClient(base.toString());
    Map<String, String> headers = headers(r, base);
    Map<String, String> fields = out.message().fields();
    String taskRef = "Task/" + r.getTaskId();
    try {
      List<Reference> observations = new ArrayList<>();
      for (Observation o :
          OutcomeObservations.parse(
              fields.get("outcomes"),
              out.notificationId(),
              GpTaskCopy.patient(fields.get("nhsNumber")))) {
        MethodOutcome created =
            withHeaders(
                    client
                        .create()
                        .resource(o)
                        .conditionalByUrl(
                            "Observation?identifier="
                                + IdentifierSystems.NOTIFICATION_ID
                                + "|"
                                + o.getIdentifierFirstRep().getValue()),
                    headers)
                .execute();
        observations.add(new Reference("Observation/" + created.getId().getIdPart()));
      }
      if (fields.containsKey("taskStatus")) {
        // One PUT, no read first: Pathway owns the copy's content (GpTaskCopy). Its order against
        // other updates of the same Task is the delivery log's, one at a time per referral.
        withHeaders(client.update().resource(GpTaskCopy.of(r.getTaskId(), fields)), headers)
            .execute();
      }
      Communication c = new Communication();
      c.addIdentifier(
          new Identifier()
              .setSystem(IdentifierSystems.NOTIFICATION_ID)
              .setValue(out.notificationId()));
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
          withHeaders(
                  client
                      .create()
                      .resource(c)
                      .conditionalByUrl(
                          "Communication?identifier="
                              + IdentifierSystems.NOTIFICATION_ID
                              + "|"
                              + out.notificationId()),
                  headers)
              .execute();
      return new Sent("Communication/" + created.getId().getIdPart());
    } catch (FhirClientConnectionException e) {
      throw SendFailure.transientFailure(
          "GP FHIR endpoint unreachable or silent: " + e.getMessage(), e);
    } catch (BaseServerResponseException e) {
      int status = e.getStatusCode();
      String error = "GP FHIR endpoint answered " + status + ": " + e.getMessage();
      if (status >= 300 && status < 400) {
        throw SendFailure.permanentFailure(
            error + " (redirects are not followed with a bearer token)", e);
      }
      if (status >= 500 || status == 408 || status == 429 || status == 409 || status == 412) {
        throw SendFailure.transientFailure(error, e);
      }
      throw SendFailure.permanentFailure(error, e);
    } catch (IllegalArgumentException e) {
      throw SendFailure.permanentFailure("bad back-channel content: " + e.getMessage(), e);
    }
  }

  /**
   * HAPI's Apache client, but never following a redirect: Apache re-sends the original headers, the
   * bearer token among them, to wherever the GP's server points.
   */
  private static HttpClient httpClient(Duration timeout, IRestfulClientFactory factory) {
    int millis = (int) timeout.toMillis();
    PoolingHttpClientConnectionManager pool = new PoolingHttpClientConnectionManager();
    pool.setMaxTotal(factory.getPoolMaxTotal());
    pool.setDefaultMaxPerRoute(factory.getPoolMaxPerRoute());
    return HttpClients.custom()
        .setConnectionManager(pool)
        .disableRedirectHandling()
        .disableCookieManagement()
        .setDefaultRequestConfig(
            RequestConfig.custom()
                .setConnectTimeout(millis)
                .setSocketTimeout(millis)
                .setConnectionRequestTimeout(millis)
                .build())
        .build();
  }

  /**
   * The headers every call of one send carries: the GP's bearer token (only for the host it was
   * issued for) and BaRS's correlation and request ids. Set on each call, not as interceptors
   * registered on the client: HAPI scans an interceptor's class for hooks at each registration,
   * which on a client made per send was an eighth of the back-channel's CPU (JFR under B6).
   */
  private Map<String, String> headers(NotificationRequested r, URI base) throws SendFailure {
    Map<String, String> out = new LinkedHashMap<>();
    secrets
        .forHost(r.getRecipient().getSecretRef(), base)
        .ifPresent(token -> out.put("Authorization", "Bearer " + token));
    out.put("X-Correlation-ID", r.getEnvelope().getCorrelationId());
    out.put("X-Request-ID", r.getIdempotencyKey());
    return out;
  }

  private static <T extends IClientExecutable<T, ?>> T withHeaders(
      T call, Map<String, String> headers) {
    T headed = call;
    for (Map.Entry<String, String> header : headers.entrySet()) {
      headed = headed.withAdditionalHeader(header.getKey(), header.getValue());
    }
    return headed;
  }

  /** Outcome scores carried in the GP allowlisted field {@code outcomes}. */
  static final class OutcomeObservations {

    private OutcomeObservations() {}

    /**
     * The scores in {@code outcomes} (read by the contract's one parser, e.g. {@code SWEMWBS entry
     * 19 at 2026-09-01T09:30:00Z; SWEMWBS exit 24}) as Observations identified by notification id
     * and index, coded as Pathway codes its own, about {@code subject} (may be null), effective
     * when each measure was taken.
     */
    static List<Observation> parse(String outcomes, String notificationId, Reference subject) {
      List<Observation> list = new ArrayList<>();
      List<WellbeingScore> scores = WellbeingScoreText.parse(outcomes);
      for (int i = 0; i < scores.size(); i++) {
        WellbeingScore score = scores.get(i);
        String instrument = score.getInstrument().name();
        String timing = score.getTiming().name().toLowerCase(Locale.ROOT);
        Observation o = new Observation();
        o.addIdentifier(
            new Identifier()
                .setSystem(IdentifierSystems.NOTIFICATION_ID)
                .setValue(notificationId + "-" + i));
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.setCode(
            new CodeableConcept()
                .addCoding(
                    new org.hl7.fhir.r4.model.Coding(
                        CodeSystems.WELLBEING_INSTRUMENT, instrument, null))
                .setText(instrument + " " + timing));
        o.addCategory()
            .addCoding(
                new org.hl7.fhir.r4.model.Coding(CodeSystems.MEASUREMENT_TIMING, timing, null));
        o.addComponent()
            .setCode(new CodeableConcept().setText("timing"))
            .setValue(new StringType(timing));
        double value = score.getScore();
        o.setValue(
            new org.hl7.fhir.r4.model.Quantity()
                .setValue(
                    value == Math.rint(value)
                        ? BigDecimal.valueOf((long) value)
                        : BigDecimal.valueOf(value))
                .setUnit("score"));
        if (subject != null) {
          o.setSubject(subject.copy());
        }
        // When the measure was taken; a score whose time did not travel (a request an older router
        // wrote) has none rather than the send time, which would misdate it in the GP's record.
        if (score.getEffectiveAtMillis() != null) {
          var effective =
              new org.hl7.fhir.r4.model.DateTimeType(new Date(score.getEffectiveAtMillis()));
          effective.setTimeZoneZulu(true);
          o.setEffective(effective);
        }
        list.add(o);
      }
      return list;
    }
  }
}
