package org.pathway.notifier.channel.notify;

import java.util.Map;
import org.pathway.events.avro.Channel;
import org.pathway.notifier.channel.ChannelSender;
import org.pathway.notifier.channel.Outbound;
import org.pathway.notifier.channel.SendFailure;
import org.pathway.notifier.channel.Sent;
import uk.gov.service.notify.NotificationClient;
import uk.gov.service.notify.NotificationClientException;

/**
 * Sends SMS or email through GOV.UK Notify with its official client. Notify renders its own
 * templates: ours is rendered first and passed to a generic Notify template as the {@code subject}
 * and {@code body} personalisation; the idempotency key is Notify's {@code reference}.
 */
public final class NotifySender implements ChannelSender {

  /** Notify connection settings. */
  public record Settings(
      String baseUrl, String apiKey, String emailTemplateId, String smsTemplateId) {

    /** True when an API key is set. */
    public boolean configured() {
      return apiKey != null && !apiKey.isBlank();
    }
  }

  private final Channel channel;
  private final NotificationClient client;
  private final String templateId;

  private NotifySender(Channel channel, Settings settings, String templateId) {
    if (!settings.configured()) {
      throw new IllegalStateException(
          "GOV.UK Notify needs pathway.notify.api-key (NOTIFIER_NOTIFY_API_KEY)");
    }
    if (templateId == null || templateId.isBlank()) {
      throw new IllegalStateException("GOV.UK Notify needs a template id for " + channel);
    }
    this.channel = channel;
    this.templateId = templateId;
    this.client = new NotificationClient(settings.apiKey(), settings.baseUrl());
  }

  /** Email through Notify. */
  public static NotifySender email(Settings settings) {
    return new NotifySender(Channel.EMAIL, settings, settings.emailTemplateId());
  }

  /** SMS through Notify. */
  public static NotifySender sms(Settings settings) {
    return new NotifySender(Channel.SMS, settings, settings.smsTemplateId());
  }

  @Override
  public Channel channel() {
    return channel;
  }

  @Override
  public Sent send(Outbound out) throws SendFailure {
    String address = out.request().getRecipient().getAddress();
    Map<String, String> personalisation =
        Map.of("subject", out.message().subject(), "body", out.message().text());
    try {
      if (channel == Channel.SMS) {
        var r = client.sendSms(templateId, address, personalisation, out.idempotencyKey());
        return new Sent(r.getNotificationId().toString());
      }
      var r = client.sendEmail(templateId, address, personalisation, out.idempotencyKey());
      return new Sent(r.getNotificationId().toString());
    } catch (NotificationClientException e) {
      int status = e.getHttpResult();
      String error = "GOV.UK Notify answered " + status + ": " + e.getMessage();
      // 400: Notify validated and refused this message (bad number, bad address, team-only key).
      if (status == 400) {
        throw SendFailure.permanentFailure(error, e);
      }
      // 403 is our credentials or clock, 429 rate limit, 5xx Notify itself: all can recover.
      if (status == 403 || status == 429 || status >= 500) {
        throw SendFailure.transientFailure(error, e);
      }
      // No HTTP status: the connection failed, possibly after Notify accepted the message.
      throw new SendFailure(error, false, true, e);
    }
  }
}
