package org.pathway.deploy.demo;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A real SMTP server (GreenMail) for dev mode. Mail sent to it can be read three ways: any IMAP
 * client, the {@code .eml} files it writes under the data directory, and {@link #received()}.
 */
public final class DevMailServer implements AutoCloseable {

  private final GreenMail greenMail;
  private final Path mailDir;
  private int saved;

  private DevMailServer(GreenMail greenMail, Path mailDir) {
    this.greenMail = greenMail;
    this.mailDir = mailDir;
  }

  /** Starts SMTP on {@code smtpPort} and IMAP on {@code imapPort} (0 picks free ports). */
  public static DevMailServer start(int smtpPort, int imapPort, Path mailDir) throws IOException {
    Files.createDirectories(mailDir);
    GreenMail greenMail =
        new GreenMail(
            new ServerSetup[] {
              new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
              new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)
            });
    // Accept any recipient and any login: it is a local sink, not a mail service.
    greenMail.withConfiguration(
        com.icegreen.greenmail.configuration.GreenMailConfiguration.aConfig()
            .withDisabledAuthentication());
    greenMail.start();
    return new DevMailServer(greenMail, mailDir);
  }

  public int smtpPort() {
    return greenMail.getSmtp().getPort();
  }

  public int imapPort() {
    return greenMail.getImap().getPort();
  }

  /** A message and when this server stored it, to the millisecond (its Date header has seconds). */
  public record Arrival(MimeMessage message, Instant at) {}

  /** Every message received so far with its arrival time, oldest first. */
  public List<Arrival> arrivals() {
    return greenMail.getManagers().getImapHostManager().getAllMessages().stream()
        .map(m -> new Arrival(m.getMimeMessage(), m.getReceivedDate().toInstant()))
        .sorted(Comparator.comparing(Arrival::at))
        .toList();
  }

  /** The latest mail whose subject names {@code reference} (templates put it there). */
  public Optional<Arrival> latestAbout(String reference) {
    return latest(
        m -> {
          String subject = m.getSubject();
          return subject != null && subject.contains(reference);
        });
  }

  /** The latest mail to a recipient whose address contains {@code address}. */
  public Optional<Arrival> latestTo(String address) {
    return latest(
        m -> {
          Address[] to = m.getAllRecipients();
          return to != null && Arrays.stream(to).anyMatch(r -> r.toString().contains(address));
        });
  }

  /** A test on a message that may find its headers unreadable. */
  private interface MessageTest {
    boolean test(MimeMessage message) throws MessagingException;
  }

  private Optional<Arrival> latest(MessageTest test) {
    return arrivals().stream()
        .filter(
            a -> {
              try {
                return test.test(a.message());
              } catch (MessagingException e) {
                return false;
              }
            })
        .reduce((first, second) -> second);
  }

  /** Every message received so far, oldest first. */
  public List<MimeMessage> received() {
    return List.of(greenMail.getReceivedMessages());
  }

  /**
   * Writes messages not yet saved to {@code .eml} files and returns their subjects, so the dev
   * console can say what arrived.
   */
  public synchronized List<String> saveNew() throws IOException, MessagingException {
    List<MimeMessage> all = received();
    List<String> subjects = new java.util.ArrayList<>();
    for (; saved < all.size(); saved++) {
      MimeMessage message = all.get(saved);
      try (OutputStream out =
          Files.newOutputStream(mailDir.resolve(String.format("%04d.eml", saved + 1)))) {
        message.writeTo(out);
      }
      subjects.add(
          String.join(",", List.of(message.getHeader("To"))) + ": " + message.getSubject());
    }
    return subjects;
  }

  @Override
  public void close() {
    greenMail.stop();
  }
}
