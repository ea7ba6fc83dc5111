package org.pathway.notifier.channel.email;

import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import org.eclipse.angus.mail.util.MailConnectException;
import org.pathway.events.avro.Channel;
import org.pathway.notifier.channel.ChannelSender;
import org.pathway.notifier.channel.Outbound;
import org.pathway.notifier.channel.SendFailure;
import org.pathway.notifier.channel.Sent;

/**
 * Sends email over SMTP: a multipart/alternative message with a plain-text and an escaped HTML
 * part. The Message-ID is derived from the notification id, and the idempotency key travels in a
 * header, so a receiving system that deduplicates can drop an in-doubt resend.
 */
public final class SmtpEmailSender implements ChannelSender {

  /** Header carrying the notification id. */
  public static final String NOTIFICATION_HEADER = "X-Pathway-Notification-Id";

  /** Header carrying the idempotency key. */
  public static final String IDEMPOTENCY_HEADER = "X-Pathway-Idempotency-Key";

  /**
   * The referral's BaRS correlation id, as on every other outbound call, so a mailbox that feeds a
   * case-management system can tie the message to the referral's timeline.
   */
  public static final String CORRELATION_HEADER = "X-Correlation-ID";

  /** SMTP connection settings. */
  public record Settings(
      String host,
      int port,
      String username,
      String password,
      boolean startTls,
      String from,
      Duration timeout) {}

  private final Settings settings;
  private final Session session;
  private final InternetAddress from;

  public SmtpEmailSender(Settings settings) {
    this.settings = settings;
    Properties p = new Properties();
    p.put("mail.smtp.host", settings.host());
    p.put("mail.smtp.port", Integer.toString(settings.port()));
    String timeout = Long.toString(settings.timeout().toMillis());
    p.put("mail.smtp.connectiontimeout", timeout);
    p.put("mail.smtp.timeout", timeout);
    p.put("mail.smtp.writetimeout", timeout);
    p.put("mail.smtp.starttls.enable", Boolean.toString(settings.startTls()));
    boolean auth = settings.username() != null && !settings.username().isBlank();
    p.put("mail.smtp.auth", Boolean.toString(auth));
    this.session =
        auth
            ? Session.getInstance(
                p,
                new Authenticator() {
                  @Override
                  protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(settings.username(), settings.password());
                  }
                })
            : Session.getInstance(p);
    try {
      this.from = new InternetAddress(settings.from(), true);
    } catch (AddressException e) {
      throw new IllegalArgumentException(
          "pathway.email.from (NOTIFIER_EMAIL_FROM) is not an address: " + settings.from(), e);
    }
  }

  @Override
  public Channel channel() {
    return Channel.EMAIL;
  }

  @Override
  public Sent send(Outbound out) throws SendFailure {
    InternetAddress to;
    try {
      to = new InternetAddress(out.request().getRecipient().getAddress(), true);
    } catch (AddressException e) {
      throw SendFailure.permanentFailure("invalid email address: " + e.getMessage(), e);
    }
    String messageId = "<" + out.notificationId() + "@pathway.notifier>";
    try {
      MimeMessage message =
          new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
              setHeader("Message-ID", messageId);
            }
          };
      message.setFrom(from);
      message.setRecipient(Message.RecipientType.TO, to);
      message.setSubject(out.message().subject(), StandardCharsets.UTF_8.name());
      message.setHeader(NOTIFICATION_HEADER, out.notificationId());
      message.setHeader(IDEMPOTENCY_HEADER, out.idempotencyKey());
      message.setHeader(CORRELATION_HEADER, out.request().getEnvelope().getCorrelationId());
      MimeBodyPart text = new MimeBodyPart();
      text.setText(out.message().text(), StandardCharsets.UTF_8.name(), "plain");
      MimeBodyPart html = new MimeBodyPart();
      html.setText(out.message().html(), StandardCharsets.UTF_8.name(), "html");
      MimeMultipart alternative = new MimeMultipart("alternative");
      alternative.addBodyPart(text);
      alternative.addBodyPart(html);
      message.setContent(alternative);
      message.saveChanges();
      Transport.send(message);
      return new Sent(messageId);
    } catch (SendFailedException e) {
      if (e.getInvalidAddresses() != null && e.getInvalidAddresses().length > 0) {
        throw SendFailure.permanentFailure("SMTP refused the recipient: " + e.getMessage(), e);
      }
      throw new SendFailure("SMTP send failed: " + e.getMessage(), false, true, e);
    } catch (MailConnectException e) {
      throw SendFailure.transientFailure(
          "SMTP server " + settings.host() + ":" + settings.port() + " unreachable", e);
    } catch (MessagingException e) {
      // Past the connection we cannot tell whether the server queued the message before failing.
      throw new SendFailure("SMTP error: " + e.getMessage(), false, true, e);
    }
  }
}
