package org.pathway.notifier.channel.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.pathway.events.avro.Channel;
import org.pathway.events.avro.NotificationRequested;
import org.pathway.notifier.channel.ChannelSender;
import org.pathway.notifier.channel.Outbound;
import org.pathway.notifier.channel.OutboundPolicy;
import org.pathway.notifier.channel.Secrets;
import org.pathway.notifier.channel.SendFailure;
import org.pathway.notifier.channel.Sent;

/**
 * POSTs a JSON notification to the recipient's webhook URL, signed with HMAC-SHA256 over the
 * timestamp, idempotency key and body using the recipient's secret; the receiver deduplicates on
 * the key. See {@link WebhookSignature} for the exact scheme. The URL must pass the {@link
 * OutboundPolicy} and the secret be bound to its host; redirects are never followed (the next hop
 * would get a signed call meant for someone else), so a 3xx is a permanent failure.
 */
public final class WebhookSender implements ChannelSender {

  private final HttpClient http;
  private final OutboundPolicy policy;
  private final Secrets secrets;
  private final Duration timeout;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();

  public WebhookSender(OutboundPolicy policy, Secrets secrets, Duration timeout, Clock clock) {
    this.policy = policy;
    this.secrets = secrets;
    this.timeout = timeout;
    this.clock = clock;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public Channel channel() {
    return Channel.WEBHOOK;
  }

  @Override
  public Sent send(Outbound out) throws SendFailure {
    NotificationRequested r = out.request();
    URI uri = policy.destination(r.getRecipient().getAddress());
    Optional<String> secret = secrets.forHost(r.getRecipient().getSecretRef(), uri);
    if (secret.isEmpty()) {
      // Possibly a secret not yet provisioned: retry, and the horizon turns it into an alert.
      throw SendFailure.transientFailure(
          "no webhook secret for ref '" + r.getRecipient().getSecretRef() + "'", null);
    }
    byte[] body = body(out);
    String timestamp = Long.toString(clock.instant().getEpochSecond());
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header(WebhookSignature.TIMESTAMP_HEADER, timestamp)
            .header(
                WebhookSignature.SIGNATURE_HEADER,
                WebhookSignature.sign(secret.get(), timestamp, r.getIdempotencyKey(), body))
            .header(WebhookSignature.IDEMPOTENCY_HEADER, r.getIdempotencyKey())
            .header("X-Correlation-ID", r.getEnvelope().getCorrelationId())
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new SendFailure("webhook timed out after " + timeout, false, true, e);
    } catch (ConnectException e) {
      throw SendFailure.transientFailure("webhook unreachable: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new SendFailure("webhook I/O error: " + e, false, true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SendFailure("interrupted", false, true, e);
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return new Sent(response.headers().firstValue("X-Request-ID").orElse(null));
    }
    if (status >= 300 && status < 400) {
      throw SendFailure.permanentFailure(
          "webhook answered "
              + status
              + " to "
              + response.headers().firstValue("Location").map(WebhookSender::abbreviate).orElse("?")
              + ": redirects are not followed with a signed call",
          null);
    }
    String error = "webhook answered " + status + ": " + abbreviate(response.body());
    // 4xx other than timeout/conflict/rate-limit means the receiver refuses this message for good.
    if (status >= 400
        && status < 500
        && status != 408
        && status != 409
        && status != 425
        && status != 429) {
      throw SendFailure.permanentFailure(error, null);
    }
    throw SendFailure.transientFailure(error, null);
  }

  private byte[] body(Outbound out) {
    NotificationRequested r = out.request();
    ObjectNode node = json.createObjectNode();
    node.put("notificationId", r.getNotificationId().toString());
    node.put("referralId", r.getEnvelope().getReferralId());
    node.put("correlationId", r.getEnvelope().getCorrelationId());
    if (r.getTaskId() != null) {
      node.put("taskId", r.getTaskId());
    }
    node.put("audience", r.getAudience().name());
    node.put("templateId", r.getTemplateId());
    node.put("subject", out.message().subject());
    node.put("text", out.message().text());
    ObjectNode fields = node.putObject("fields");
    out.message().fields().forEach(fields::put);
    try {
      return json.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("could not write webhook JSON", e);
    }
  }

  private static String abbreviate(String s) {
    return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }
}
