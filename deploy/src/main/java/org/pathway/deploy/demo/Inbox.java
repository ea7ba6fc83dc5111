package org.pathway.deploy.demo;

import jakarta.mail.MessagingException;
import java.time.Instant;

/**
 * The demo's view of the people's mailboxes: who was emailed what, the signed link each mail
 * carried (the first link to the portal's {@code /l/}) and the correlation id in its header.
 */
final class Inbox {

  private static final String CORRELATION_HEADER = "X-Correlation-ID";

  private final DevMailServer mail;
  private final String portalUrl;

  Inbox(DevMailServer mail, String portalUrl) {
    this.mail = mail;
    this.portalUrl = portalUrl;
  }

  /** Whoever received {@code email}, with the signed link and the correlation id it carried. */
  PersonAtLink personAt(String name, DevMailServer.Arrival email) {
    String correlation = correlationOf(email);
    if (correlation == null) {
      throw new HopFailed("the email to " + name + " carries no " + CORRELATION_HEADER, null);
    }
    String link =
        MailText.linkStartingWith(email.message(), portalUrl + "/l/")
            .orElseThrow(
                () ->
                    new HopFailed(
                        "the email to " + name + " carries no link to " + portalUrl + "/l/", null));
    return new PersonAtLink(name, link, correlation);
  }

  /**
   * The newest mail to whoever received {@code earlier}, arrived since {@code after}, whose text
   * says {@code words}; null until one comes.
   */
  DevMailServer.Arrival mailTo(DevMailServer.Arrival earlier, Instant after, String words) {
    String to = header(earlier, "To");
    return mail.arrivals().stream()
        .filter(a -> !a.at().isBefore(after))
        .filter(a -> to.equals(header(a, "To")))
        .filter(a -> MailText.of(a.message()).contains(words))
        .reduce((first, second) -> second)
        .orElse(null);
  }

  /** The {@code X-Correlation-ID} header the email arrived with, or null. */
  static String correlationOf(DevMailServer.Arrival arrival) {
    return header(arrival, CORRELATION_HEADER);
  }

  private static String header(DevMailServer.Arrival arrival, String name) {
    try {
      return arrival.message().getHeader(name, ",");
    } catch (MessagingException e) {
      throw new HopFailed("unreadable email headers", e);
    }
  }
}
