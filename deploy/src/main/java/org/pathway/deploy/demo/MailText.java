package org.pathway.deploy.demo;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a person reads in a mail: its plain-text part, decoded, and the links in it. The notifier
 * sends text and HTML alternatives; the text one is what a phone's mail app falls back to, so a
 * link that works there works everywhere.
 */
public final class MailText {

  private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"')]+");

  private MailText() {}

  /** The first {@code text/plain} part of {@code part}, decoded; empty text if there is none. */
  public static String of(Part part) {
    try {
      return plain(part).orElse("");
    } catch (MessagingException | IOException e) {
      throw new IllegalStateException("unreadable mail: " + e.getMessage(), e);
    }
  }

  /** Every http(s) URL in {@code text}, in order, without trailing punctuation. */
  public static List<String> links(String text) {
    List<String> links = new ArrayList<>();
    Matcher m = URL.matcher(text);
    while (m.find()) {
      links.add(m.group().replaceAll("[.,;:!?]+$", ""));
    }
    return links;
  }

  /** The first link in {@code part}'s text that starts with {@code prefix}. */
  public static Optional<String> linkStartingWith(Part part, String prefix) {
    return links(of(part)).stream().filter(l -> l.startsWith(prefix)).findFirst();
  }

  private static Optional<String> plain(Part part) throws MessagingException, IOException {
    if (part.isMimeType("text/plain")) {
      return Optional.of(String.valueOf(part.getContent()));
    }
    if (part.isMimeType("multipart/*")) {
      Multipart multipart = (Multipart) part.getContent();
      for (int i = 0; i < multipart.getCount(); i++) {
        BodyPart child = multipart.getBodyPart(i);
        Optional<String> text = plain(child);
        if (text.isPresent()) {
          return text;
        }
      }
    }
    return Optional.empty();
  }
}
