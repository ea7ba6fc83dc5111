package org.pathway.notifier.template;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import org.pathway.events.notifications.NotificationTemplate;
import org.pathway.events.notifications.NotificationTemplates;

/** Renders a template from request fields, keeping only the fields its audience may see. */
public final class Renderer {

  private static final String RESPOND_URL = NotificationTemplate.RESPOND_URL;

  private Renderer() {}

  /**
   * Renders {@code template}. Fields outside the audience allowlist are dropped before rendering,
   * so they cannot appear in any part of the output, whatever the template says. A field written
   * under a former name (by an older router) is read under its current one.
   */
  public static RenderedMessage render(Template template, Map<String, String> fields) {
    Map<String, String> requestFields = NotificationTemplates.currentNames(fields);
    Map<String, String> allowed = new TreeMap<>();
    for (String name : Allowlists.of(template.audience())) {
      String value = requestFields.get(name);
      if (value != null) {
        allowed.put(name, value);
      }
    }
    String subject = oneLine(fill(template.subject(), allowed));
    String text = fill(withoutEmptyLink(template.body(), allowed), allowed).strip();
    return new RenderedMessage(
        subject, text, toHtml(subject, text, link(allowed.get(RESPOND_URL))), allowed);
  }

  /** Escapes {@code s} for HTML text and attribute values. */
  public static String escapeHtml(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static String fill(String pattern, Map<String, String> fields) {
    Matcher m = Template.placeholderPattern().matcher(pattern);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(fields.getOrDefault(m.group(1), "")));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * The body without its answer line when the request has no link (written by a router older than
   * signed links, still on the topic): "Answer here:" followed by nothing helps no one.
   */
  private static String withoutEmptyLink(String body, Map<String, String> fields) {
    if (link(fields.get(RESPOND_URL)) != null) {
      return body;
    }
    String placeholder = "{{" + RESPOND_URL + "}}";
    StringBuilder kept = new StringBuilder();
    for (String line : body.split("\n", -1)) {
      if (!line.contains(placeholder)) {
        kept.append(line).append('\n');
      }
    }
    return kept.toString();
  }

  // A subject with a newline in it would let a field inject mail headers.
  private static String oneLine(String s) {
    return s.replaceAll("[\\r\\n]+", " ").strip();
  }

  /** The signed link to answer with, if it is one a mail client may open: http(s) only. */
  private static String link(String respondUrl) {
    if (respondUrl == null) {
      return null;
    }
    String lower = respondUrl.toLowerCase(Locale.ROOT);
    boolean web = lower.startsWith("https://") || lower.startsWith("http://");
    return web && respondUrl.chars().noneMatch(c -> Character.isWhitespace(c)) ? respondUrl : null;
  }

  // The HTML part is the text part, escaped as a whole: no value can open a tag. The one link is
  // the signed respondUrl, made clickable where the text shows it (escaped in the attribute too).
  private static String toHtml(String subject, String text, String respondUrl) {
    StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\">");
    html.append("<title>").append(escapeHtml(subject)).append("</title></head><body>");
    String shown = respondUrl == null ? null : escapeHtml(respondUrl);
    for (String paragraph : text.split("\\n\\s*\\n")) {
      String escaped = escapeHtml(paragraph.strip());
      if (shown != null) {
        escaped = escaped.replace(shown, "<a href=\"" + shown + "\">" + shown + "</a>");
      }
      html.append("<p>").append(escaped.replace("\n", "<br>")).append("</p>");
    }
    return html.append("</body></html>").toString();
  }
}
